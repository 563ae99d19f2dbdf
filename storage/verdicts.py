"""The classify stage's reads and writes: texts without a verdict, and saving verdicts.

On PostgreSQL several classify workers share the work: ``unclassified_snapshots(...,
claim=True)`` locks its batch with ``FOR UPDATE SKIP LOCKED`` until the caller commits
the verdicts, so another worker's batch never overlaps it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from classifiers.types import Verdict
from storage.db import write_intent
from storage.insert_ignore import insert_ignore
from storage.models import Listing, Snapshot, VerdictRow, utcnow
from storage.runs import json_safe
from storage.snapshots import latest_snapshot_ids


@dataclass(frozen=True)
class SnapshotText:
    """What the classifier reads of one listing's latest snapshot."""

    snapshot_id: int
    listing_id: int
    platform: str
    title: str
    text: str
    language: str | None
    country: str | None
    price: Decimal | None
    currency: str | None

    @property
    def full_text(self) -> str:
        """Title and text as one string (what a single-input model reads)."""
        return f"{self.title}\n{self.text}".strip()


def _texts(stmt: Select[Snapshot, str], session: Session) -> list[SnapshotText]:
    return [
        SnapshotText(
            snapshot_id=snap.id,
            listing_id=snap.listing_id,
            platform=platform,
            title=snap.title,
            text=snap.text,
            language=snap.language,
            country=snap.country,
            price=snap.price,
            currency=snap.currency,
        )
        for snap, platform in session.execute(stmt)
    ]


def _unclassified(model_version: str, any_version: bool) -> Select[Snapshot, str]:
    same = VerdictRow.snapshot_id == Snapshot.id
    matching = same if any_version else and_(same, VerdictRow.model_version == model_version)
    has_verdict = select(VerdictRow.id).where(matching).exists()
    return (
        select(Snapshot, Listing.platform)
        .join(Listing, Listing.id == Snapshot.listing_id)
        .where(Snapshot.id.in_(latest_snapshot_ids()), ~has_verdict)
    )


def unclassified_snapshots(
    session: Session,
    model_version: str,
    limit: int,
    claim: bool = False,
    any_version: bool = False,
) -> list[SnapshotText]:
    """Up to ``limit`` latest snapshots without a verdict of ``model_version``, oldest first.

    With ``any_version`` a snapshot with a verdict of any model version counts as done
    (the routine job); without it every model version classifies everything (rescoring).
    With ``claim`` the rows stay locked (PostgreSQL: skipped by other workers) until the
    caller's transaction ends; on SQLite the transaction takes the write lock instead.
    """
    stmt = _unclassified(model_version, any_version).order_by(Snapshot.id).limit(limit)
    if claim:
        write_intent(session)
        stmt = stmt.with_for_update(skip_locked=True, of=Snapshot)
    return _texts(stmt, session)


def count_unclassified(session: Session, model_version: str, any_version: bool = False) -> int:
    """How many listings still lack a verdict (of ``model_version``, or of any version)."""
    sub = _unclassified(model_version, any_version).with_only_columns(Snapshot.id).subquery()
    return int(session.execute(select(func.count()).select_from(sub)).scalar_one())


def all_latest_snapshots(
    session: Session, after_id: int = 0, limit: int = 1000
) -> list[SnapshotText]:
    """The latest snapshot of every listing, by snapshot id after ``after_id`` (for rescoring)."""
    stmt = (
        select(Snapshot, Listing.platform)
        .join(Listing, Listing.id == Snapshot.listing_id)
        .where(Snapshot.id.in_(latest_snapshot_ids()), Snapshot.id > after_id)
        .order_by(Snapshot.id)
        .limit(limit)
    )
    return _texts(stmt, session)


def save_verdicts(session: Session, pairs: Sequence[tuple[int, Verdict]]) -> int:
    """Store one verdict per (snapshot id, verdict); returns how many were new.

    A verdict is never updated: a second verdict of the same model version for the same
    snapshot is ignored, a new model version adds rows.
    """
    if not pairs:
        return 0
    write_intent(session)
    ids = sorted({snapshot_id for snapshot_id, _ in pairs})
    rows = session.execute(select(Snapshot.id, Snapshot.listing_id).where(Snapshot.id.in_(ids)))
    listing_of = {snapshot_id: listing_id for snapshot_id, listing_id in rows}
    added = 0
    now = utcnow()
    for snapshot_id, verdict in pairs:
        if snapshot_id not in listing_of:
            raise ValueError(f"no snapshot {snapshot_id} to attach a verdict to")
        data = verdict.to_dict()
        new_id = insert_ignore(
            session,
            VerdictRow.__table__,
            {
                "listing_id": listing_of[snapshot_id],
                "snapshot_id": snapshot_id,
                "model_version": verdict.model_version,
                "score": float(verdict.score),
                "flagged": bool(verdict.flagged),
                "species": json_safe(data["species"]),
                "cues": json_safe(data["cues"]),
                "language": (verdict.language or None) and verdict.language[:16],
                "error": verdict.error,
                "details": json_safe(data.get("details") or {}),
                "created_at": now,
            },
            ("snapshot_id", "model_version"),
        )
        added += new_id is not None
    session.flush()
    return added


def verdicts_of_listing(session: Session, listing_id: int) -> list[VerdictRow]:
    """Every verdict of a listing, newest first (all snapshots, all model versions)."""
    return list(
        session.execute(
            select(VerdictRow)
            .where(VerdictRow.listing_id == listing_id)
            .order_by(VerdictRow.id.desc())
        ).scalars()
    )
