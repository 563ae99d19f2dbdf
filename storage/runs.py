"""Crawl runs: one row per spider run, its final status, stats and what it stored or dropped."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.db import write_intent
from storage.enums import EventKind, RunStatus
from storage.models import CrawlRun, Listing, ListingEvent, Snapshot, utcnow

DROPPED_PREFIX = "wildwatch/dropped/"
STORED_BY_SOURCE_PREFIX = "wildwatch/stored/by_source/"
STORED_ITEMS = "wildwatch/stored/items"


@dataclass(frozen=True)
class RunSummary:
    """What one crawl run did, for the CLI's end-of-crawl table and the review app."""

    run_id: int
    spider: str
    status: RunStatus
    started_at: datetime
    finished_at: datetime | None
    stored: int
    dropped: int
    dropped_reasons: dict[str, int]
    stored_by_source: dict[str, int]
    new_listings_by_source: dict[str, int]
    new_snapshots_by_source: dict[str, int]
    stats: dict[str, Any] = field(default_factory=dict)


def json_safe(value: Any) -> Any:
    """``value`` with datetimes, decimals, enums and other objects turned into JSON values."""
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return json_safe(value.value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    try:
        json.dumps(value)
    except TypeError:
        return str(value)
    return value


def _by_prefix(stats: Mapping[str, Any], prefix: str) -> dict[str, int]:
    return {
        k[len(prefix) :]: int(v)
        for k, v in stats.items()
        if k.startswith(prefix) and isinstance(v, int | float)
    }


def start_run(session: Session, spider: str) -> int:
    """Insert a ``running`` crawl run for ``spider`` and return its id (caller commits)."""
    write_intent(session)
    run = CrawlRun(spider=spider[:100], status=RunStatus.RUNNING, started_at=utcnow())
    session.add(run)
    session.flush()
    return run.id


def finish_run(
    session: Session, run_id: int, status: RunStatus | str, stats: Mapping[str, Any]
) -> None:
    """Close the run with its status and Scrapy stats; drops are summed by reason."""
    write_intent(session)
    run = session.get(CrawlRun, run_id)
    if run is None:
        raise ValueError(f"no crawl run {run_id}")
    safe = json_safe(dict(stats))
    reasons = _by_prefix(safe, DROPPED_PREFIX)
    run.status = RunStatus(status)
    run.finished_at = utcnow()
    run.stats = safe
    run.dropped_reasons = reasons
    run.dropped = sum(reasons.values())
    stored = safe.get(STORED_ITEMS)
    run.stored = int(stored) if isinstance(stored, int | float) else 0
    session.flush()


def _count_by_platform(session: Session, run_id: int, of_events: bool) -> dict[str, int]:
    if of_events:
        stmt = (
            select(Listing.platform, func.count())
            .join(ListingEvent, ListingEvent.listing_id == Listing.id)
            .where(ListingEvent.crawl_run_id == run_id, ListingEvent.kind == EventKind.FIRST_SEEN)
        )
    else:
        stmt = (
            select(Listing.platform, func.count())
            .join(Snapshot, Snapshot.listing_id == Listing.id)
            .where(Snapshot.crawl_run_id == run_id)
        )
    rows = session.execute(stmt.group_by(Listing.platform)).all()
    return {platform: int(n) for platform, n in rows}


def crawl_summary(session: Session, run_ids: Iterable[int]) -> list[RunSummary]:
    """One summary per run id (unknown ids are skipped), in the order of ``run_ids``."""
    out: list[RunSummary] = []
    for run_id in run_ids:
        run = session.get(CrawlRun, run_id)
        if run is None:
            continue
        stats = dict(run.stats or {})
        out.append(
            RunSummary(
                run_id=run.id,
                spider=run.spider,
                status=run.status,
                started_at=run.started_at,
                finished_at=run.finished_at,
                stored=run.stored,
                dropped=run.dropped,
                dropped_reasons=dict(run.dropped_reasons or {}),
                stored_by_source=_by_prefix(stats, STORED_BY_SOURCE_PREFIX),
                new_listings_by_source=_count_by_platform(session, run.id, of_events=True),
                new_snapshots_by_source=_count_by_platform(session, run.id, of_events=False),
                stats=stats,
            )
        )
    return out


def recent_runs(session: Session, limit: int = 20) -> list[CrawlRun]:
    """The latest crawl runs, newest first."""
    return list(
        session.execute(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(limit)).scalars()
    )
