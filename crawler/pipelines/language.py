"""Language of a post with :mod:`lingua`, restricted to the languages the trade is posted in.

The detector is built once per process and per language set, on first use.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

DEFAULT_LANGUAGES = ("es", "pt", "en", "fr", "de", "it", "id", "zh", "vi", "th")
#: Fewer letters than this and the guess is not worth storing.
MIN_LETTERS = 12
#: Characters of a post read for the guess (the start of a post names its language).
SAMPLE = 1_000


@lru_cache(maxsize=4)
def _detector(codes: tuple[str, ...]) -> LanguageDetector:
    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in codes]
    return (
        LanguageDetectorBuilder.from_languages(*languages)
        .with_minimum_relative_distance(0.1)
        .build()
    )


def known_codes(codes: Iterable[str]) -> tuple[str, ...]:
    """The ISO 639-1 codes among ``codes`` that lingua knows, lower-cased and unique."""
    out: list[str] = []
    for code in codes:
        c = code.strip().lower()
        if c and hasattr(IsoCode639_1, c.upper()) and c not in out:
            out.append(c)
    return tuple(out)


def detect_language(text: str, codes: tuple[str, ...] = DEFAULT_LANGUAGES) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or None when too short or unclear."""
    sample = text[:SAMPLE]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS or len(codes) < 2:
        return None
    found = _detector(codes).detect_language_of(sample)
    return found.iso_code_639_1.name.lower() if found is not None else None
