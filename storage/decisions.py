"""Analysts' decisions on flagged verdicts, and the audit trail of who did what."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.db import write_intent
from storage.enums import DecisionLabel
from storage.models import AuditEvent, Decision, VerdictRow, utcnow
from storage.runs import json_safe


def record_audit(
    session: Session, who: str, what: str, object_ref: str, details: dict[str, Any] | None = None
) -> AuditEvent:
    """Append an audit event (``object_ref`` like ``"verdict:12"``); the caller commits."""
    write_intent(session)
    event = AuditEvent(
        who=who[:200],
        what=what[:200],
        object_ref=object_ref[:200],
        details=json_safe(details or {}),
    )
    session.add(event)
    session.flush()
    return event


def record_decision(
    session: Session,
    verdict_id: int,
    label: DecisionLabel | str,
    analyst: str,
    note: str = "",
) -> Decision:
    """Record an analyst's label on a verdict (and an audit event); the caller commits.

    The listing leaves the review queue of every model version for this snapshot.
    Raises ValueError for an unknown verdict, label or an empty analyst name.
    """
    if not analyst.strip():
        raise ValueError("a decision needs the analyst's name")
    try:
        chosen = DecisionLabel(label)
    except ValueError as exc:
        allowed = ", ".join(m.value for m in DecisionLabel)
        raise ValueError(f"unknown label {label!r}; use one of {allowed}") from exc
    write_intent(session)
    listing_id = session.execute(
        select(VerdictRow.listing_id).where(VerdictRow.id == verdict_id)
    ).scalar_one_or_none()
    if listing_id is None:
        raise ValueError(f"no verdict {verdict_id}")
    decision = Decision(
        verdict_id=verdict_id,
        listing_id=listing_id,
        label=chosen,
        analyst=analyst.strip()[:200],
        note=note,
        created_at=utcnow(),
    )
    session.add(decision)
    session.flush()
    record_audit(
        session,
        analyst.strip(),
        f"decision:{chosen.value}",
        f"verdict:{verdict_id}",
        {"decision_id": decision.id, "listing_id": listing_id, "note": note},
    )
    return decision


def decisions_of_listing(session: Session, listing_id: int) -> list[Decision]:
    """Every decision on a listing, newest first."""
    return list(
        session.execute(
            select(Decision).where(Decision.listing_id == listing_id).order_by(Decision.id.desc())
        ).scalars()
    )
