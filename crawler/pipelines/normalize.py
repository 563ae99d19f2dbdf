"""NormalizePipeline: clean every ListingItem before it is deduplicated and stored.

Text to NFC with mojibake fixed (ftfy), HTML leftovers and control characters removed;
price and currency parsed from ``price_raw``; phones and WhatsApp numbers to E.164 (the
listing's country as region hint), and found in the text when the spider listed none;
language detected with lingua when the spider did not set it; ``fetched_at`` in UTC.

Settings: ``WILDWATCH_NORMALIZE_ENABLED`` (bool, True), ``WILDWATCH_NORMALIZE_LANGUAGES``
(list of ISO 639-1 codes, ``es pt en fr de it id zh vi th``), ``WILDWATCH_NORMALIZE_MAX_TEXT``
(int, 100000 characters). Drops (``wildwatch/dropped/<reason>``): ``not_listing_item``,
``no_platform``, ``no_url``, ``no_text``. Stats: ``wildwatch/normalize/<what>``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from w3lib.url import canonicalize_url

from crawler.items import ListingItem
from crawler.pipelines.cleaning import MAX_LINE, clean_line, clean_text, to_text
from crawler.pipelines.contacts import (
    canonical_emails,
    canonical_phones,
    canonical_urls,
    emails_in_text,
    phones_in_text,
    unique,
)
from crawler.pipelines.drops import drop
from crawler.pipelines.language import DEFAULT_LANGUAGES, detect_language, known_codes
from crawler.pipelines.pricing import parse_price
from storage.contact_values import region_hint

STATUSES = ("active", "removed", "sold")
MAX_IMAGES = 50


def _http_url(value: Any) -> str:
    url = " ".join(to_text(value).split())[:4000]
    return url if url.lower().startswith(("http://", "https://")) else ""


def _utc(value: Any) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class NormalizePipeline:
    """Cleans text, prices, contacts, language and times of each ListingItem."""

    STATS = "wildwatch/normalize"

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("WILDWATCH_NORMALIZE_ENABLED", True):
            raise NotConfigured("WILDWATCH_NORMALIZE_ENABLED is off")
        self.crawler = crawler
        self.stats = crawler.stats
        codes = settings.getlist("WILDWATCH_NORMALIZE_LANGUAGES", list(DEFAULT_LANGUAGES))
        self.languages = known_codes(codes)
        self.max_text = settings.getint("WILDWATCH_NORMALIZE_MAX_TEXT", 100_000)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalizePipeline:
        return cls(crawler)

    def _count(self, what: str, n: int = 1) -> None:
        if n:
            self.stats.inc_value(f"{self.STATS}/{what}", n)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ListingItem):
            raise drop(self.stats, "not_listing_item", type(item).__name__)
        item.platform = clean_line(item.platform, 100)
        if not item.platform:
            raise drop(self.stats, "no_platform", item.source_url[:200])
        self._urls(item)
        self._texts(item)
        if not item.title and not item.text:
            raise drop(self.stats, "no_text", item.source_url[:200])
        self._price(item)
        self._contacts(item)
        if not item.language and self.languages:
            item.language = detect_language(f"{item.title}\n{item.text}", self.languages)
            self._count("language_detected" if item.language else "language_unknown")
        elif item.language:
            item.language = clean_line(item.language, 16).lower() or None
        item.fetched_at = _utc(item.fetched_at) or datetime.now(UTC)
        item.posted_at = _utc(item.posted_at)
        if item.status not in STATUSES:
            item.status = "active"
        self._count("items")
        return item

    def _urls(self, item: ListingItem) -> None:
        item.source_url = _http_url(item.source_url)
        if not item.source_url:
            raise drop(self.stats, "no_url", repr(item.platform_id))
        canonical = _http_url(item.canonical_url)
        item.canonical_url = canonical or canonicalize_url(item.source_url, keep_fragments=False)
        item.platform_id = clean_line(item.platform_id, 300) or None
        item.image_urls = unique(_http_url(u) for u in item.image_urls or [])[:MAX_IMAGES]

    def _texts(self, item: ListingItem) -> None:
        item.title = clean_line(item.title, MAX_LINE)
        item.text, truncated = clean_text(item.text, self.max_text)
        if truncated:
            self._count("text_truncated")
        for name in ("location", "seller_handle", "seller_name", "posted_raw", "price_raw"):
            value = clean_line(getattr(item, name), 300)
            setattr(item, name, value or None)
        item.seller_url = _http_url(item.seller_url) or None
        item.capture_ref = clean_line(item.capture_ref, MAX_LINE) or None
        country = clean_line(item.country, 8).upper()
        item.country = country if region_hint(country) else None

    def _price(self, item: ListingItem) -> None:
        if item.price is not None:
            try:
                price = float(item.price)
            except (TypeError, ValueError):
                price = -1.0
            item.price = price if 0 <= price < 1e13 else None
        if item.price is None and item.price_raw:
            amount, currency = parse_price(item.price_raw, item.country)
            item.price = amount
            item.currency = item.currency or currency
            self._count("price_parsed" if amount is not None else "price_unparsed")
        currency = clean_line(item.currency, 8).upper()
        item.currency = currency if len(currency) == 3 and currency.isalpha() else None

    def _contacts(self, item: ListingItem) -> None:
        item.phones, bad_phones = canonical_phones(item.phones or [], item.country)
        item.whatsapp, bad_wa = canonical_phones(item.whatsapp or [], item.country)
        self._count("bad_phone", bad_phones + bad_wa)
        item.emails = canonical_emails(item.emails or [])
        item.profile_urls = canonical_urls(item.profile_urls or [])
        if not (item.phones or item.whatsapp or item.emails):
            body = f"{item.title}\n{item.text}"
            item.phones, item.whatsapp = phones_in_text(body, item.country)
            item.emails = emails_in_text(body)
            self._count(
                "contacts_from_text", len(item.phones) + len(item.whatsapp) + len(item.emails)
            )
