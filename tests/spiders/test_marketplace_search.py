"""marketplace_search against the demo marketplaces: full browse, search, robots, the browser."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from demo import Defect, DemoWorld
from spiders.site_profile import PROFILES_DIR
from tests.spiders.formats.harness import CrawlResult, run_spider


@pytest.fixture(scope="module")
def browse(demo_world: DemoWorld) -> CrawlResult:
    """One crawl of every category of mercado_es (the demo world's server-rendered site)."""
    kwargs = {
        "profile": "mercado_es",
        "base_url": demo_world.urls["mercado_es"],
        "max_pages": "100",
    }
    return run_spider("marketplace_search", kwargs, timeout=120)


def _by_url(crawl: CrawlResult) -> dict[str, dict]:
    return {item["canonical_url"]: item for item in crawl.items}


def test_browse_reaches_every_listing_but_the_broken_one(
    demo_world: DemoWorld, browse: CrawlResult
) -> None:
    posts = demo_world.posts_on("mercado_es")
    reachable = {demo_world.post_url(p) for p in posts if p.defect is not Defect.SERVER_ERROR}
    assert set(_by_url(browse)) == reachable
    assert browse.stat("wildwatch/fetch_errors/http_500") == 1
    assert browse.reason == "finished"


def test_listing_fields_match_the_page(demo_world: DemoWorld, browse: CrawlResult) -> None:
    items = _by_url(browse)
    for post in demo_world.posts_on("mercado_es"):
        if post.defect is Defect.SERVER_ERROR:
            continue
        item = items[demo_world.post_url(post)]
        assert (item["platform"], item["platform_id"]) == ("mercado_es", post.post_id)
        assert item["title"] == post.title, post.defect
        assert item["price_raw"] == post.price_raw
        assert item["currency"] == ("MXN" if post.price_raw and post.country == "MX" else None)
        assert item["seller_name"] == post.seller and item["seller_handle"] == post.seller_handle
        assert item["whatsapp"] == ([f"+{post.whatsapp}"] if post.whatsapp else [])
        assert item["country"] == post.country and item["language"] == "es"
        assert item["posted_at"] == post.posted_at.isoformat()
        shown = 1 if post.defect is Defect.TAG_SOUP else len(post.images)  # old template: one photo
        assert len(item["image_urls"]) == shown
        assert item["fetched_at"]


@pytest.mark.parametrize(
    "defect",
    [
        Defect.MISSING_TITLE,
        Defect.MISSING_PRICE,
        Defect.BAD_ENCODING,
        Defect.NO_CHARSET,
        Defect.TAG_SOUP,
        Defect.SLOW,
    ],
)
def test_broken_pages_still_give_their_listing(
    demo_world: DemoWorld, browse: CrawlResult, defect: Defect
) -> None:
    items = _by_url(browse)
    for post in (p for p in demo_world.posts if p.defect is defect and p.site == "mercado_es"):
        item = items[demo_world.post_url(post)]
        assert item["title"] == post.title  # "" when missing; accents right when mis-encoded
        assert item["text"] and "\ufffd" not in item["text"]
    if defect is Defect.BAD_ENCODING:
        assert browse.stat("wildwatch/encoding_repaired") == 2


def test_search_covers_every_result_page_and_reports_empty_searches(demo_world: DemoWorld) -> None:
    kwargs = {
        "profile": "mercado_es",
        "base_url": demo_world.urls["mercado_es"],
        "queries": "peluche,zzzqqq",
        "max_pages": "50",
    }
    crawl = run_spider("marketplace_search", kwargs)
    expected = [
        p for p in demo_world.posts_on("mercado_es") if "peluche" in f"{p.title} {p.text}".lower()
    ]
    assert len(expected) > 20  # more than one page
    assert {i["canonical_url"] for i in crawl.items} == {demo_world.post_url(p) for p in expected}
    assert crawl.stat("wildwatch/marketplace/empty_result_pages") == 1
    assert crawl.stat("wildwatch/marketplace/max_pages_reached") == 0


def test_max_pages_and_robots(demo_world: DemoWorld, tmp_path: Path) -> None:
    profile = yaml.safe_load((PROFILES_DIR / "mercado_es.yaml").read_text(encoding="utf-8"))
    profile["browse_urls"] = ["/cuenta/favoritos?page={page}", "/categoria/animales?page={page}"]
    path = tmp_path / "mercado_private.yaml"
    path.write_text(yaml.safe_dump(profile), encoding="utf-8")
    kwargs = {"profile": str(path), "base_url": demo_world.urls["mercado_es"], "max_pages": "1"}
    crawl = run_spider("marketplace_search", kwargs)
    assert crawl.stat("robotstxt/forbidden") == 1  # /cuenta/ is disallowed and never fetched
    assert len(crawl.items) == 20  # one page of animales
    assert crawl.stat("wildwatch/marketplace/max_pages_reached") == 1


@pytest.mark.browser
def test_js_marketplace_through_the_browser(demo_world: DemoWorld) -> None:
    kwargs = {
        "profile": "feira_pt",
        "base_url": demo_world.urls["feira_pt"],
        "queries": "arara,zzzqqq",
        "max_pages": "1",
    }
    started = time.monotonic()
    crawl = run_spider("marketplace_search", kwargs, timeout=120)
    elapsed = time.monotonic() - started
    expected = {
        demo_world.post_url(p): p
        for p in demo_world.posts_on("feira_pt")
        if "arara" in f"{p.title} {p.text}".lower().replace("-", " ").split()
    }
    assert expected and len(expected) <= 20
    items = _by_url(crawl)
    assert set(items) == set(expected)
    for url, post in expected.items():
        item = items[url]
        assert (item["title"], item["text"], item["price_raw"]) == (
            post.title,
            post.text,
            post.price_raw,
        )
        assert item["seller_name"] == post.seller and item["language"] == "pt"
        assert item["whatsapp"] == ([f"+{post.whatsapp}"] if post.whatsapp else [])
    assert crawl.stat("wildwatch/marketplace/empty_result_pages") == 1
    assert elapsed < 60
