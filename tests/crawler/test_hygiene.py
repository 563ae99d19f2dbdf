"""Crawl hygiene a site owner would notice: robots.txt, Crawl-delay, User-Agent, conditional GETs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.crawler.hygiene_site import HygieneSite, SiteState
from tests.crawler.runner_helpers import run_runner


def _target(site: HygieneSite) -> list[tuple[str, dict[str, str]]]:
    return [("hygiene_site", {"base_url": site.url})]


def test_robots_disallow_is_obeyed_and_the_user_agent_names_the_project(tmp_path: Path) -> None:
    with HygieneSite(SiteState(posts=12)) as site:
        report, _ = run_runner(_target(site), tmp_path)
    assert report.spiders[0].items_scraped == 12
    assert site.state.hits["/robots.txt"] == 1
    assert not any(path.startswith("/private/") for path in site.state.hits)
    assert set(site.state.agents) == {
        "wildwatch/0.1 (+https://github.com/wildwatch/wildwatch; wildlife-trade research)"
    }


@pytest.mark.parametrize(
    ("robots_delay", "max_delay", "floor", "capped"),
    [("0.5", 30.0, 0.5, False), ("100", 0.4, 0.4, True)],
    ids=["honoured", "capped"],
)
def test_crawl_delay_spaces_requests_even_with_autothrottle(
    tmp_path: Path, robots_delay: str, max_delay: float, floor: float, capped: bool
) -> None:
    state = SiteState(posts=6, robots=f"User-agent: *\nCrawl-delay: {robots_delay}\n")
    with HygieneSite(state) as site:
        report, _ = run_runner(
            _target(site),
            tmp_path,
            {
                "AUTOTHROTTLE_ENABLED": True,
                "AUTOTHROTTLE_START_DELAY": 0,
                "DOWNLOAD_DELAY": 0,
                "WILDWATCH_CRAWL_DELAY_MAX": max_delay,
            },
        )
    assert report.spiders[0].items_scraped == 6
    stamps = sorted(
        t for path, times in state.times.items() if path != "/robots.txt" for t in times
    )
    gaps = [b - a for a, b in zip(stamps, stamps[1:], strict=False)]
    assert len(gaps) >= 6
    # Arrival times at a busy test server jitter a little; the spacing is what counts.
    assert min(gaps) >= floor * 0.5, gaps
    assert sum(gaps) / len(gaps) >= floor * 0.95, gaps
    assert bool(report.spiders[0].stats.get("wildwatch/crawl_delay/capped")) is capped


def test_second_crawl_revalidates_and_unchanged_pages_come_back_as_the_same_items(
    tmp_path: Path,
) -> None:
    state = SiteState(posts=15)
    with HygieneSite(state) as site:
        first, _ = run_runner(_target(site), tmp_path)
        pages = sum(state.hits.values()) - state.hits["/robots.txt"]
        state.prices[4] = 999  # one post edited between the crawls
        second, _ = run_runner(_target(site), tmp_path)
    assert first.spiders[0].not_modified == 0
    assert second.spiders[0].items_scraped == first.spiders[0].items_scraped == 15
    # Every page was asked for conditionally; all but the edited post answered 304.
    conditional = {p: n for p, n in state.conditional.items() if p != "/robots.txt"}
    assert len(conditional) == pages
    assert sum(state.not_modified.values()) - state.not_modified["/robots.txt"] == pages - 1
    assert state.not_modified["/post/4"] == 0
    assert second.spiders[0].not_modified == pages - 1 + state.not_modified["/robots.txt"]
