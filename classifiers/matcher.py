"""Find species names and cue phrases in a post, with character offsets.

Word pieces (runs of letters and digits, URLs and e-mails skipped) are folded
(:mod:`classifiers.folding`) and looked up, longest phrase first, in one index built from the
lexicon and the cue book. A regular expression splits words: spaCy's tokenizer was measured at
6,400 posts/s here, a third of the whole classify budget, for no gain once words are folded. Words
that miss the index get one edit of slack against the lexicon's vocabulary, which catches
misspellings the folding does not ("tarantla", "guacamyo"). Offsets index the text given.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from classifiers.attachment import (
    ATTACHED_KIND,
    PRODUCT_KINDS,
    attached_pairs,
    inside_domestic,
    purpose_attached,
)
from classifiers.cues import CueBook, PatternHit, find_patterns, load_cue_book
from classifiers.folding import deletes, fold_token, within_one_edit
from classifiers.lexicon import Lexicon, Taxon, load_lexicon
from classifiers.types import CueDirection

_WORD = re.compile(r"[^\W_]+")
_URL = re.compile(r"https?://|www\.", re.IGNORECASE)
_SKIP = re.compile(r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+", re.IGNORECASE)
_FUZZY_MIN = 7  # folded length below which a one-letter change is too likely a different word
MAX_MATCH_CHARS = 20_000  # longer posts are matched on their first 20,000 characters


@dataclass(frozen=True)
class SpeciesMatch:
    """A taxon named in the text; ``weak`` when the name alone is ambiguous ("mono", "tigre")."""

    taxon: Taxon
    matched: str
    start: int
    end: int
    weak: bool
    code_word: bool
    fuzzy: bool


@dataclass(frozen=True)
class CueMatch:
    """A cue phrase or pattern found in the text."""

    kind: str
    name: str
    direction: CueDirection
    matched: str
    start: int
    end: int


@dataclass
class Matches:
    """Everything the matcher found in one text."""

    species: list[SpeciesMatch] = field(default_factory=list)
    cues: list[CueMatch] = field(default_factory=list)
    n_words: int = 0
    n_urls: int = 0
    truncated: bool = False


@dataclass(frozen=True)
class _Entry:
    taxon: Taxon | None
    cue_kind: str | None
    direction: CueDirection | None
    weak: bool = False
    code_word: bool = False


class PhraseIndex:
    """Folded phrase tuples -> what they name (a taxon or a cue kind)."""

    def __init__(self, lexicon: Lexicon, cue_book: CueBook) -> None:
        self.species: dict[tuple[str, ...], _Entry] = {}
        self.cues: dict[tuple[str, ...], _Entry] = {}
        for taxon in lexicon.taxa:
            for lang, name in taxon.all_names():
                key = self.key_of(name)
                if not key:
                    continue
                is_code = lang == "any"
                weak = name.lower() in taxon.weak_names or (is_code and len(key) == 1)
                entry = _Entry(taxon, None, None, weak=weak, code_word=is_code)
                current = self.species.get(key)
                if current is None or (current.weak and not weak):
                    self.species[key] = entry
        for kind in cue_book.kinds:
            for phrases in kind.phrases.values():
                for phrase in phrases:
                    key = self.key_of(phrase)
                    if key and key not in self.cues:
                        self.cues[key] = _Entry(None, kind.name, kind.direction)
        self.max_len = max(len(k) for k in [*self.species, *self.cues])
        self.species_firsts = {k[0] for k in self.species}
        self.cue_firsts = {k[0] for k in self.cues}
        self._fuzzy: dict[str, set[str]] = {}
        for key in self.species:
            for word in key:
                if len(word) >= _FUZZY_MIN:
                    for variant in deletes(word) | {word}:
                        self._fuzzy.setdefault(variant, set()).add(word)
        self.vocabulary = {w for k in self.species for w in k} | {w for k in self.cues for w in k}

    def key_of(self, phrase: str) -> tuple[str, ...]:
        """The folded word tuple of a phrase, tokenised like posts are."""
        return tuple(fold_token(w) for _, _, w in _words(phrase))

    def correct(self, word: str) -> str | None:
        """The lexicon word one edit away from ``word``, if exactly one exists."""
        if len(word) < _FUZZY_MIN or word.startswith("=") or word in self.vocabulary:
            return None
        candidates: set[str] = set(self._fuzzy.get(word, ()))
        for variant in deletes(word):
            candidates |= self._fuzzy.get(variant, set())
        found = {c for c in candidates if within_one_edit(word, c)}
        return found.pop() if len(found) == 1 else None


def _words(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, text) of each word piece; URLs and e-mails are skipped."""
    skips: list[tuple[int, int]] = []
    if "@" in text or "://" in text or "www." in text:
        skips = [m.span() for m in _SKIP.finditer(text)]
    for match in _WORD.finditer(text):
        start = match.start()
        if skips and any(s <= start < e for s, e in skips):
            continue
        yield start, match.end(), match.group()


