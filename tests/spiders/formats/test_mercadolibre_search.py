"""mercadolibre_search against a local MercadoLibre API answering as documented."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.spiders.formats.fake_mercadolibre import mercadolibre
from tests.spiders.formats.harness import CrawlResult, run_spider
from tests.spiders.formats.server import LocalServer


@pytest.fixture(scope="module")
def ml_server() -> Iterator[LocalServer]:
    with LocalServer(mercadolibre) as server:
        yield server


@pytest.fixture(scope="module")
def crawl(ml_server: LocalServer) -> CrawlResult:
    return run_spider(
        "mercadolibre_search",
        {
            "sites": "MLM",
            "queries": "loro,nada,roto,limite,mal",
            "page_size": "2",
            "api_url": ml_server.url,
        },
    )


@pytest.mark.parametrize(
    ("item_id", "status", "text", "price", "location", "images"),
    [
        (
            "MLM1",
            "active",
            "Entrega inmediata, solo interesados. Respondo por inbox.",
            15000.0,
            "Zapopan, Jalisco, Mexico",
            ["https://x/1.jpg"],
        ),
        (
            "MLM2",
            "sold",
            "Peluche suave de 30 cm.",
            250.0,
            "Guadalajara, Jalisco",
            ["http://http2.mlstatic.com/D_2-I.jpg"],
        ),
        (
            "MLM3",
            "removed",
            "",
            30000.0,
            "Guadalajara, Jalisco",
            ["http://http2.mlstatic.com/D_3-I.jpg"],
        ),
        ("MLM4", "active", "", 1800.5, "Guadalajara, Jalisco", ["https://x/4.jpg"]),
        (
            "MLM5",
            "active",
            "",
            6000.0,
            "Guadalajara, Jalisco",
            ["http://http2.mlstatic.com/D_5-I.jpg"],
        ),
    ],
)
def test_results_become_listings(
    crawl: CrawlResult,
    item_id: str,
    status: str,
    text: str,
    price: float,
    location: str,
    images: list[str],
) -> None:
    item = crawl.by_id()[item_id]
    assert (item["status"], item["text"], item["price"]) == (status, text, price)
    assert (item["location"], item["image_urls"]) == (location, images)
    assert (item["currency"], item["language"], item["country"]) == ("MXN", "es", "MX")
    assert item["seller_handle"] == f"VENDEDOR{item_id[-1]}"
    assert item["source_url"].startswith("https://articulo.mercadolibre.com.mx/")


def test_pages_by_offset_until_total(crawl: CrawlResult, ml_server: LocalServer) -> None:
    offsets = sorted(int(r.arg("offset")) for r in ml_server.requests if r.arg("q") == "loro")
    assert offsets == [0, 2, 4]
    assert len(crawl.items) == 5


def test_empty_search_asks_no_second_page(crawl: CrawlResult, ml_server: LocalServer) -> None:
    assert [r.arg("offset") for r in ml_server.requests if r.arg("q") == "nada"] == ["0"]


def test_errors_are_counted_and_the_crawl_finishes(crawl: CrawlResult) -> None:
    assert crawl.stat("wildwatch/parse_errors/malformed_json") == 2  # search "roto", item MLM5
    assert crawl.stat("wildwatch/api_errors/mercadolibre/bad_request") == 1
    assert crawl.stat("wildwatch/fetch_errors/http_429") == 1
    assert crawl.reason == "finished"


def test_site_sets_language_country_and_currency(ml_server: LocalServer) -> None:
    result = run_spider(
        "mercadolibre_search", {"sites": "MLB", "queries": "papagaio", "api_url": ml_server.url}
    )
    (item,) = result.items
    assert (item["language"], item["country"], item["currency"]) == ("pt", "BR", "BRL")
    assert item["text"] == "Chama no zap."
    assert item["seller_url"] == "https://mercadolivre.com.br/perfil/ZAPEXOTICOS"
