"""Trade cues: phrase lists from ``data/cues.yaml`` and the patterns for prices and contacts.

A cue is evidence about intent, not about species: "vendo", "chama no zap" and a phone number
raise the score; "peluche", "color marfil" and "rescatan" lower it. Phrases are matched by the
matcher on folded tokens; the patterns here run on the raw text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from classifiers.types import CueDirection

CUES_FILE = Path(__file__).parent / "data" / "cues.yaml"


@dataclass(frozen=True)
class CueKind:
    """A family of cue phrases (e.g. ``shipping``) and which way it pushes the score."""

    name: str
    direction: CueDirection
    phrases: dict[str, list[str]]


@dataclass(frozen=True)
class CueBook:
    """Every phrase cue kind, in file order (raising kinds first)."""

    kinds: list[CueKind]

    def names(self, direction: CueDirection | None = None) -> list[str]:
        """Kind names, optionally only those pushing in ``direction``."""
        return [k.name for k in self.kinds if direction is None or k.direction is direction]


def load_cue_book_from(path: Path) -> CueBook:
    """Parse a cues YAML file (``raises:`` and ``lowers:`` maps of kind -> language -> phrases)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    kinds: list[CueKind] = []
    for section, direction in (("raises", CueDirection.RAISES), ("lowers", CueDirection.LOWERS)):
        for name, by_lang in (data.get(section) or {}).items():
            if not isinstance(by_lang, dict):
                raise ValueError(f"{path.name}: {section}.{name} must map languages to lists")
            phrases = {str(lang): [str(p) for p in items or []] for lang, items in by_lang.items()}
            kinds.append(CueKind(name=str(name), direction=direction, phrases=phrases))
    return CueBook(kinds=kinds)


@lru_cache(maxsize=1)
def load_cue_book() -> CueBook:
    """The shipped cue book, read once per process."""
    return load_cue_book_from(CUES_FILE)


@dataclass(frozen=True)
class PatternCue:
    """A regular expression that finds one kind of textual evidence (price, phone...)."""

    name: str
    kind: str
    direction: CueDirection
    pattern: re.Pattern[str]


_CURRENCY = r"(?:R\$|US\$|MX\$|S/\.?|\$|€|£|¥|USD|MXN|BRL|COP|ARS|CLP|PEN|EUR|Bs\.?)"
_NUMBER = r"\d{1,3}(?:[.,\s]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_AMOUNT_WORDS = r"(?:pesos|reais|real|soles|d[oó]lares|dollars|bucks|mil|lucas|luca|conto|contos|k)"

PATTERN_CUES: tuple[PatternCue, ...] = (
    PatternCue(
        "phone number",
        "contact",
        CueDirection.RAISES,
        re.compile(r"(?<![\w.])\+?\(?\d{2,4}\)?(?:[\s.-]?\d{2,5}){2,4}(?![\w.])"),
    ),
    PatternCue(
        "price amount",
        "price",
        CueDirection.RAISES,
        re.compile(
            rf"{_CURRENCY}\s?(?:{_NUMBER})|(?:{_NUMBER})\s?(?:{_CURRENCY}|{_AMOUNT_WORDS}\b)",
            re.IGNORECASE,
        ),
    ),
    PatternCue(
        "e-mail address",
        "contact",
        CueDirection.RAISES,
        re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),
    ),
    PatternCue(
        "chat link",
        "contact",
        CueDirection.RAISES,
        re.compile(r"(?:wa\.me|api\.whatsapp\.com|t\.me|chat\.whatsapp\.com)/\S+", re.IGNORECASE),
    ),
    PatternCue(
        "handle",
        "contact",
        CueDirection.RAISES,
        re.compile(r"(?<![\w@])@[A-Za-z0-9_.]{3,30}\b"),
    ),
    PatternCue(
        "weight",
        "quantity_weight",
        CueDirection.RAISES,
        re.compile(
            r"\b\d+(?:[.,]\d+)?\s?(?:kg|kilos?|quilos?|g|gr|grs|gramos|gramas|lbs?|oz)\b", re.I
        ),
    ),
)


@dataclass(frozen=True)
class PatternHit:
    """One match of a :class:`PatternCue` in the text."""

    cue: PatternCue
    start: int
    end: int
    matched: str


def find_patterns(text: str) -> list[PatternHit]:
    """All pattern cue matches in ``text``, earlier patterns winning overlaps (phone over price)."""
    hits: list[PatternHit] = []
    taken: list[tuple[int, int]] = []
    has_digit = any(ch.isdigit() for ch in text)
    for cue in PATTERN_CUES:
        if (
            not has_digit
            and cue.kind in ("price", "quantity_weight")
            or (cue.name == "phone number" and not has_digit)
        ):
            continue
        for match in cue.pattern.finditer(text):
            start, end = match.span()
            if cue.name == "phone number" and sum(ch.isdigit() for ch in match.group()) < 8:
                continue
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            hits.append(PatternHit(cue, start, end, match.group()))
    return hits
