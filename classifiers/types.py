"""The Verdict contract shared by the classifier, storage, the review app and exports."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class CueDirection(StrEnum):
    """Whether a cue pushed the score towards trafficking or away from it."""

    RAISES = "raises"
    LOWERS = "lowers"


@dataclass(frozen=True)
class SpeciesHit:
    """A taxon named in the text, and where (character offsets into the classified text).

    ``taxon`` is the readable common name (the first English name, e.g. "brown-throated
    sloth"); ``taxon_id`` is the lexicon's stable slug (e.g. "bradypus-variegatus").
    """

    taxon: str
    scientific_name: str
    cites_appendix: str | None
    matched: str
    start: int
    end: int
    iucn: str | None = None
    group: str | None = None
    taxon_id: str | None = None


@dataclass(frozen=True)
class CueHit:
    """A phrase or feature that raised or lowered the score, with its offsets when textual."""

    name: str
    kind: str
    direction: CueDirection
    weight: float
    matched: str = ""
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class Verdict:
    """The classifier's answer for one text: every flag explains itself."""

    score: float
    flagged: bool
    model_version: str
    species: tuple[SpeciesHit, ...] = ()
    cues: tuple[CueHit, ...] = ()
    language: str | None = None
    error: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def reasons(self) -> list[str]:
        """Human-readable reasons, strongest first, for terminals and exports."""
        out = [
            f"species: {s.taxon} ({s.scientific_name}, CITES {s.cites_appendix or '-'})"
            for s in self.species
        ]
        ranked = sorted(self.cues, key=lambda c: -abs(c.weight))
        for cue in ranked:
            sign = "+" if cue.direction is CueDirection.RAISES else "-"
            shown = f' "{cue.matched}"' if cue.matched else ""
            out.append(f"{sign} {cue.kind}: {cue.name}{shown}")
        return out

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["species"] = [asdict(s) for s in self.species]
        data["cues"] = [{**asdict(c), "direction": c.direction.value} for c in self.cues]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Verdict:
        return cls(
            score=float(data["score"]),
            flagged=bool(data["flagged"]),
            model_version=str(data["model_version"]),
            species=tuple(SpeciesHit(**s) for s in data.get("species", [])),
            cues=tuple(
                CueHit(**{**c, "direction": CueDirection(c["direction"])})
                for c in data.get("cues", [])
            ),
            language=data.get("language"),
            error=data.get("error"),
            details=dict(data.get("details") or {}),
        )
