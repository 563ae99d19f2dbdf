"""NormalizePipeline and DedupePipeline on real-world and hostile items."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.items import ListingItem
from crawler.pipelines.dedupe import DedupePipeline
from crawler.pipelines.normalize import NormalizePipeline
from crawler.pipelines.pricing import parse_price


def _crawler(**settings: Any) -> Crawler:
    crawler = get_crawler(settings_dict=settings)
    crawler.stats.open_spider()
    return crawler


def _item(**fields: Any) -> ListingItem:
    base: dict[str, Any] = {
        "platform": "demo_market",
        "source_url": "http://127.0.0.1:8710/l/1",
        "title": "Guacamayo",
        "text": "Vendo guacamayo azul",
    }
    base.update(fields)
    return ListingItem(**base)


@pytest.fixture
def normalize() -> NormalizePipeline:
    return NormalizePipeline.from_crawler(_crawler())


@pytest.mark.parametrize(
    ("raw", "country", "amount", "currency"),
    [
        ("1.500", "MX", 1500.0, None),
        ("$ 1.500", "MX", 1500.0, "MXN"),
        ("$2,300", "AR", 2300.0, "ARS"),
        ("350.000", "CO", 350000.0, None),
        ("$ 350.000", "CO", 350000.0, "COP"),
        ("R$ 1.200,00", "BR", 1200.0, "BRL"),
        ("R$ 80", None, 80.0, "BRL"),
        ("US$ 1,500.50", "EC", 1500.5, "USD"),
        ("$ 12.000 COP", "MX", 12000.0, "COP"),
        ("S/ 120", "PE", 120.0, "PEN"),
        ("800 soles", None, 800.0, "PEN"),
        ("€1.234,56", None, 1234.56, "EUR"),
        ("1.5 mil", "AR", 1500.0, None),
        ("$ 3 mil pesos", "MX", 3000.0, "MXN"),
        ("a tratar", "AR", None, None),
        ("consultar", "MX", None, None),
        ("precio por inbox", "MX", None, None),
        ("$", "US", None, "USD"),
        ("9" * 60, None, None, None),
    ],
)
def test_prices_as_people_write_them(
    raw: str, country: str | None, amount: float | None, currency: str | None
) -> None:
    assert parse_price(raw, country) == (amount, currency)


def test_the_pipeline_parses_price_raw_only_when_price_is_missing(
    normalize: NormalizePipeline,
) -> None:
    parsed = normalize.process_item(_item(price_raw="R$ 1.200,00", country="br"))
    kept = normalize.process_item(_item(price_raw="R$ 1.200,00", price=999.0, currency="usd"))
    assert (parsed.price, parsed.currency, parsed.country) == (1200.0, "BRL", "BR")
    assert (kept.price, kept.currency) == (999.0, "USD")


@pytest.mark.parametrize(
    ("fields", "phones", "whatsapp"),
    [
        ({"whatsapp": ["+55 11 91234-5678"]}, [], ["+5511912345678"]),
        ({"whatsapp": ["(11) 91234-5678"], "country": "BR"}, [], ["+5511912345678"]),
        ({"phones": ["55 1234 5678", "55-1234-5678"], "country": "MX"}, ["+525512345678"], []),
        ({"phones": ["300 123 4567"], "country": "CO"}, ["+573001234567"], []),
        ({"phones": ["no tengo", "123"], "country": "AR"}, [], []),
        ({"text": "Vendo loro. WhatsApp 55 1234 5678", "country": "MX"}, [], ["+525512345678"]),
        ({"text": "Chama no zap (11) 91234-5678", "country": "BR"}, [], ["+5511912345678"]),
        ({"text": "Llamar al +57 300 123 4567"}, ["+573001234567"], []),
        ({"text": "escribe a wa.me/5215512345678"}, [], ["+525512345678"]),
    ],
)
def test_phones_to_e164_and_from_text(
    normalize: NormalizePipeline, fields: dict[str, Any], phones: list[str], whatsapp: list[str]
) -> None:
    item = normalize.process_item(_item(**fields))
    assert (item.phones, item.whatsapp) == (phones, whatsapp)


def test_emails_from_text_are_lower_case(normalize: NormalizePipeline) -> None:
    item = normalize.process_item(_item(text="Info: Ventas.Exoticas@Gmail.com o inbox"))
    assert item.emails == ["ventas.exoticas@gmail.com"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Vendo guacamayo azul, entrega inmediata en CDMX, solo interesados", "es"),
        ("Vendo filhote de papagaio verdadeiro, chama no zap, entrego em São Paulo", "pt"),
        ("Selling a baby parrot, hand fed, shipping available across the state", "en"),
        ("🦜🦜🦜", None),
    ],
)
def test_language_is_detected_when_the_spider_did_not_say(
    normalize: NormalizePipeline, text: str, language: str | None
) -> None:
    assert normalize.process_item(_item(title="", text=text)).language == language


def test_spider_language_is_kept(normalize: NormalizePipeline) -> None:
    assert normalize.process_item(_item(language="PT")).language == "pt"


@pytest.mark.parametrize(
    ("fields", "title", "text"),
    [
        ({"title": "  Guacamayo\n azul  "}, "Guacamayo azul", "Vendo guacamayo azul"),
        (
            {"text": "<p>Vendo <b>tucán</b></p><script>x()</script>&amp; jaula"},
            "Guacamayo",
            "Vendo tucán\n& jaula",
        ),
        ({"text": "NiÃ±o vende cafÃ© y loro"}, "Guacamayo", "Niño vende café y loro"),
        (
            {"text": "Loro\x00\x07 hablador\u200b\r\n\r\n\r\n\r\nlisto"},
            "Guacamayo",
            "Loro hablador\u200b\n\nlisto",
        ),
        ({"text": "Cafe\u0301 con loro"}, "Guacamayo", "Café con loro"),
    ],
    ids=["whitespace", "html", "mojibake", "controls", "nfc"],
)
def test_text_is_cleaned(
    normalize: NormalizePipeline, fields: dict[str, Any], title: str, text: str
) -> None:
    item = normalize.process_item(_item(**fields))
    assert (item.title, item.text) == (title, text)


def test_fetched_at_is_utc(normalize: NormalizePipeline) -> None:
    local = datetime(2025, 5, 1, 10, 0, tzinfo=timezone(timedelta(hours=-3)))
    assert normalize.process_item(_item(fetched_at=local)).fetched_at == local
    assert normalize.process_item(_item(fetched_at=local)).fetched_at.tzinfo is UTC  # type: ignore[union-attr]
    fresh = normalize.process_item(_item())
    assert fresh.fetched_at is not None and fresh.fetched_at.tzinfo is UTC


def test_canonical_url_defaults_to_the_canonicalised_source(normalize: NormalizePipeline) -> None:
    item = normalize.process_item(_item(source_url="http://127.0.0.1:8710/l?b=2&a=1#top"))
    assert item.canonical_url == "http://127.0.0.1:8710/l?a=1&b=2"


@pytest.mark.parametrize(
    ("thing", "reason"),
    [
        ({"platform": "demo", "text": "dict, not an item"}, "not_listing_item"),
        (_item(title="", text="   \n\t "), "no_text"),
        (_item(title="<br><p></p>", text="<div></div>"), "no_text"),
        (_item(source_url=""), "no_url"),
        (_item(source_url="javascript:void(0)"), "no_url"),
        (_item(platform="  "), "no_platform"),
    ],
)
def test_unusable_items_are_dropped_with_a_counted_reason(thing: Any, reason: str) -> None:
    crawler = _crawler()
    pipeline = NormalizePipeline.from_crawler(crawler)
    with pytest.raises(DropItem, match=reason):
        pipeline.process_item(thing)
    assert crawler.stats.get_value(f"wildwatch/dropped/{reason}") == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"text": "x" * 1_000_000 + " +55 11 91234-5678"},
        {"text": bytes(range(256)) * 100},  # binary garbage where text should be
        {"text": "🦜" * 10_000, "title": "🐢"},
        {"title": "\udcff\udcfe", "text": "\x00" * 1000 + "loro"},
        {"price_raw": "\x00" * 10_000, "phones": ["+" * 500, "9" * 500]},
        {"price": float("inf"), "currency": "💰", "country": "Narnia"},
        {"image_urls": ["ftp://x", "http://127.0.0.1/a.jpg"] * 100, "status": "haunted"},
        {"seller_handle": "@" * 100_000, "emails": ["@@@", "a@b"]},
    ],
    ids=["1mb", "binary", "emoji", "surrogates", "garbage-price", "inf", "lists", "long-handle"],
)
def test_hostile_items_never_crash(fields: dict[str, Any]) -> None:
    crawler = _crawler()
    pipeline = NormalizePipeline.from_crawler(crawler)
    item = pipeline.process_item(_item(**fields))
    assert item.title or item.text
    assert len(item.text) <= 100_000
    assert "\x00" not in item.text + item.title
    assert item.status in ("active", "removed", "sold")
    assert item.price is None or item.price < 1e13
    item.text.encode("utf-8")  # no lone surrogates left


def test_long_text_is_cut_and_counted() -> None:
    crawler = _crawler(WILDWATCH_NORMALIZE_MAX_TEXT=1000)
    item = NormalizePipeline.from_crawler(crawler).process_item(_item(text="loro " * 1000))
    assert len(item.text) <= 1000
    assert crawler.stats.get_value("wildwatch/normalize/text_truncated") == 1


def test_same_key_twice_in_a_run_is_a_counted_duplicate() -> None:
    crawler = _crawler()
    dedupe = DedupePipeline.from_crawler(crawler)
    dedupe.process_item(_item(platform_id="7"))
    dedupe.process_item(_item(platform_id="7", platform="other"))
    with pytest.raises(DropItem, match="duplicate_in_run"):
        dedupe.process_item(_item(platform_id="7", title="edited"))
    assert crawler.stats.get_value("wildwatch/dropped/duplicate_in_run") == 1
