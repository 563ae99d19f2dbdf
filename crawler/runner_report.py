"""What a crawl reports: per-spider figures read from Scrapy's stats, and a JSON round trip.

The runner (:mod:`crawler.runner`) fills these from ``crawler.stats`` once each spider
has closed; the CLI prints them as a table and tests read them back from JSON.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Finish reasons of a crawl that ran to its end (Scrapy's ``closespider_*`` limits included).
COMPLETE_REASONS = ("finished", "closespider_")

#: Counters the store pipeline keeps in ``crawler.stats`` under ``wildwatch/stored/``.
STORED_PREFIX = "wildwatch/stored/"
DROPPED_PREFIX = "wildwatch/dropped/"
FETCH_ERRORS_PREFIX = "wildwatch/fetch_errors/"
PARSE_ERRORS_PREFIX = "wildwatch/parse_errors/"


@dataclass
class CrawlProgress:
    """A progress tick for one spider of a running crawl (for a Rich progress bar)."""

    label: str
    items_scraped: int
    pages: int
    elapsed: float
    finished: bool = False


@dataclass
class SpiderReport:
    """Figures of one (spider, kwargs) target of a crawl."""

    label: str
    spider: str
    kwargs: dict[str, str]
    jobdir: str
    items_scraped: int = 0
    pages: int = 0
    new_listings: int = 0
    new_snapshots: int = 0
    unchanged: int = 0
    not_modified: int = 0
    replayed_from_cache: int = 0
    stored: dict[str, int] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)
    http_errors: dict[str, int] = field(default_factory=dict)
    download_errors: int = 0
    parse_errors: int = 0
    retries: int = 0
    elapsed: float = 0.0
    finish_reason: str = ""
    resumed: str = ""
    error: str | None = None
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """True when the spider ran to its end (not failed, not interrupted)."""
        return self.error is None and self.finish_reason.startswith(COMPLETE_REASONS)

    @property
    def errors(self) -> dict[str, int]:
        """Every kind of error by a short name, for tables and monitors."""
        out = {f"http {status}": n for status, n in sorted(self.http_errors.items())}
        if self.download_errors:
            out["download"] = self.download_errors
        if self.parse_errors:
            out["spider exception"] = self.parse_errors
        # What the spiders themselves counted: requests that failed and pages they could
        # not read, each by reason (spiders/parse_errors.py).
        for prefix, kind in ((FETCH_ERRORS_PREFIX, "fetch"), (PARSE_ERRORS_PREFIX, "parse")):
            for key, value in sorted(self.stats.items()):
                if key.startswith(prefix) and isinstance(value, int):
                    out[f"{kind} {key.removeprefix(prefix)}"] = value
        if self.error is not None:
            out["failed"] = 1
        return out

    @classmethod
    def from_stats(
        cls, label: str, spider: str, kwargs: dict[str, str], jobdir: str, stats: dict[str, Any]
    ) -> SpiderReport:
        """Read the figures of a closed spider from its Scrapy stats."""

        def count(key: str) -> int:
            return int(stats.get(key, 0) or 0)

        stored = {
            key.removeprefix(STORED_PREFIX): int(value)
            for key, value in stats.items()
            if key.startswith(STORED_PREFIX)
        }
        dropped = {
            key.removeprefix(DROPPED_PREFIX): int(value)
            for key, value in stats.items()
            if key.startswith(DROPPED_PREFIX)
        }
        if not dropped:
            dropped = {
                key.removeprefix("item_dropped_reasons_count/"): int(value)
                for key, value in stats.items()
                if key.startswith("item_dropped_reasons_count/")
            }
        http_errors: dict[str, int] = {}
        for key, value in stats.items():
            # Final answers the spider could not use (retried-and-recovered ones excluded).
            if key.startswith("httperror/response_ignored_status_count/"):
                http_errors[key.rsplit("/", 1)[1]] = int(value)
        return cls(
            label=label,
            spider=spider,
            kwargs=kwargs,
            jobdir=jobdir,
            items_scraped=count("item_scraped_count"),
            pages=count("response_received_count"),
            new_listings=stored.get("new_listings", 0),
            new_snapshots=stored.get("new_snapshots", 0),
            unchanged=stored.get("unchanged", 0),
            not_modified=count("httpcache/revalidate"),
            replayed_from_cache=count("httpcache/hit"),
            stored=stored,
            dropped=dropped,
            http_errors=http_errors,
            # robots.txt refusals travel as IgnoreRequest: a choice, not an error.
            download_errors=count("downloader/exception_count")
            - count("downloader/exception_type_count/scrapy.exceptions.IgnoreRequest"),
            parse_errors=count("spider_exceptions/count"),
            retries=count("retry/count"),
            elapsed=float(stats.get("elapsed_time_seconds", 0.0) or 0.0),
            finish_reason=str(stats.get("finish_reason", "") or ""),
            stats={k: _jsonable(v) for k, v in stats.items() if k.startswith("wildwatch/")},
        )


@dataclass
class CrawlReport:
    """The outcome of one :func:`crawler.runner.run_crawl` call."""

    spiders: list[SpiderReport] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def failed(self) -> bool:
        return any(not s.complete for s in self.spiders)

    @property
    def failure_message(self) -> str:
        """Why the crawl failed, one clause per spider that did not complete."""
        parts = []
        for s in self.spiders:
            if s.error is not None:
                parts.append(f"{s.label}: {s.error}")
            elif not s.complete:
                parts.append(f"{s.label}: stopped ({s.finish_reason or 'no finish reason'})")
        return "; ".join(parts)

    @property
    def items_scraped(self) -> int:
        return sum(s.items_scraped for s in self.spiders)

    def to_dict(self) -> dict[str, Any]:
        return {"elapsed": self.elapsed, "spiders": [asdict(s) for s in self.spiders]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CrawlReport:
        return cls(
            spiders=[SpiderReport(**s) for s in data.get("spiders", [])],
            elapsed=float(data.get("elapsed", 0.0)),
        )


def _jsonable(value: Any) -> Any:
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    return str(value)
