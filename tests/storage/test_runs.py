"""Crawl runs: opened, closed with stats, and summarised per source and drop reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from storage.enums import RunStatus
from storage.listings import store_listings
from storage.runs import crawl_summary, finish_run, recent_runs, start_run

Factory = Callable[..., dict[str, Any]]


def test_a_run_is_summarised_per_source_and_drop_reason(session: Session, record: Factory) -> None:
    run = start_run(session, "demo_market")
    store_listings(session, [record(platform_id="1"), record(platform="b", platform_id="2")], run)
    stats = {
        "start_time": datetime(2025, 1, 1, tzinfo=UTC),
        "item_scraped_count": 5,
        "wildwatch/stored/items": 2,
        "wildwatch/stored/by_source/demo_market": 1,
        "wildwatch/stored/by_source/b": 1,
        "wildwatch/dropped/no_text": 2,
        "wildwatch/dropped/duplicate_in_run": 1,
        "downloader/response_status_count/404": 3,
        "odd": Decimal("1.5"),
        "odder": object(),
    }
    finish_run(session, run, RunStatus.FINISHED, stats)
    session.commit()
    (summary,) = crawl_summary(session, [run, 999])
    assert summary.status is RunStatus.FINISHED and summary.finished_at is not None
    assert summary.stored == 2 and summary.dropped == 3
    assert summary.dropped_reasons == {"no_text": 2, "duplicate_in_run": 1}
    assert summary.stored_by_source == {"demo_market": 1, "b": 1}
    assert summary.new_listings_by_source == {"demo_market": 1, "b": 1}
    assert summary.new_snapshots_by_source == {"demo_market": 1, "b": 1}
    assert summary.stats["start_time"] == "2025-01-01T00:00:00+00:00"
    assert summary.stats["downloader/response_status_count/404"] == 3
    assert [r.id for r in recent_runs(session)] == [run]


def test_an_unfinished_run_stays_running(session: Session) -> None:
    run = start_run(session, "mastodon_search")
    session.commit()
    (summary,) = crawl_summary(session, [run])
    assert summary.status is RunStatus.RUNNING and summary.finished_at is None
