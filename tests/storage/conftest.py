"""Factories for storage tests: listing records as the store pipeline hands them over."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from classifiers.types import CueDirection, CueHit, SpeciesHit, Verdict

Record = dict[str, Any]


def make_record(**overrides: Any) -> Record:
    """A record like ``asdict(ListingItem) | {"key": ...}`` with sensible defaults."""
    record: Record = {
        "platform": "demo_market",
        "source_url": "http://127.0.0.1/listing/1",
        "canonical_url": "http://127.0.0.1/listing/1",
        "platform_id": "1",
        "title": "Guacamayo azul",
        "text": "Vendo guacamayo, entrega inmediata, chama no zap",
        "price_raw": "$ 1.500",
        "price": 1500.0,
        "currency": "MXN",
        "location": "CDMX",
        "seller_handle": "@exoticos_mx",
        "seller_name": "Exóticos MX",
        "seller_url": None,
        "phones": [],
        "whatsapp": [],
        "emails": [],
        "profile_urls": [],
        "posted_at": None,
        "posted_raw": None,
        "image_urls": ["http://127.0.0.1/img/1.jpg"],
        "language": "es",
        "country": "MX",
        "fetched_at": datetime(2025, 1, 1, 12, 0, tzinfo=UTC),
        "capture_ref": None,
        "status": "active",
    }
    record.update(overrides)
    if "key" not in overrides:
        if record["platform_id"]:
            record["key"] = f"id:{record['platform_id']}"
        else:
            url = record["canonical_url"] or record["source_url"]
            record["key"] = "url:" + hashlib.sha256(url.encode()).hexdigest()[:32]
    return record


def make_verdict(score: float, version: str = "v1", flagged: bool | None = None) -> Verdict:
    """A verdict naming one species and one cue, flagged at 0.5 unless told."""
    return Verdict(
        score=score,
        flagged=score >= 0.5 if flagged is None else flagged,
        model_version=version,
        species=(SpeciesHit("macaw", "Ara ararauna", "II", "guacamayo", 0, 9),),
        cues=(CueHit("sale", "phrase", CueDirection.RAISES, 0.4, "vendo", 0, 5),),
        language="es",
    )


@pytest.fixture
def record() -> Callable[..., Record]:
    """The :func:`make_record` factory."""
    return make_record