class Matcher:
    """Finds species and cues in texts; build once (about a second), reuse for every post."""

    def __init__(self, lexicon: Lexicon | None = None, cue_book: CueBook | None = None) -> None:
        self.index = PhraseIndex(lexicon or load_lexicon(), cue_book or load_cue_book())
        self._correct = lru_cache(maxsize=100_000)(self.index.correct)

    def match(self, text: str) -> Matches:
        """Species and cues in ``text`` (offsets into ``text``)."""
        result = Matches(truncated=len(text) > MAX_MATCH_CHARS)
        text = text[:MAX_MATCH_CHARS]
        words: list[tuple[int, int, str]] = []
        keys: list[str] = []
        fuzzy: list[bool] = []
        for start, end, word in _words(text):
            key = fold_token(word)
            corrected = None
            if key not in self.index.vocabulary:
                corrected = self._correct(key)
            words.append((start, end, word))
            keys.append(corrected or key)
            fuzzy.append(corrected is not None)
        result.n_words = len(words)
        result.n_urls = len(_URL.findall(text))
        found = list(self._scan(keys, self.index.species, self.index.species_firsts))
        spans = [(words[i][0], words[j - 1][1]) for i, j, _ in found]
        products: list[tuple[int, int, str]] = []
        domestic: list[tuple[int, int]] = []
        for i, j, entry in self._scan(keys, self.index.cues, self.index.cue_firsts):
            start, end = words[i][0], words[j - 1][1]
            if any(s <= start and end <= e for s, e in spans):
                continue  # "cachorro de jaguar" is a species, not the pet cue "cachorro"
            assert entry.cue_kind is not None and entry.direction is not None
            kind, direction, name = entry.cue_kind, entry.direction, text[start:end].lower()
            if kind == "domestic_pet" and _negated(keys, i):
                # "no es perro ni gato", "não é gato": the sellers' euphemism for a wild animal
                kind, direction, name = "exclusivity", CueDirection.RAISES, "negated domestic pet"
            elif kind == "domestic_pet":
                domestic.append((start, end))
            elif kind in PRODUCT_KINDS:
                products.append((i, j, " ".join(w for _, _, w in words[i:j]).lower()))
            result.cues.append(CueMatch(kind, name, direction, text[start:end], start, end))
        kept = [k for k, span in enumerate(spans) if not inside_domestic(span, domestic)]
        for k in kept:
            i, j, entry = found[k]
            assert entry.taxon is not None
            start, end = spans[k]
            result.species.append(
                SpeciesMatch(
                    taxon=entry.taxon,
                    matched=text[start:end],
                    start=start,
                    end=end,
                    weak=entry.weak,
                    code_word=entry.code_word,
                    fuzzy=any(fuzzy[i:j]),
                )
            )
        # A product taxon after a product noun is its material ("figura de marfil"): not attached.
        species_words = [
            (found[k][0], found[k][1]) if not result.species[n].taxon.product else (0, 0)
            for n, k in enumerate(kept)
        ]
        pairs = [
            (si, products[pi][0], products[pi][1])
            for si, pi in attached_pairs(text, words, keys, species_words, products)
        ]
        done = {si for si, _, _ in pairs}
        pairs += [
            (si, first, first + 2)
            for si, first in purpose_attached(text, words, keys, species_words)
            if si not in done
        ]
        for si, p_i, p_j in pairs:
            start = min(words[p_i][0], result.species[si].start)
            end = max(words[p_j - 1][1], result.species[si].end)
            result.cues.append(
                CueMatch(
                    ATTACHED_KIND,
                    "species attached to product",
                    CueDirection.LOWERS,
                    text[start:end],
                    start,
                    end,
                )
            )
        result.cues.extend(_pattern_cue(hit) for hit in find_patterns(text))
        return result

    def _scan(
        self, keys: list[str], table: dict[tuple[str, ...], _Entry], firsts: set[str]
    ) -> Iterator[tuple[int, int, _Entry]]:
        """Greedy longest-first, non-overlapping phrase matches over the folded keys."""
        i, n = 0, len(keys)
        while i < n:
            if keys[i] in firsts:
                for length in range(min(self.index.max_len, n - i), 0, -1):
                    entry = table.get(tuple(keys[i : i + length]))
                    if entry is not None:
                        yield i, i + length, entry
                        i += length
                        break
                else:
                    i += 1
            else:
                i += 1


_NEGATORS = frozenset(fold_token(w) for w in ("no", "ni", "não", "nem", "not", "nor", "neither"))
_FILLERS = frozenset(
    fold_token(w)
    for w in ("es", "son", "é", "são", "era", "un", "una", "um", "uma", "is", "a", "an")
)


def _negated(keys: list[str], i: int) -> bool:
    """Whether the word at ``i`` follows a negation, with at most two copula or article words."""
    for back in range(1, 4):
        if i - back < 0:
            return False
        key = keys[i - back]
        if key in _NEGATORS:
            return True
        if key not in _FILLERS:
            return False
    return False


def _pattern_cue(hit: PatternHit) -> CueMatch:
    return CueMatch(hit.cue.kind, hit.cue.name, hit.cue.direction, hit.matched, hit.start, hit.end)


@lru_cache(maxsize=1)
def default_matcher() -> Matcher:
    """The matcher over the shipped lexicon and cue book, built once per process."""
    return Matcher()
