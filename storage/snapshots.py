"""Snapshot content: its normalised hash, and which snapshot is the latest of each listing."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import Select, func, select

from storage.models import Snapshot


def _squash(value: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def content_hash(
    title: str | None,
    text: str | None,
    price: Decimal | None,
    currency: str | None,
    location: str | None,
    image_urls: Iterable[str],
) -> str:
    """SHA-256 over the normalised content: same hash = same snapshot, whitespace aside."""
    payload = {
        "title": _squash(title),
        "text": _squash(text),
        "price": "" if price is None else format(price.normalize(), "f"),
        "currency": (currency or "").upper(),
        "location": _squash(location),
        "images": sorted({u.strip() for u in image_urls if u and u.strip()}),
    }
    blob = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()


def latest_snapshot_ids() -> Select[int]:
    """``SELECT max(id) ... GROUP BY listing_id``: the newest snapshot of every listing."""
    return select(func.max(Snapshot.id)).group_by(Snapshot.listing_id)
