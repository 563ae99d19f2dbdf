"""The classify stage's batches and the review queue built from verdicts and decisions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from storage.decisions import record_decision
from storage.enums import DecisionLabel
from storage.listings import store_listings
from storage.models import AuditEvent, VerdictRow
from storage.queue import flagged_queue, newest_model_version, queue_size
from storage.verdicts import (
    all_latest_snapshots,
    count_unclassified,
    save_verdicts,
    unclassified_snapshots,
)
from tests.fixtures.factories import make_verdict

Factory = Callable[..., dict[str, Any]]


def _seed(session: Session, record: Factory, n: int) -> list[int]:
    store_listings(
        session,
        [
            record(platform_id=str(i), title=f"Loro {i}", whatsapp=["+5215512345678"])
            for i in range(n)
        ],
        None,
    )
    session.commit()
    return [s.snapshot_id for s in unclassified_snapshots(session, "v1", 100)]


def test_unclassified_gives_latest_snapshots_without_a_verdict(
    session: Session, record: Factory
) -> None:
    ids = _seed(session, record, 4)
    assert count_unclassified(session, "v1") == 4
    assert save_verdicts(session, [(ids[0], make_verdict(0.9)), (ids[1], make_verdict(0.1))]) == 2
    session.commit()
    left = unclassified_snapshots(session, "v1", 10)
    assert [s.snapshot_id for s in left] == ids[2:]
    assert left[0].title == "Loro 2" and left[0].platform == "demo_market"
    # A new model version sees everything again (rescoring), unless any verdict will do;
    # an edited listing needs a new verdict.
    assert count_unclassified(session, "v2") == 4
    assert count_unclassified(session, "v2", any_version=True) == 2
    assert len(unclassified_snapshots(session, "v2", 10, any_version=True)) == 2
    store_listings(session, [record(platform_id="0", title="Loro 0", text="editado")], None)
    session.commit()
    assert count_unclassified(session, "v1") == 3
    assert len(all_latest_snapshots(session)) == 4


def test_saving_a_verdict_twice_keeps_the_first(session: Session, record: Factory) -> None:
    ids = _seed(session, record, 1)
    assert save_verdicts(session, [(ids[0], make_verdict(0.9))]) == 1
    assert save_verdicts(session, [(ids[0], make_verdict(0.2))]) == 0
    session.commit()
    assert session.execute(select(VerdictRow.score)).scalars().all() == [0.9]


def test_queue_excludes_decided_unflagged_and_older_versions(
    session: Session, record: Factory
) -> None:
    ids = _seed(session, record, 5)
    save_verdicts(
        session,
        [
            (ids[0], make_verdict(0.95, "v1")),
            (ids[1], make_verdict(0.70, "v1")),
            (ids[2], make_verdict(0.30, "v1")),
            (ids[3], make_verdict(0.80, "v1")),
        ],
    )
    session.commit()
    save_verdicts(session, [(ids[4], make_verdict(0.99, "v0-old"))])
    session.commit()
    queue = flagged_queue(session, model_version="v1")
    assert [r.score for r in queue] == [0.95, 0.80, 0.70]
    record_decision(session, queue[0].verdict_id, DecisionLabel.NOT_TRAFFICKING, "ana", "juguete")
    session.commit()
    queue = flagged_queue(session, model_version="v1")
    assert [r.title for r in queue] == ["Loro 3", "Loro 1"]
    assert queue_size(session, "v1") == 2
    row = queue[0]
    assert row.reasons[0] == "names macaw (Ara ararauna, CITES II)"  # no product was read
    assert [(c.kind.value, c.value) for c in row.contacts] == [("whatsapp", "+525512345678")]
    assert row.seller_handle == "exoticos_mx" and row.source_url.startswith("http://127.0.0.1/")
    assert session.execute(select(func.count()).select_from(AuditEvent)).scalar_one() == 1


def test_default_queue_is_the_newest_model(session: Session, record: Factory) -> None:
    ids = _seed(session, record, 2)
    save_verdicts(session, [(ids[0], make_verdict(0.9, "v1")), (ids[1], make_verdict(0.9, "v1"))])
    session.commit()
    save_verdicts(session, [(ids[0], make_verdict(0.6, "v2"))])
    session.commit()
    assert newest_model_version(session) == "v2"
    assert [(r.model_version, r.score) for r in flagged_queue(session)] == [("v2", 0.6)]


def test_a_decision_holds_across_model_versions_until_the_listing_changes(
    session: Session, record: Factory
) -> None:
    ids = _seed(session, record, 1)
    save_verdicts(session, [(ids[0], make_verdict(0.9, "v1"))])
    verdict_id = session.execute(select(VerdictRow.id)).scalar_one()
    record_decision(session, verdict_id, "confirmed_trafficking", "ana")
    save_verdicts(session, [(ids[0], make_verdict(0.9, "v2"))])
    session.commit()
    assert flagged_queue(session, "v2") == []
    store_listings(session, [record(platform_id="0", title="Loro 0", price=99.0)], None)
    new = unclassified_snapshots(session, "v2", 10)
    save_verdicts(session, [(new[0].snapshot_id, make_verdict(0.9, "v2"))])
    session.commit()
    assert [r.snapshot_id for r in flagged_queue(session, "v2")] == [new[0].snapshot_id]


@pytest.mark.parametrize(
    ("label", "analyst", "message"),
    [
        ("maybe", "ana", "unknown label"),
        ("duplicate", "  ", "analyst"),
        ("duplicate", "ana", "no verdict"),
    ],
)
def test_bad_decisions_are_refused(
    session: Session, label: str, analyst: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        record_decision(session, 12345, label, analyst)


def test_newest_order_puts_the_latest_fetch_first(session: Session, record: Factory) -> None:
    from datetime import UTC, datetime

    store_listings(
        session,
        [
            record(platform_id="old", fetched_at=datetime(2024, 1, 1, tzinfo=UTC)),
            record(platform_id="new", fetched_at=datetime(2025, 6, 1, tzinfo=UTC)),
        ],
        None,
    )
    batch = unclassified_snapshots(session, "v1", 10)
    save_verdicts(
        session,
        [(s.snapshot_id, make_verdict(0.9 if i == 0 else 0.6)) for i, s in enumerate(batch)],
    )
    session.commit()
    assert [r.key for r in flagged_queue(session, order="newest")] == ["id:new", "id:old"]
    assert [r.key for r in flagged_queue(session, order="score")] == ["id:old", "id:new"]
    assert [r.key for r in flagged_queue(session, order="score", limit=1, offset=1)] == ["id:new"]


@pytest.mark.postgres
def test_skip_locked_claims_give_two_workers_disjoint_batches(
    postgres_url: str, record: Factory
) -> None:
    from storage.db import make_engine, session_factory, upgrade

    upgrade(postgres_url)
    engine: Engine = make_engine(postgres_url)
    sessions: sessionmaker[Session] = session_factory(engine)
    try:
        with sessions.begin() as seed:
            store_listings(seed, [record(platform_id=str(i)) for i in range(10)], None)
        with sessions() as first, sessions() as second:
            batch_a = unclassified_snapshots(first, "v1", 4, claim=True)
            batch_b = unclassified_snapshots(second, "v1", 4, claim=True)
            ids_a = {s.snapshot_id for s in batch_a}
            ids_b = {s.snapshot_id for s in batch_b}
            assert len(ids_a) == len(ids_b) == 4 and ids_a.isdisjoint(ids_b)
            save_verdicts(first, [(i, make_verdict(0.7)) for i in ids_a])
            first.commit()
            second.rollback()
        with sessions() as third:
            assert count_unclassified(third, "v1") == 6
    finally:
        engine.dispose()
