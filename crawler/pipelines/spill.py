"""Spill files: items the database could not take, kept as JSONL so nothing is lost.

One file per spider run under ``<data dir>/spill/``; each line is a store record (the
ListingItem fields plus ``key``) and a ``spill_reason``. :func:`read_spill` gives the
records back, ready for :func:`storage.listings.store_listings`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storage.runs import json_safe


class SpillFile:
    """An append-only JSONL file, created on the first write."""

    def __init__(self, folder: Path, spider: str) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        self.path = folder / f"{spider}-{stamp}.jsonl"
        self.count = 0

    def write(self, records: Sequence[Mapping[str, Any]], reason: str) -> None:
        """Append ``records`` with the reason they were not stored."""
        if not records:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as fh:
            for record in records:
                line = json_safe({**record, "spill_reason": reason})
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")
        self.count += len(records)


def read_spill(path: Path) -> list[dict[str, Any]]:
    """The records of a spill file (without ``spill_reason``), to store them again."""
    records = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                record = json.loads(line)
                record.pop("spill_reason", None)
                records.append(record)
    return records
