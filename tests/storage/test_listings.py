"""Storing crawled listings: upserts, snapshots only on change, events, removals, races."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from storage.enums import EventKind, ListingStatus
from storage.listings import StoreResult, mark_removed, store_listings
from storage.models import Listing, ListingEvent, Snapshot
from storage.runs import start_run

Factory = Callable[..., dict[str, Any]]
LATER = datetime(2025, 1, 2, 12, 0, tzinfo=UTC)


def _count(session: Session, model: type) -> int:
    return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def _events(session: Session) -> list[EventKind]:
    return list(session.execute(select(ListingEvent.kind).order_by(ListingEvent.id)).scalars())


def test_storing_the_same_batch_twice_adds_nothing(session: Session, record: Factory) -> None:
    batch = [record(platform_id=str(i), title=f"Tucán {i}") for i in range(5)]
    first = store_listings(session, batch, None)
    session.commit()
    second = store_listings(session, batch, None)
    session.commit()
    assert first == StoreResult(stored=5, new_listings=5, new_snapshots=5, unchanged=0, events=5)
    assert second == StoreResult(stored=5, new_listings=0, new_snapshots=0, unchanged=5, events=0)
    assert (_count(session, Listing), _count(session, Snapshot)) == (5, 5)


@pytest.mark.parametrize(
    ("change", "events", "snapshots"),
    [
        ({"price": 1800.0}, [EventKind.PRICE_CHANGED], 2),
        ({"currency": "USD"}, [EventKind.PRICE_CHANGED], 2),
        ({"text": "Vendo guacamayo, ya con papeles"}, [EventKind.TEXT_EDITED], 2),
        ({"title": "Guacamayo azul y amarillo"}, [EventKind.TEXT_EDITED], 2),
        ({"price": 900.0, "text": "rebajado"}, [EventKind.PRICE_CHANGED, EventKind.TEXT_EDITED], 2),
        ({"image_urls": ["http://127.0.0.1/img/2.jpg"]}, [], 2),
        ({"text": "  Vendo guacamayo,\n entrega inmediata,   chama no zap "}, [], 1),
        ({"price_raw": "1500 pesos", "capture_ref": "warc:1"}, [], 1),
    ],
    ids=["price", "currency", "text", "title", "price+text", "images", "whitespace", "non-content"],
)
def test_a_new_snapshot_only_when_content_changed(
    session: Session,
    record: Factory,
    change: dict[str, Any],
    events: list[EventKind],
    snapshots: int,
) -> None:
    store_listings(session, [record()], None)
    result = store_listings(session, [record(fetched_at=LATER, **change)], None)
    session.commit()
    assert _count(session, Snapshot) == snapshots
    assert result.new_snapshots == snapshots - 1
    assert _events(session) == [EventKind.FIRST_SEEN, *events]
    listing = session.execute(select(Listing)).scalar_one()
    assert listing.last_seen == LATER


def test_price_event_keeps_old_and_new_values(session: Session, record: Factory) -> None:
    run = start_run(session, "demo_market")
    store_listings(session, [record(price=1500.0)], run)
    store_listings(session, [record(price=2300.5)], run)
    session.commit()
    event = session.execute(
        select(ListingEvent).where(ListingEvent.kind == EventKind.PRICE_CHANGED)
    ).scalar_one()
    assert event.old_value == {"price": "1500.00", "currency": "MXN"}
    assert event.new_value == {"price": "2300.50", "currency": "MXN"}
    assert event.crawl_run_id == run
    latest = session.execute(select(Snapshot).order_by(Snapshot.id.desc()).limit(1)).scalar_one()
    assert latest.price == Decimal("2300.50") and latest.crawl_run_id == run


def test_listing_without_platform_id_is_keyed_by_url(session: Session, record: Factory) -> None:
    a = record(platform_id=None, canonical_url="http://127.0.0.1/p/a")
    b = record(platform_id=None, canonical_url="http://127.0.0.1/p/b")
    store_listings(session, [a, b, a], None)
    session.commit()
    keys = sorted(session.execute(select(Listing.key)).scalars())
    assert len(keys) == 2 and all(k.startswith("url:") for k in keys)


def test_same_key_on_two_platforms_is_two_listings(session: Session, record: Factory) -> None:
    store_listings(session, [record(platform="a"), record(platform="b")], None)
    session.commit()
    assert _count(session, Listing) == 2


def test_removed_then_seen_again_reappears(session: Session, record: Factory) -> None:
    store_listings(session, [record()], None)
    assert mark_removed(session, "demo_market", "http://127.0.0.1/listing/1", None)
    assert not mark_removed(session, "demo_market", "id:404", None)
    store_listings(session, [record(fetched_at=LATER)], None)
    assert mark_removed(session, "demo_market", "id:1", None, sold=True)
    session.commit()
    assert _events(session) == [
        EventKind.FIRST_SEEN,
        EventKind.REMOVED,
        EventKind.REAPPEARED,
        EventKind.SOLD,
    ]
    assert session.execute(select(Listing.status)).scalar_one() is ListingStatus.SOLD


BINARY_TITLE = "\x00\x01 binary \udcff".encode("utf-8", "surrogatepass").decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("change", "stored"),
    [
        ({"text": "🦜" * 5000}, {"text": "🦜" * 5000}),
        ({"text": "x" * 1_000_000}, {"text": "x" * 1_000_000}),
        ({"title": BINARY_TITLE}, {"title": BINARY_TITLE.replace("\x00", "")}),
        ({"price": float("nan")}, {"price": None}),
        ({"price": 1e30}, {"price": None}),
        ({"price": -5.0}, {"price": None}),
        ({"currency": "NOT-A-CURRENCY-CODE"}, {"currency": "NOT-A-CU"}),
        ({"platform_id": "9" * 1000}, {}),
        ({"seller_handle": "h" * 5000}, {}),
        (
            {"fetched_at": "2025-01-01T12:00:00"},
            {"fetched_at": datetime(2025, 1, 1, 12, 0, tzinfo=UTC)},
        ),
        ({"posted_at": "yesterday"}, {"posted_at": None}),
    ],
    ids=[
        "emoji",
        "1mb",
        "binary",
        "nan",
        "huge-price",
        "negative-price",
        "long-currency",
        "long-id",
        "long-handle",
        "iso-string-time",
        "bad-time",
    ],
)
def test_hostile_values_are_stored_without_crashing(
    session: Session, record: Factory, change: dict[str, Any], stored: dict[str, Any]
) -> None:
    result = store_listings(session, [record(**change)], None)
    session.commit()
    assert result.new_listings == 1 and _count(session, Snapshot) == 1
    snap = session.execute(select(Snapshot)).scalar_one()
    # The hostile value is stored as ``stored`` says; every other field as the crawler sent it.
    expected = {
        "title": "Guacamayo azul",
        "text": "Vendo guacamayo, entrega inmediata, chama no zap",
        "price": Decimal("1500.00"),
        "currency": "MXN",
        "location": "CDMX",
        "country": "MX",
        "posted_at": None,
        "fetched_at": datetime(2025, 1, 1, 12, 0, tzinfo=UTC),
        "image_urls": ["http://127.0.0.1/img/1.jpg"],
    } | stored
    assert {name: getattr(snap, name) for name in expected} == expected
    listing = session.execute(select(Listing)).scalar_one()
    assert listing.source_url == "http://127.0.0.1/listing/1"


def test_record_without_key_is_refused(session: Session, record: Factory) -> None:
    with pytest.raises(ValueError, match="key"):
        store_listings(session, [record(key="")], None)


def test_two_workers_storing_the_same_batch_race_cleanly(
    sessions: sessionmaker[Session], record: Factory
) -> None:
    batch = [record(platform_id=str(i), whatsapp=["+55 11 91234-5678"]) for i in range(20)]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []
    results: list[StoreResult] = []

    def worker() -> None:
        try:
            with sessions() as sess:
                barrier.wait()
                results.append(store_listings(sess, batch, None))
                sess.commit()
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread and re-raised
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    with sessions() as sess:
        assert _count(sess, Listing) == 20
        assert _count(sess, Snapshot) == 20
    assert sorted(r.new_listings for r in results) == [0, 20]


def test_first_seen_is_kept_and_last_seen_moves_forward(session: Session, record: Factory) -> None:
    store_listings(session, [record(fetched_at=LATER)], None)
    store_listings(session, [record(fetched_at=LATER - timedelta(days=3))], None)
    session.commit()
    listing = session.execute(select(Listing)).scalar_one()
    assert listing.first_seen == LATER and listing.last_seen == LATER
