"""The crawl runner: one process for many spiders, per-spider JOBDIRs, an honest report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.runner import JobDir
from tests.crawler.hygiene_site import HygieneSite, SiteState
from tests.crawler.runner_helpers import FAST, ROOT, run_runner, runner_env


def test_two_targets_run_in_one_process_and_report_each(tmp_path: Path) -> None:
    first, second = SiteState(posts=12), SiteState(posts=5, removed={3: 410})
    with HygieneSite(first) as a, HygieneSite(second) as b:
        report, done = run_runner(
            [("hygiene_site", {"base_url": a.url}), ("hygiene_site", {"base_url": b.url})],
            tmp_path,
        )
    assert done.returncode == 0, done.stderr[-3000:]
    by_url = {r.kwargs["base_url"]: r for r in report.spiders}
    assert by_url[a.url].items_scraped == 12
    assert by_url[b.url].items_scraped == 4
    assert by_url[b.url].http_errors == {"410": 1}  # the removed post
    assert all(r.finish_reason == "finished" and r.complete for r in report.spiders)
    assert not report.failed
    # A finished job leaves no JOBDIR behind: the next crawl is a new job.
    assert all(not Path(r.jobdir).exists() for r in report.spiders)
    assert len({r.jobdir for r in report.spiders}) == 2


def test_unknown_spider_fails_the_run_with_a_message(tmp_path: Path) -> None:
    report, done = run_runner([("no_such_spider", {})], tmp_path)
    assert done.returncode == 1
    assert report.failed
    assert "no spider named 'no_such_spider'" in report.failure_message


def test_duplicate_targets_are_refused(tmp_path: Path) -> None:
    from crawler.runner import run_crawl

    with pytest.raises(ValueError, match="listed twice"):
        run_crawl([("hygiene_site", {"a": "1"}), ("hygiene_site", {"a": "1"})])


PROGRESS_SCRIPT = """
import json, sys
from crawler.runner import run_crawl
ticks = []
settings = json.loads(sys.argv[2])
report = run_crawl([("hygiene_site", {"base_url": sys.argv[1]})], settings, progress=ticks.append)
print(json.dumps([[t.items_scraped, t.finished] for t in ticks]))
"""


def test_progress_callback_hears_items_as_they_come(tmp_path: Path) -> None:
    slow = {**FAST, "CONCURRENT_REQUESTS_PER_DOMAIN": 2}  # about 2 s: several ticks
    with HygieneSite(SiteState(posts=20, latency=0.15)) as site:
        done = subprocess.run(
            [sys.executable, "-c", PROGRESS_SCRIPT, site.url, json.dumps(slow)],
            cwd=ROOT,
            env=runner_env(tmp_path),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 0, done.stderr[-3000:]
    ticks = json.loads(done.stdout.strip().splitlines()[-1])
    assert ticks[-1] == [20, True]
    counts = [items for items, finished in ticks if not finished]
    assert counts == sorted(counts) and len(counts) >= 2  # periodic ticks while running


@pytest.mark.parametrize(
    ("marker", "leftovers", "resumed", "kept"),
    [
        (None, [], "", []),
        ({"open": True}, ["requests.seen", "requests.queue/p0"], "killed", []),
        (
            {"open": False},
            ["requests.seen", "requests.queue/p0"],
            "stopped",
            ["requests.queue", "requests.seen"],
        ),
        (None, ["requests.seen"], "killed", []),
    ],
    ids=["new", "after-kill", "after-graceful-stop", "state-without-marker"],
)
def test_jobdir_trusts_scheduler_state_only_after_a_clean_stop(
    tmp_path: Path,
    marker: dict[str, bool] | None,
    leftovers: list[str],
    resumed: str,
    kept: list[str],
) -> None:
    job = JobDir(tmp_path / "job")
    for name in leftovers:
        (job.path / name).parent.mkdir(parents=True, exist_ok=True)
        (job.path / name).write_text("x")
    if marker is not None:
        (job.path / JobDir.MARKER).write_text(json.dumps({"started_at": 1000.0, **marker}))
    state = job.begin()
    assert state.resumed == resumed
    assert sorted(p.name for p in job.path.iterdir() if p.name != JobDir.MARKER) == kept
    if marker is not None:
        assert state.started_at == 1000.0  # the job's pages cached before the stop stay valid
    job.end(complete=False)
    assert json.loads((job.path / JobDir.MARKER).read_text())["open"] is False
    job.end(complete=True)
    assert not job.path.exists()
