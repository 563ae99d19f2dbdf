"""marketplace_search with a site profile against a local marketplace that misbehaves."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fixtures.trueque_site import ADS, DELETED
from tests.spiders.formats.fake_marketplace import BROKEN, marketplace
from tests.spiders.formats.harness import CrawlResult, run_spider
from tests.spiders.formats.server import LocalServer

PROFILE = "tests/fixtures/profiles/trueque.yaml"


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with LocalServer(marketplace) as srv:
        yield srv


@pytest.fixture(scope="module")
def browse(server: LocalServer) -> CrawlResult:
    return run_spider("marketplace_search", {"profile": PROFILE, "base_url": server.url})


def _ids(crawl: CrawlResult) -> set[str]:
    return {str(i["platform_id"]) for i in crawl.items}


def test_browse_reads_every_page_to_the_last(browse: CrawlResult, server: LocalServer) -> None:
    expected = {f"T-{a.id}" for a in ADS if a.id not in DELETED and a is not BROKEN}
    assert _ids(browse) == expected
    assert sorted(r.arg("p") for r in server.requests if r.path == "/explorar") == [
        "1",
        "2",
        "2",
        "3",
    ]
    assert browse.stat("wildwatch/marketplace/max_pages_reached") == 0


def test_rate_limited_page_is_read_after_retry_after(browse: CrawlResult) -> None:
    assert browse.stat("wildwatch/retry_after/honoured") == 1
    assert browse.stat("wildwatch/fetch_errors/http_429") == 0
    assert "T-15" in _ids(browse)  # a listing of page 2


def test_deleted_listing_is_counted(browse: CrawlResult) -> None:
    assert browse.stat("wildwatch/fetch_errors/http_404") == len(DELETED)


def test_cut_off_listing_page_is_counted_not_invented(browse: CrawlResult) -> None:
    assert browse.stat("wildwatch/parse_errors/empty_detail") == 1
    assert browse.reason == "finished"


def test_empty_and_broken_searches(server: LocalServer) -> None:
    kwargs = {"profile": PROFILE, "base_url": server.url, "queries": "guacamaya,zzzqqq,roto"}
    result = run_spider("marketplace_search", kwargs)
    assert _ids(result) == {
        f"T-{a.id}" for a in ADS if "Guacamaya" in a.title and a.id not in DELETED
    }
    assert result.stat("wildwatch/marketplace/empty_result_pages") == 1
    assert result.stat("wildwatch/parse_errors/results_not_found") == 1
    assert result.reason == "finished"
