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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from classifiers.attachment import inside_domestic
from classifiers.cue_context import PhraseHit, negated, read_in_context
from classifiers.cues import (
    CueBook,
    PatternHit,
    find_patterns,
    is_form_of,
    load_cue_book,
    plain_word,
)
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
    attached_only: bool = False


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
        # Cue phrases sharing a folded key keep their written forms apart: "cara" folds like
        # "carro" but is no form of it (cues.is_form_of), and "mascota" is no "mascot".
        self.cue_forms: dict[tuple[str, ...], list[tuple[tuple[str, ...], _Entry]]] = {}
        self.written: dict[tuple[str, ...], _Entry] = {}  # listed forms, for the common case
        for kind in cue_book.kinds:
            entry = _Entry(None, kind.name, kind.direction, attached_only=kind.attached_only)
            for phrases in kind.phrases.values():
                for phrase in phrases:
                    key = self.key_of(phrase)
                    if not key:
                        continue
                    self.cues.setdefault(key, entry)
                    form = tuple(plain_word(w) for _, _, w in _words(phrase))
                    self.cue_forms.setdefault(key, []).append((form, entry))
                    self.written.setdefault(form, entry)
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
        domestic: list[tuple[int, int]] = []

        def written_form(i: int, j: int) -> _Entry | None:
            """The cue entry whose written form the words i..j are, if any."""
            plain = tuple(plain_word(w) for _, _, w in words[i:j])
            listed = self.index.written.get(plain)
            if listed is not None:
                return listed
            for form, entry in self.index.cue_forms[tuple(keys[i:j])]:
                if all(is_form_of(w, f) for w, f in zip(plain, form, strict=True)):
                    return entry
            return None

        phrases: list[PhraseHit] = []
        for i, j, entry in self._scan(keys, self.index.cues, self.index.cue_firsts, written_form):
            start, end = words[i][0], words[j - 1][1]
            if any(s <= start and end <= e for s, e in spans):
                continue  # "cachorro de jaguar" is a species, not the pet cue "cachorro"
            assert entry.cue_kind is not None and entry.direction is not None
            if entry.cue_kind == "domestic_pet" and not negated(keys, i):
                domestic.append((start, end))
            phrases.append(PhraseHit(i, j, entry.cue_kind, entry.direction, entry.attached_only))
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
        species_words = [(found[k][0], found[k][1]) for k in kept]
        context = [
            (span, (s.start, s.end), s.taxon.product)
            for span, s in zip(species_words, result.species, strict=True)
        ]
        for cue in read_in_context(text, words, keys, phrases, context):
            matched = text[cue.start : cue.end]
            result.cues.append(
                CueMatch(cue.kind, cue.name, cue.direction, matched, cue.start, cue.end)
            )
        result.cues.extend(_pattern_cue(hit) for hit in find_patterns(text))
        return result

    def _scan(
        self,
        keys: list[str],
        table: dict[tuple[str, ...], _Entry],
        firsts: set[str],
        resolve: Callable[[int, int], _Entry | None] | None = None,
    ) -> Iterator[tuple[int, int, _Entry]]:
        """Greedy longest-first, non-overlapping phrase matches over the folded keys.

        ``resolve(i, j)``, when given, confirms a key match from the written words (or refuses
        it, and a shorter phrase is tried).
        """
        i, n = 0, len(keys)
        while i < n:
            if keys[i] in firsts:
                for length in range(min(self.index.max_len, n - i), 0, -1):
                    entry = table.get(tuple(keys[i : i + length]))
                    if entry is not None and resolve is not None:
                        entry = resolve(i, i + length)
                    if entry is not None:
                        yield i, i + length, entry
                        i += length
                        break
                else:
                    i += 1
            else:
                i += 1


def _pattern_cue(hit: PatternHit) -> CueMatch:
    return CueMatch(hit.cue.kind, hit.cue.name, hit.cue.direction, hit.matched, hit.start, hit.end)


@lru_cache(maxsize=1)
def default_matcher() -> Matcher:
    """The matcher over the shipped lexicon and cue book, built once per process."""
    return Matcher()
