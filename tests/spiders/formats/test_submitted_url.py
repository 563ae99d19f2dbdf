"""submitted_url: one listing from any page, by structured data first, the browser when needed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from spiders.submitted_url import SubmittedUrlSpider
from tests.spiders.formats.fake_pages import pages
from tests.spiders.formats.harness import CrawlResult, run_spider
from tests.spiders.formats.server import LocalServer


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with LocalServer(pages) as srv:
        yield srv


@pytest.fixture(scope="module")
def crawl(server: LocalServer) -> CrawlResult:
    paths = [
        "/anuncio/guacamaya",
        "/anuncio/morrocoy",
        "/post/123",
        "/soup",
        "/borrado",
        "/photo.png",
        "/ocupado",
    ]
    urls = " ".join(server.url + p for p in paths)
    return run_spider("submitted_url", {"urls": urls, "browser": "never"})


def _by_path(crawl: CrawlResult, path: str) -> dict[str, Any]:
    (item,) = [i for i in crawl.items if i["source_url"].endswith(path)]
    return item


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            "/anuncio/guacamaya",
            {
                "title": "Guacamaya roja bebé",
                "price_raw": "18500",
                "currency": "MXN",
                "seller_name": "Exóticos Norte",
                "location": "Monterrey, NL",
                "status": "active",
                "language": "es",
                "text": "Ejemplar exclusivo, linaje cerrado. Entrega inmediata en CDMX.",
            },
        ),
        (
            "/anuncio/morrocoy",
            {"title": "Tortuga morrocoy adulta", "status": "sold", "currency": "USD"},
        ),
        (
            "/post/123",
            {
                "title": "Filhote de sagui",
                "whatsapp": ["5511987654321"],
                "phones": ["+55 11 98765-4321"],
                "emails": ["sagui@ex.local"],
                "image_urls": ["https://cdn.local/sagui.jpg"],
                "posted_at": "2025-11-21T11:30:00+00:00",
                "language": "pt",
                "canonical_url": "https://feira.local/post/123?utm_source=x",
            },
        ),
        ("/soup", {"title": "Colmillos de jaguar", "price_raw": "4000", "currency": "MXN"}),
        ("/borrado", {"status": "removed", "title": "", "text": ""}),
    ],
)
def test_generic_extraction(crawl: CrawlResult, path: str, expected: dict[str, Any]) -> None:
    item = _by_path(crawl, path)
    assert {k: item[k] for k in expected} == expected
    assert item["platform"] == "127.0.0.1"


def test_rate_limited_page_is_read_after_retry_after(
    crawl: CrawlResult, server: LocalServer
) -> None:
    assert server.url_hits["/ocupado"] == 2
    assert _by_path(crawl, "/ocupado")["title"] == _by_path(crawl, "/anuncio/guacamaya")["title"]
    assert crawl.stat("wildwatch/retry_after/honoured") == 1


def test_images_resolved_against_the_page(crawl: CrawlResult, server: LocalServer) -> None:
    item = _by_path(crawl, "/anuncio/guacamaya")
    assert item["image_urls"] == [f"{server.url}/img/g1.jpg", "https://cdn.local/g2.jpg"]
    assert item["seller_url"] == "/u/exoticos" or item["seller_url"].endswith("/u/exoticos")


def test_post_text_skips_page_chrome(crawl: CrawlResult) -> None:
    text = _by_path(crawl, "/post/123")["text"]
    assert text.startswith("Filhote de sagui, manso")
    assert "(c) Feira" not in text


def test_tag_soup_text_found(crawl: CrawlResult) -> None:
    assert "colmillos naturales" in _by_path(crawl, "/soup")["text"]


def test_binary_page_counted(crawl: CrawlResult) -> None:
    assert crawl.stat("wildwatch/parse_errors/not_a_text_page") == 1
    assert len(crawl.items) == 6


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"urls": "ftp://x.local/a"}, "not web addresses: ftp://x.local/a"),
        ({"urls": ""}, "needs urls="),
        ({"urls": "https://x.local/a", "browser": "sometimes"}, "browser must be one of"),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SubmittedUrlSpider(**kwargs)


@pytest.mark.browser
def test_js_page_is_rendered_in_the_browser(server: LocalServer) -> None:
    result = run_spider("submitted_url", {"urls": server.url + "/shell"})
    (item,) = result.items
    assert item["title"] == "Jabuti piranga filhote"
    assert "chama no pv" in item["text"]
    assert result.stat("wildwatch/submitted/rendered_in_browser") == 1
    assert item["image_urls"] == [f"{server.url}/fotos/jabuti.jpg"]
    assert server.hits["/fotos/jabuti.jpg"] == 0  # the browser never downloads images
