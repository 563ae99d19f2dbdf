"""The review queue: a query, not a status column.

A row is a flagged verdict of one model version on a listing's latest snapshot, with no
analyst decision on that snapshot yet (under any model version). A new model version
brings its own queue; an edited listing (new snapshot) comes back for review.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased, selectinload

from classifiers.types import Verdict
from storage.enums import ContactKind, ListingStatus
from storage.models import Decision, Listing, Seller, Snapshot, VerdictRow
from storage.snapshots import latest_snapshot_ids

#: Orders of the queue: highest score first, or most recently fetched first.
QUEUE_ORDERS = ("score", "newest")


@dataclass(frozen=True)
class ContactInfo:
    """One canonical contact of a seller."""

    kind: ContactKind
    value: str


@dataclass(frozen=True)
class QueueRow:
    """Everything an analyst needs to triage one flagged listing."""

    verdict_id: int
    listing_id: int
    snapshot_id: int
    model_version: str
    score: float
    species: list[dict[str, Any]]
    cues: list[dict[str, Any]]
    reasons: list[str]
    verdict_language: str | None
    platform: str
    key: str
    status: ListingStatus
    source_url: str
    canonical_url: str
    first_seen: datetime
    last_seen: datetime
    title: str
    text: str
    price: Decimal | None
    currency: str | None
    location: str | None
    language: str | None
    country: str | None
    posted_at: datetime | None
    fetched_at: datetime
    image_urls: list[str]
    capture_ref: str | None
    seller_id: int | None
    seller_handle: str | None
    seller_name: str | None
    seller_url: str | None
    person_id: int | None
    contacts: list[ContactInfo]


def newest_model_version(session: Session) -> str | None:
    """The model version of the most recently saved verdict, or None when there is none."""
    return session.execute(
        select(VerdictRow.model_version)
        .order_by(VerdictRow.created_at.desc(), VerdictRow.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def _pending(model_version: str) -> Select[VerdictRow, Listing, Snapshot]:
    decided = aliased(VerdictRow)
    has_decision = (
        select(Decision.id)
        .join(decided, decided.id == Decision.verdict_id)
        .where(decided.snapshot_id == VerdictRow.snapshot_id)
        .exists()
    )
    return (
        select(VerdictRow, Listing, Snapshot)
        .join(Snapshot, Snapshot.id == VerdictRow.snapshot_id)
        .join(Listing, Listing.id == VerdictRow.listing_id)
        .where(
            VerdictRow.model_version == model_version,
            VerdictRow.flagged.is_(True),
            VerdictRow.snapshot_id.in_(latest_snapshot_ids()),
            ~has_decision,
        )
    )


def _reasons(verdict: VerdictRow) -> list[str]:
    try:
        return Verdict.from_dict(
            {
                "score": verdict.score,
                "flagged": verdict.flagged,
                "model_version": verdict.model_version,
                "species": verdict.species,
                "cues": verdict.cues,
            }
        ).reasons
    except (KeyError, TypeError, ValueError):
        # Rows written by an older classifier with other fields: show the raw names.
        return [str(s.get("taxon", s)) for s in verdict.species if isinstance(s, dict)]


def flagged_queue(
    session: Session,
    model_version: str | None = None,
    order: str = "score",
    limit: int = 50,
    offset: int = 0,
) -> list[QueueRow]:
    """A page of the review queue of ``model_version`` (default: the newest present)."""
    version = model_version or newest_model_version(session)
    if version is None:
        return []
    stmt = _pending(version)
    if order == "score":
        stmt = stmt.order_by(VerdictRow.score.desc(), VerdictRow.id)
    elif order == "newest":
        stmt = stmt.order_by(Snapshot.fetched_at.desc(), VerdictRow.id.desc())
    else:
        raise ValueError(f"order must be 'score' or 'newest', not {order!r}")
    rows = session.execute(stmt.limit(limit).offset(offset)).all()
    seller_ids = {listing.seller_id for _, listing, _ in rows if listing.seller_id}
    sellers = {
        s.id: s
        for s in session.execute(
            select(Seller).where(Seller.id.in_(seller_ids)).options(selectinload(Seller.contacts))
        ).scalars()
    }
    out = []
    for verdict, listing, snap in rows:
        seller = sellers.get(listing.seller_id) if listing.seller_id else None
        contacts = [
            ContactInfo(c.kind, c.value)
            for c in (seller.contacts if seller else [])
            if c.kind is not ContactKind.HANDLE
        ]
        out.append(
            QueueRow(
                verdict_id=verdict.id,
                listing_id=listing.id,
                snapshot_id=snap.id,
                model_version=verdict.model_version,
                score=verdict.score,
                species=list(verdict.species),
                cues=list(verdict.cues),
                reasons=_reasons(verdict),
                verdict_language=verdict.language,
                platform=listing.platform,
                key=listing.key,
                status=listing.status,
                source_url=listing.source_url,
                canonical_url=listing.canonical_url,
                first_seen=listing.first_seen,
                last_seen=listing.last_seen,
                title=snap.title,
                text=snap.text,
                price=snap.price,
                currency=snap.currency,
                location=snap.location,
                language=snap.language,
                country=snap.country,
                posted_at=snap.posted_at,
                fetched_at=snap.fetched_at,
                image_urls=[str(u) for u in snap.image_urls],
                capture_ref=snap.capture_ref,
                seller_id=seller.id if seller else None,
                seller_handle=seller.handle if seller else None,
                seller_name=seller.display_name if seller else None,
                seller_url=seller.profile_url if seller else None,
                person_id=seller.person_id if seller else None,
                contacts=contacts,
            )
        )
    return out


def queue_size(session: Session, model_version: str | None = None) -> int:
    """How many flagged listings of ``model_version`` (default: newest) await a decision."""
    version = model_version or newest_model_version(session)
    if version is None:
        return 0
    sub = _pending(version).with_only_columns(VerdictRow.id).subquery()
    return int(session.execute(select(func.count()).select_from(sub)).scalar_one())
