"""Split a listing's text into plain and highlighted segments from a verdict's offsets.

The template escapes every segment; nothing here produces markup, so hostile listing text
can never become HTML.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Segment:
    """A run of text, with the highlight kind ('species', 'raises', 'lowers') or None."""

    text: str
    kind: str | None = None
    label: str = ""


def classified_text(title: str | None, text: str | None) -> str:
    """The exact string the classifier saw (its offsets index into it)."""
    return f"{title}\n{text or ''}" if title else (text or "")


def _species_label(species: Mapping[str, Any]) -> str:
    """ "jaguar · CITES I · fang": the hover text of a highlighted species."""
    parts = [str(species.get("taxon", "")), f"CITES {species.get('cites_appendix') or '-'}"]
    if species.get("product"):
        parts.append(str(species["product"]).replace("_", " "))
    return " · ".join(parts)


def _spans(
    species: Iterable[Mapping[str, Any]], cues: Iterable[Mapping[str, Any]]
) -> list[tuple[int, int, str, str]]:
    spans = [
        (
            int(s["start"]),
            int(s["end"]),
            "species",
            _species_label(s),
        )
        for s in species
    ]
    spans += [
        (
            int(c["start"]),
            int(c["end"]),
            str(c.get("direction", "raises")),
            f"{c.get('kind', '')}: {c.get('name', '')}",
        )
        for c in cues
        if int(c.get("start", -1)) >= 0
    ]
    return sorted(spans)


def segments(
    full: str, species: Iterable[Mapping[str, Any]], cues: Iterable[Mapping[str, Any]]
) -> list[Segment]:
    """Non-overlapping segments covering ``full``; earlier spans win where spans overlap."""
    out: list[Segment] = []
    pos = 0
    for start, end, kind, label in _spans(species, cues):
        start, end = max(start, pos), min(end, len(full))
        if start >= end:
            continue
        if start > pos:
            out.append(Segment(full[pos:start]))
        out.append(Segment(full[start:end], kind, label))
        pos = end
    if pos < len(full):
        out.append(Segment(full[pos:]))
    return out
