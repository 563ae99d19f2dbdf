"""``wildwatch demo``: the whole monitor end to end on the demo world, run twice."""

from __future__ import annotations

import contextlib
import os
import random
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from demo.server import SITE_NAMES, DemoWorld
from demo.truth import ALL_SITES, flag_figures
from storage.db import make_engine, session_factory
from storage.models import Listing, Snapshot, VerdictRow
from storage.queue import flagged_queue

pytestmark = pytest.mark.browser
MODELS = Path(__file__).resolve().parents[2] / "data" / "models"
# The shipped model on the demo world, whose posts no one here trained or chose anything on:
# 270 to 275 flags, 159 of them trade, of 160 trade posts (precision 0.58 to 0.59, recall 0.994;
# BENCHMARKS.md; which posts the cascade escalates depends on the batches).
# The floors sit just below, so a model or pipeline change that floods analysts with more false
# flags, or misses trade, fails here; a better model raises them.
PRECISION_FLOOR = 0.55
RECALL_FLOOR = 0.95


def _free_port_block(size: int = 4) -> int:
    """A first port with ``size`` free consecutive ports after it (the demo world's sites)."""
    for base in range(random.randrange(20_000, 50_000, 10), 60_000, 10):
        with contextlib.ExitStack() as stack:
            try:
                for port in range(base, base + size):
                    sock = stack.enter_context(socket.socket())
                    sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return base
    raise RuntimeError("no block of free ports")


def _run_demo(data_dir: Path, port: int) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "WILDWATCH_DATA_DIR": str(data_dir),
        # The static embedder `make models` built for the whole checkout.
        "WILDWATCH_MODEL_DIR": str(MODELS),
        "WILDWATCH_LOG_LEVEL": "WARNING",
        "COLUMNS": "200",
    }
    env.pop("WILDWATCH_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", "demo", "--no-serve", "--port", str(port)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _counts(data_dir: Path) -> tuple[int, int, int]:
    sessions = session_factory(make_engine(f"sqlite:///{data_dir / 'wildwatch.db'}"))
    with sessions() as session:
        return (
            session.execute(select(func.count()).select_from(Listing)).scalar_one(),
            session.execute(select(func.count()).select_from(Snapshot)).scalar_one(),
            session.execute(
                select(func.count()).select_from(VerdictRow).where(VerdictRow.flagged)
            ).scalar_one(),
        )


def _flag_precision_recall(data_dir: Path, port: int) -> tuple[float, float, int]:
    """Precision and recall of the stored flags against the demo world's ground truth."""
    sessions = session_factory(make_engine(f"sqlite:///{data_dir / 'wildwatch.db'}"))
    with sessions() as session:
        flagged = [row.source_url for row in flagged_queue(session, limit=1_000_000)]
    served = {name: f"http://127.0.0.1:{port + i}" for i, name in enumerate(SITE_NAMES)}
    figures = flag_figures(DemoWorld().truth(served), flagged)[ALL_SITES]
    return figures.precision, figures.recall, figures.correct


def test_demo_crawls_classifies_and_a_second_run_adds_no_duplicates(tmp_path: Path) -> None:
    # The same ports twice, as a nightly job sees the same sites: same URLs, same listings.
    port = _free_port_block()
    first = _run_demo(tmp_path, port)
    assert first.returncode == 0, first.stderr[-3000:]
    out = first.stdout + first.stderr
    listings, snapshots, flagged = _counts(tmp_path)
    # 1,600 demo posts less the page that always answers 500.
    assert listings >= 1_590
    assert snapshots == listings
    precision, recall, correct = _flag_precision_recall(tmp_path, port)
    assert precision >= PRECISION_FLOOR, f"{flagged} flags, {correct} of them trade"
    assert recall >= RECALL_FLOOR
    for expected in ("Crawl of the demo world", "ground truth", "Top", "flagged", "no_text"):
        assert expected in out

    second = _run_demo(tmp_path, port)
    assert second.returncode == 0, second.stderr[-3000:]
    assert _counts(tmp_path) == (listings, snapshots, flagged)
