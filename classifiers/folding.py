"""Fold words to match keys so one lexicon entry matches its plurals, diminutives and misspellings.

The same folding runs on lexicon phrases and on posts, so "Guacamayitas", "guacamalla" and
"guacamaya" share a key, as do "macaquinho"/"macaco" and "papagayo"/"papagaio". Folding is
deliberately lossy (it merges spellings people confuse: b/v, s/z/c, ll/y/i, silent h, doubled
letters) and language-neutral, because posts mix Spanish, Portuguese and English.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

# Diminutive endings (Spanish and Portuguese), longest first, with what replaces them.
_DIMINUTIVES: tuple[tuple[str, str], ...] = (
    ("zinhos", ""),
    ("zinhas", ""),
    ("quinhos", "c"),
    ("quinhas", "c"),
    ("guinhos", "g"),
    ("guinhas", "g"),
    ("zinho", ""),
    ("zinha", ""),
    ("quinho", "c"),
    ("quinha", "c"),
    ("guinho", "g"),
    ("guinha", "g"),
    ("inhos", ""),
    ("inhas", ""),
    ("inho", ""),
    ("inha", ""),
    ("ecitos", ""),
    ("ecitas", ""),
    ("ecito", ""),
    ("ecita", ""),
    ("citos", ""),
    ("citas", ""),
    ("cito", ""),
    ("cita", ""),
    ("quitos", "c"),
    ("quitas", "c"),
    ("quito", "c"),
    ("quita", "c"),
    ("guitos", "g"),
    ("guitas", "g"),
    ("guito", "g"),
    ("guita", "g"),
    ("illos", ""),
    ("illas", ""),
    ("illo", ""),
    ("illa", ""),
    ("itos", ""),
    ("itas", ""),
    ("ito", ""),
    ("ita", ""),
)
_MIN_STEM = 3
_PHONETIC: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        (r"ph", "f"),
        (r"ll", "y"),
        (r"y", "i"),
        (r"qu", "k"),
        (r"c(?=[ei])", "s"),
        (r"ch", "\x01"),  # keep "ch" apart from the hard c below
        (r"c", "k"),
        (r"\x01", "ch"),
        (r"g(?=[ei])", "j"),
        (r"gu(?=[ei])", "g"),
        (r"z", "s"),
        (r"v", "b"),
        (r"w", "u"),
        (r"(?<![csnlp])h", ""),
        (r"(.)\1+", r"\1"),
    )
)


def strip_accents(text: str) -> str:
    """Lowercase and drop diacritics ("Tucán" -> "tucan", "ção" -> "cao")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _stem(word: str) -> str:
    """Strip one plural and one diminutive ending, then a final vowel."""
    if len(word) <= _MIN_STEM:
        return word
    if word.endswith("oes") and len(word) > 5:
        word = word[:-3] + "ao"
    elif (
        word.endswith("ies")
        and len(word) > 5
        or word.endswith("es")
        and len(word) > 4
        and word[-3] in "rlndzj"
    ):
        word = word[:-2]
    elif word.endswith("is") and len(word) > 5 and word[-3] in "ae":
        word = word[:-2] + "l"
    elif word.endswith("s") and len(word) > 3 and word[-2] in "aeiou":
        word = word[:-1]
    elif word.endswith("s") and len(word) > 4 and word[-2] not in "su":
        word = word[:-1]  # English plurals after a consonant: frogs, macaws, parrots
    for suffix, repl in _DIMINUTIVES:
        if word.endswith(suffix) and len(word) - len(suffix) + len(repl) >= _MIN_STEM:
            word = word[: -len(suffix)] + repl
            break
    if len(word) > 3 and word[-1] in "aeo":
        word = word[:-1]
    return word


@lru_cache(maxsize=200_000)
def fold_raw(token: str) -> str:
    """The fold of one word before the blocklist applies (see :func:`fold_token`).

    Words of three letters or fewer are only lowercased and unaccented (marked with ``=``):
    folding "hen" or "cm" would turn them into other words.
    """
    plain = strip_accents(token)
    if len(plain) <= 3:
        return "=" + plain
    word = _stem(plain)
    for pattern, repl in _PHONETIC:
        word = pattern.sub(repl, word)
    return word


# Closed-class words of Spanish, Portuguese and English (prepositions, conjunctions, pronouns,
# articles, common adverbs and forms of "to be"). Folding them is never useful and sometimes
# harmful: "para" folds like "pares" (a quantity cue), "porque" like "porco" (livestock), "pero"
# like "perro". They are kept as they are (marked with ``=``), on lexicon phrases and posts alike.
_FUNCTION_TEXT = """
    para pra pras pero porque porqué porquê como cómo todo toda todos todas esta está estas
    este esto estos estar estoy estan están estao estão esse essa isso isto aquele aquela
    mas más mais bem bien cada cual cuál qual quais quem quien quién donde dónde onde cuando
    quando desde hasta até entre sobre sin sem contra hacia segun según durante mientras
    pues poco pouco muito mucho mucha muchos muchas tambien también tambem também tampoco
    ainda aun aún solo sólo somente apenas nada nadie ninguém alguien algum alguma algo
    otro otra outro outra otros outras outros mismo mesma mesmo tanto tanta tudo cosa coisa
    that this these those with from into onto over under about after before there their
    they them then than when what where which while your yours have here just only some
    very also much many more most such each every
"""
FUNCTION_WORDS: frozenset[str] = frozenset(_FUNCTION_TEXT.split())
FUNCTION_KEYS: frozenset[str] = frozenset(strip_accents(w) for w in FUNCTION_WORDS)


def _load_blocklist(path: Path) -> frozenset[str]:
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


BLOCKLIST_FILE = Path(__file__).parent / "data" / "fold_blocklist.txt"
_BLOCKED = _load_blocklist(BLOCKLIST_FILE)


@lru_cache(maxsize=200_000)
def fold_token(token: str) -> str:
    """The match key of one word: lowercase, unaccented, stemmed, phonetically normalised.

    Dictionary words that would fold onto a species name they are not ("passar" onto
    "pássaro", "link" onto "lince") are listed in ``data/fold_blocklist.txt`` and kept as they
    are (marked with ``=``); :mod:`classifiers.collisions` regenerates that list. Function
    words (:data:`FUNCTION_WORDS`: "para", "porque", "pero") are kept as they are too.
    """
    plain = strip_accents(token)
    if plain in _BLOCKED or plain in FUNCTION_KEYS:
        return "=" + plain
    return fold_raw(token)


def deletes(key: str) -> set[str]:
    """Every string one deletion away from ``key`` (for edit-distance-1 lookups)."""
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


def within_one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if la < lb else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
