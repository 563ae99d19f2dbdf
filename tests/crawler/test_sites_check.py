"""`wildwatch sites check` on a marketplace layout no spider knew, and a full crawl of it.

The Trueque Verde test site (tests/fixtures/trueque_site.py) and its profile
(tests/fixtures/profiles/trueque.yaml) stand for an analyst adding a new marketplace: one YAML
file, checked with `sites check`, then crawled whole by `marketplace_search` (and through its
sitemap by `sitemap_listings`) with no code change.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crawler.commands.sites import app
from tests.fixtures.trueque_site import TruequeSite, live_ads
from tests.spiders.formats.harness import REPO, run_spider

PROFILE = REPO / "tests" / "fixtures" / "profiles" / "trueque.yaml"


@pytest.fixture(scope="module")
def site() -> Iterator[TruequeSite]:
    with TruequeSite() as served:
        yield served


def sites_check(*args: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    """Run the command in its own process (each check starts a Twisted reactor)."""
    env = {**os.environ, "COLUMNS": "200", "WILDWATCH_DATA_DIR": str(tmp)}
    return subprocess.run(
        [sys.executable, "-m", "crawler.commands.sites", "check", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_shows_what_each_selector_found(site: TruequeSite, tmp_path: Path) -> None:
    done = sites_check(str(PROFILE), "--query", "loro", "--base-url", site.url, tmp=tmp_path)
    out = done.stderr
    assert done.returncode == 0, out
    for expected in (
        "#hits div.hit",  # selectors shown as written (not eaten as markup)
        'xpath://dl[@class="datos"]/dt[.="Precio"]/following-sibling::dd[1]',
        "link[rel=next]::attr(href)",
        "COP 180.000",
        "3 on 3/3 pages",
        "T-3",  # the first result's id: detail values are shown in result order
        "every required selector found something",
    ):
        assert expected in out


def test_check_highlights_missing_required_selectors(site: TruequeSite, tmp_path: Path) -> None:
    broken = tmp_path / "trueque_old.yaml"
    broken.write_text(
        PROFILE.read_text(encoding="utf-8").replace("h2.ficha__titulo", "h1.titulo"),
        encoding="utf-8",
    )
    done = sites_check(str(broken), "--base-url", site.url, "--details", "1", tmp=tmp_path)
    assert done.returncode == 1
    assert "MISSING (required)" in done.stderr
    assert "Required selectors found nothing: detail.title" in done.stderr


def test_check_says_when_search_found_nothing(site: TruequeSite, tmp_path: Path) -> None:
    done = sites_check(str(PROFILE), "-q", "nada", "--base-url", site.url, tmp=tmp_path)
    assert done.returncode == 1
    assert "no results: try another --query" in done.stderr


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("results:", "resultados:"), "resultados: unknown key"),
        (('  item: "#hits div.hit"', '  item: "#hits div["'), "results.item: invalid CSS selector"),
        (
            ("title: h2.ficha__titulo", "title: xpath://h2[@class="),
            "detail.title: invalid XPath selector",
        ),
        (("  title: h2.ficha__titulo\n", ""), "detail.title: required key is missing"),
        (("browser: false", "browser: [false"), "not valid YAML at line"),
    ],
)
def test_invalid_profiles_get_clear_messages(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    text = PROFILE.read_text(encoding="utf-8")
    assert change[0] in text
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(bad)], env={"COLUMNS": "300"})
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


def test_bundled_profiles_are_valid() -> None:
    result = CliRunner().invoke(app, ["list"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output


def test_profile_alone_crawls_the_whole_site(site: TruequeSite) -> None:
    result = run_spider(
        "marketplace_search", {"profile": str(PROFILE), "base_url": site.url, "max_pages": "10"}
    )
    live = {f"T-{ad.id}": ad for ad in live_ads()}
    items = result.by_id()
    assert set(items) == set(live)
    sample = items["T-6"]
    assert sample["title"] == live["T-6"].title
    assert sample["price_raw"] == live["T-6"].price
    assert sample["location"] == live["T-6"].city
    assert sample["whatsapp"] == ["+573000000006"]
    assert sample["image_urls"] == [f"{site.url}/fotos/6-1.jpg", f"{site.url}/fotos/6-2.jpg"]
    assert (sample["language"], sample["country"], sample["currency"]) == ("es", "CO", "COP")
    assert sample["posted_at"] == "2025-11-06T17:00:00+00:00"


def test_same_profile_reads_the_sitemap(site: TruequeSite) -> None:
    result = run_spider(
        "sitemap_listings",
        {"sitemaps": f"{site.url}/robots.txt", "pattern": r"/v/", "profile": str(PROFILE)},
    )
    active = {i["platform_id"] for i in result.items if i["status"] == "active"}
    removed = [i for i in result.items if i["status"] == "removed"]
    assert active == {f"T-{ad.id}" for ad in live_ads()}
    assert len(removed) == 1 and removed[0]["source_url"].endswith("-17.html")
    assert {i["platform"] for i in result.items} == {"trueque"}
