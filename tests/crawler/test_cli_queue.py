"""``wildwatch flagged`` and ``wildwatch serve``: the review queue of a seeded database, run as a
user runs them."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime

import pytest

from storage.db import make_engine, session_factory, upgrade
from tests.crawler.cli_helpers import (
    COMMAND,
    ROOT,
    free_port,
    run_wildwatch,
    table_rows,
    wildwatch_env,
)
from tests.fixtures.factories import make_record, seed_queue

#: (title, score, day of January 2025 it was fetched): score order and newest order differ, and
#: the newest listing is not flagged.
LISTINGS = [
    ("Tucán pico iris", 0.95, 1),
    ("Mono araña bebé", 0.70, 3),
    ("Perezoso de dos dedos", 0.80, 2),
    ("Peluche de loro", 0.20, 4),
]


@pytest.fixture
def seeded_db(sqlite_url: str) -> str:
    """A SQLite database whose queue holds the flagged LISTINGS."""
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    scored = [
        (
            make_record(
                platform_id=str(n),
                title=title,
                source_url=f"https://example.org/a/{n}",
                canonical_url=f"https://example.org/a/{n}",
                fetched_at=datetime(2025, 1, day, 12, 0, tzinfo=UTC),
            ),
            score,
        )
        for n, (title, score, day) in enumerate(LISTINGS)
    ]
    with session_factory(engine).begin() as session:
        seed_queue(session, scored)
    engine.dispose()
    return sqlite_url


@pytest.mark.parametrize(
    ("options", "shown"),
    [
        (
            [],
            [
                ("0.95", "Tucán pico iris", "2025-01-01 12:00"),
                ("0.80", "Perezoso de dos dedos", "2025-01-02 12:00"),
                ("0.70", "Mono araña bebé", "2025-01-03 12:00"),
            ],
        ),
        (
            ["--order", "newest"],
            [
                ("0.70", "Mono araña bebé", "2025-01-03 12:00"),
                ("0.80", "Perezoso de dos dedos", "2025-01-02 12:00"),
                ("0.95", "Tucán pico iris", "2025-01-01 12:00"),
            ],
        ),
        (
            ["--order", "newest", "--limit", "1"],
            [("0.70", "Mono araña bebé", "2025-01-03 12:00")],
        ),
        (["--model-version", "v0"], []),
    ],
    ids=["score", "newest", "limit", "other-model"],
)
def test_flagged_lists_the_queue_in_order(
    seeded_db: str, options: list[str], shown: list[tuple[str, str, str]]
) -> None:
    done = run_wildwatch("flagged", *options, WILDWATCH_DATABASE_URL=seeded_db)
    assert done.returncode == 0, done.stderr
    # score | platform | title / text | species (CITES) | why | seen
    rows = table_rows(done.stderr)
    assert [(r[0], r[2], r[5]) for r in rows] == shown
    assert all(r[3] == "macaw (II)" for r in rows)  # the species of make_verdict, CITES II
    assert f"Review queue ({len(shown)} shown" in done.stderr


def test_flagged_refuses_an_unknown_order(seeded_db: str) -> None:
    done = run_wildwatch("flagged", "--order", "oldest", WILDWATCH_DATABASE_URL=seeded_db)
    assert done.returncode == 2
    assert "--order must be 'score' or 'newest'" in done.stderr


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - 127.0.0.1
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def test_serve_answers_the_queue_until_stopped(seeded_db: str) -> None:
    port = free_port()
    server = subprocess.Popen(
        [*COMMAND, "serve", "--port", str(port)],
        cwd=ROOT,
        env=wildwatch_env(WILDWATCH_DATABASE_URL=seeded_db),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, server.communicate(timeout=10)[1]
            assert time.monotonic() < deadline, "wildwatch serve did not answer in 60 s"
            time.sleep(0.2)
        status, page = _get(f"{base}/")
        assert status == 200
        assert re.findall(r'<span class="score">([^<]*)</span>', page) == ["0.95", "0.80", "0.70"]
        assert 'href="https://example.org/a/0"' in page
        assert "Peluche de loro" not in page
        status, body = _get(f"{base}/api/queue?order=newest")
        assert status == 200
        assert [row["title"] for row in json.loads(body)["rows"]] == [
            "Mono araña bebé",
            "Perezoso de dos dedos",
            "Tucán pico iris",
        ]
        assert _get(f"{base}/?order=oldest")[0] == 422
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl-C
        try:
            _, stderr = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            _, stderr = server.communicate(timeout=10)
            pytest.fail(f"wildwatch serve ignored Ctrl-C for 20 s: {stderr[-2000:]}")
    assert f"review queue on http://127.0.0.1:{port}/" in stderr
    assert "Traceback" not in stderr
