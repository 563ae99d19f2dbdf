"""`wildwatch submit`: posts found by hand are fetched and stored like crawled ones."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer

from crawler.commands.submit import submit_targets
from tests.spiders.formats.fake_pages import pages
from tests.spiders.formats.harness import REPO
from tests.spiders.formats.server import LocalServer

SUBMIT = "import typer; from crawler.commands.submit import submit; typer.run(submit)"


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with LocalServer(pages) as srv:
        yield srv


def run_submit(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "250", "WILDWATCH_DATA_DIR": str(data_dir)}
    env.pop("WILDWATCH_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", SUBMIT, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )


def _row(output: str) -> list[str]:
    (line,) = [ln for ln in output.splitlines() if ln.startswith("│ submitted_url(")]
    return [cell.strip() for cell in line.split("│")[1:-1]]


def test_submitted_posts_are_stored_once(server: LocalServer, tmp_path: Path) -> None:
    urls = [f"{server.url}/anuncio/guacamaya", f"{server.url}/post/123"]
    first = run_submit(*urls, "--no-classify", data_dir=tmp_path)
    assert first.returncode == 0, first.stderr[-2000:]
    # spider | items | new listings | new snapshots | unchanged | ...
    assert _row(first.stderr)[1:5] == ["2", "2", "2", "0"]
    again = run_submit(*urls, "--no-classify", data_dir=tmp_path)
    assert again.returncode == 0, again.stderr[-2000:]
    assert _row(again.stderr)[1:5] == ["2", "0", "0", "2"]


def test_nothing_readable_fails_clearly(server: LocalServer, tmp_path: Path) -> None:
    done = run_submit(f"{server.url}/photo.png", "--no-classify", data_dir=tmp_path)
    assert done.returncode == 1
    assert "No post could be read" in done.stderr


@pytest.mark.parametrize(
    ("urls", "browser", "expected"),
    [
        (
            ["https://a.local/1", "https://a.local/1", "https://b.local/2"],
            False,
            [("submitted_url", {"urls": "https://a.local/1 https://b.local/2", "browser": "auto"})],
        ),
        (
            ["https://a.local/1"],
            True,
            [("submitted_url", {"urls": "https://a.local/1", "browser": "always"})],
        ),
    ],
)
def test_targets(
    urls: list[str], browser: bool, expected: list[tuple[str, dict[str, str]]]
) -> None:
    assert submit_targets(urls, browser) == expected


def test_not_a_web_address_is_refused() -> None:
    with pytest.raises(typer.BadParameter, match="not web addresses: www.example.com"):
        submit_targets(["www.example.com"], False)
