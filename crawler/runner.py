"""Run spiders in one Scrapy CrawlerProcess and report what each did.

:func:`run_crawl` starts every (spider name, spider kwargs) target in ONE CrawlerProcess
with the asyncio reactor. A Twisted reactor cannot be restarted, so ``run_crawl`` can run
only once per Python process: the CLI calls it once per command, tests call
``python -m crawler.runner --targets-json ...`` in a subprocess (it prints the report as
JSON on stdout).

Each target gets its own JOBDIR (``jobs_dir/<spider>-<hash of kwargs>``) so a crawl that
was stopped resumes where it stopped. Scrapy's JOBDIR survives a graceful stop (one
Ctrl-C or SIGTERM) exactly; after a kill its queue state is lost, so :class:`JobDir`
notices the unclean stop, drops the half-written scheduler state and lets the spider walk
the site again: pages fetched by the killed job are replayed from the HTTP cache without
touching the site (see :mod:`crawler.extensions.httpcache`), unchanged items cost no new
snapshot, and pages never fetched are fetched now. A job that finished is removed, so the
next crawl of the target starts a new job that revalidates every page.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.runner_report import CrawlProgress, CrawlReport, SpiderReport

__all__ = ["CrawlProgress", "CrawlReport", "JobDir", "SpiderReport", "run_crawl"]

Target = tuple[str, dict[str, str]]
ProgressCallback = Callable[[CrawlProgress], None]

#: How often the progress callback hears from each running spider, in seconds.
PROGRESS_INTERVAL = 0.5


@dataclass(frozen=True)
class JobState:
    """How a job directory was found when a crawl started."""

    started_at: float
    resumed: str  # "" (new job), "stopped" (graceful stop) or "killed" (unclean stop)


class JobDir:
    """A spider's JOBDIR plus a marker recording whether its last run closed cleanly."""

    MARKER = "wildwatch-job.json"
    #: Scheduler state Scrapy writes only on a clean close; useless after a kill.
    SCHEDULER_STATE = ("requests.queue", "requests.seen", "spider.state")

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def for_target(cls, jobs_dir: Path, spider: str, kwargs: dict[str, str]) -> JobDir:
        digest = hashlib.sha256(json.dumps(kwargs, sort_keys=True).encode()).hexdigest()[:12]
        return cls(jobs_dir / f"{spider}-{digest}")

    def begin(self) -> JobState:
        """Open the job: new, resumed after a graceful stop, or resumed after a kill."""
        marker = self.path / self.MARKER
        now = time.time()
        if marker.exists():
            data = json.loads(marker.read_text(encoding="utf-8"))
            started_at = float(data["started_at"])
            resumed = "killed" if data.get("open") else "stopped"
        elif self.path.exists() and any(self.path.iterdir()):
            started_at, resumed = now, "killed"  # state without a marker: cannot trust it
        else:
            started_at, resumed = now, ""
        if resumed == "killed":
            for name in self.SCHEDULER_STATE:
                target = self.path / name
                if target.is_dir():
                    shutil.rmtree(target)
                elif target.exists():
                    target.unlink()
        self._write({"started_at": started_at, "open": True})
        return JobState(started_at=started_at, resumed=resumed)

    def end(self, complete: bool) -> None:
        """A complete job is removed; an interrupted one is kept, marked closed cleanly."""
        if complete:
            shutil.rmtree(self.path, ignore_errors=True)
            return
        data = json.loads((self.path / self.MARKER).read_text(encoding="utf-8"))
        self._write({**data, "open": False})

    def _write(self, data: dict[str, Any]) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        tmp = self.path / (self.MARKER + ".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, self.path / self.MARKER)


def target_label(spider: str, kwargs: dict[str, str]) -> str:
    if not kwargs:
        return spider
    return spider + "(" + ", ".join(f"{k}={v}" for k, v in sorted(kwargs.items())) + ")"


class _TargetRun:
    """One target's crawler, its job directory and its report once closed."""

    def __init__(self, spider: str, kwargs: dict[str, str], jobdir: JobDir) -> None:
        self.spider = spider
        self.kwargs = kwargs
        self.label = target_label(spider, kwargs)
        self.jobdir = jobdir
        self.crawler: Any = None
        self.started = time.monotonic()
        self.resumed = ""
        self.report: SpiderReport | None = None

    def progress(self, finished: bool = False) -> CrawlProgress:
        stats = self.crawler.stats.get_stats() if self.crawler is not None else {}
        return CrawlProgress(
            label=self.label,
            items_scraped=int(stats.get("item_scraped_count", 0)),
            pages=int(stats.get("response_received_count", 0)),
            elapsed=time.monotonic() - self.started,
            finished=finished,
        )

    def close(self, error: str | None) -> SpiderReport:
        stats = dict(self.crawler.stats.get_stats()) if self.crawler is not None else {}
        report = SpiderReport.from_stats(
            self.label, self.spider, self.kwargs, str(self.jobdir.path), stats
        )
        report.resumed = self.resumed
        report.error = error
        if self.crawler is not None and self.jobdir.path.exists():
            self.jobdir.end(complete=report.complete)
        self.report = report
        return report


def load_crawl_settings(settings_overrides: dict[str, Any] | None = None) -> Any:
    """Project settings, then the overrides, then the Redis frontier when configured."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    from scrapy.utils.project import get_project_settings

    from crawler.config import get_settings
    from crawler.frontier import apply_frontier

    settings = get_project_settings()
    settings.setdict(settings_overrides or {}, priority="cmdline")
    apply_frontier(settings, get_settings().redis_url)
    return settings


def run_crawl(
    targets: list[Target],
    settings_overrides: dict[str, Any] | None = None,
    progress: ProgressCallback | None = None,
) -> CrawlReport:
    """Crawl every target in one CrawlerProcess; block until all are done; report.

    Can be called once per Python process (the reactor cannot restart).
    """
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    from crawler.config import get_settings

    labels = [target_label(s, k) for s, k in targets]
    if len(set(labels)) != len(labels):
        raise ValueError(f"the same spider and arguments are listed twice: {labels}")
    settings = load_crawl_settings(settings_overrides)
    jobs_dir = Path(settings.get("WILDWATCH_JOBS_DIR") or get_settings().jobs_dir)
    process = CrawlerProcess(settings)
    began = time.monotonic()
    runs: list[_TargetRun] = []
    for spider, kwargs in targets:
        run = _TargetRun(spider, dict(kwargs), JobDir.for_target(jobs_dir, spider, kwargs))
        runs.append(run)
        try:
            crawler = process.create_crawler(spider)
        except KeyError:
            run.close(f"no spider named {spider!r} (see `scrapy list`)")
            continue
        state = run.jobdir.begin()
        run.crawler, run.resumed = crawler, state.resumed
        crawler.settings.set("JOBDIR", str(run.jobdir.path), priority="cmdline")
        crawler.settings.set("WILDWATCH_JOB_STARTED_AT", state.started_at, priority="cmdline")
        if progress is not None:
            crawler.signals.connect(
                lambda run=run, **_: progress(run.progress(finished=True)),
                signal=signals.spider_closed,
                weak=False,
            )
        deferred = process.crawl(crawler, **kwargs)
        deferred.addCallbacks(
            lambda _, run=run: run.close(None),
            lambda failure, run=run: run.close(f"{failure.type.__name__}: {failure.value}"),
        )
    if any(run.crawler is not None for run in runs):
        _start(process, runs, progress)
    return CrawlReport(
        spiders=[run.report for run in runs if run.report is not None],
        elapsed=time.monotonic() - began,
    )


def _start(process: Any, runs: list[_TargetRun], progress: ProgressCallback | None) -> None:
    from twisted.internet import reactor
    from twisted.internet.task import LoopingCall

    loop: LoopingCall | None = None
    if progress is not None:
        active = [run for run in runs if run.crawler is not None]

        def tick() -> None:
            for run in active:
                if run.report is None:
                    progress(run.progress())

        loop = LoopingCall(tick)
        reactor.callWhenRunning(loop.start, PROGRESS_INTERVAL, False)  # type: ignore[attr-defined]
    process.start()
    if loop is not None and loop.running:
        loop.stop()


def _parse_value(raw: str) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return raw


def main(argv: list[str] | None = None) -> int:
    """``python -m crawler.runner --targets-json '[["spider", {"k": "v"}]]' [--set K=V]``."""
    parser = argparse.ArgumentParser(prog="python -m crawler.runner", description=__doc__)
    parser.add_argument("--targets-json", required=True, help='[["spider", {"arg": "value"}]]')
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE", help="Scrapy setting"
    )
    args = parser.parse_args(argv)
    targets = [
        (str(name), {str(k): str(v) for k, v in kw.items()})
        for name, kw in json.loads(args.targets_json)
    ]
    overrides: dict[str, Any] = {}
    for pair in args.set:
        name, sep, value = pair.partition("=")
        if not sep:
            parser.error(f"--set {pair!r} is not NAME=VALUE")
        overrides[name] = _parse_value(value)
    report = run_crawl(targets, overrides)
    json.dump(report.to_dict(), sys.stdout)
    sys.stdout.write("\n")
    return 1 if report.failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
