"""What a post offers of each species it names: the live animal, or which part or product.

The matcher says which species a post names; the words attached to that name say what is
offered. Spanish and Portuguese put the product first, tied by "de" ("colmillos grandes de
jaguar", "pele de jaguatirica", "filhote de papagaio"; not "vale la pena el loro"); English
puts it after the species ("tiger claw", "ivory carving"); live-animal words follow in any
language ("loro vivo", "arara filhote"). Products of one list are shared ("pieles de ocelote
y margay"). An object made of an animal is its material ("peineta de carey" is shell, "botas
de cocodrilo" skin). A species the matcher read as attached to a toy, print or cage is
:attr:`Product.GOODS`. With no product word, a species traded alive is a live animal and a
product taxon (ivory, shark fin) is its own kind.

This reading adds information to a verdict; it changes no feature and no score.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from classifiers.attachment import ATTACHED_KIND, joined
from classifiers.folding import strip_accents
from classifiers.lexicon import Lexicon, Taxon, load_lexicon
from classifiers.matcher import MAX_MATCH_CHARS, CueMatch, SpeciesMatch
from classifiers.product_words import (
    OBJECT_RANK,
    WEAK,
    WORD,
    ProductWord,
    ProductWords,
    load_product_words,
)
from classifiers.types import Product

_MAX_LINKS = 3  # words like "de", "grandes", "un" between a product and its species
_MAX_CROSSED = 4  # species of a list crossed back to the product named before it
# What ivory is called in posts besides ivory: tusks are "colmillos", carvings "bovine bone".
_IVORY_NAMES = frozenset({Product.FANG, Product.BONE, Product.HORN})
# Words that qualify the species they precede with no "de": "baby sloth", "stuffed owl".
_UNTIED = frozenset({Product.LIVE, Product.BODY})


@dataclass
class _Words:
    """One text's word pieces: offsets and unaccented lowercase forms."""

    text: str
    spans: list[tuple[int, int]]
    plain: list[str]

    @classmethod
    def of(cls, text: str) -> _Words:
        found = list(WORD.finditer(text))
        return cls(
            text,
            [m.span() for m in found],
            [strip_accents(m.group()) for m in found],
        )

    def joined(self, k: int) -> bool:
        """No sentence or list punctuation between word ``k`` and the next."""
        return joined(self.text, self.spans[k][1], self.spans[k + 1][0])


class ProductReader:
    """Reads the product of every species a post names; build once, reuse for every post."""

    def __init__(self, words: ProductWords | None = None, lexicon: Lexicon | None = None) -> None:
        self.words = words or load_product_words()
        self._kinds: dict[str, Product] = {}
        self._live_names: dict[str, str] = {}
        for taxon in (lexicon or load_lexicon()).taxa:
            if not taxon.product:
                self._live_names.setdefault(taxon.scientific_name, taxon.common_name)

    def read(
        self, text: str, species: Sequence[SpeciesMatch], cues: Sequence[CueMatch] = ()
    ) -> list[Product]:
        """The product of each of ``species`` (the matcher's, offsets into ``text``), in order."""
        if not species:
            return []
        words = _Words.of(text[:MAX_MATCH_CHARS])
        firsts = [start for start, _ in words.spans]
        spans = [(bisect_left(firsts, s.start), bisect_left(firsts, s.end)) for s in species]
        starts = {j: i for i, j in spans if i < j}  # exclusive end -> start of each species
        attached = {(c.start, c.end) for c in cues if c.kind == ATTACHED_KIND}
        return [
            Product.GOODS
            if attached and any(a <= s.start and s.end <= b for a, b in attached)
            else self._read_one(words, i, j, s.taxon, starts)
            for s, (i, j) in zip(species, spans, strict=True)
        ]

    def kind(self, taxon: Taxon) -> Product:
        """What ``taxon`` is offered as when no product word is attached to it."""
        if not taxon.product:
            return Product.LIVE
        if taxon.id not in self._kinds:
            self._kinds[taxon.id] = (
                self.words.taxon_kinds.get(taxon.id)
                or self._most_named(taxon)
                or self.words.group_kinds.get(taxon.group)
                or Product.PART
            )
        return self._kinds[taxon.id]

    def animal_name(self, taxon: Taxon) -> str:
        """The readable name of the animal a taxon is or comes from: "jaguar" for the product
        taxon "jaguar skin" (its live taxon's name), "shark" for "shark fin" (its own name
        without the product words), else the taxon's common name."""
        if not taxon.product:
            return taxon.common_name
        if taxon.id in self.words.animal_names:
            return self.words.animal_names[taxon.id]
        if taxon.scientific_name in self._live_names:
            return self._live_names[taxon.scientific_name]
        words = _Words.of(taxon.common_name)
        i, j = 0, len(words.plain)
        while j > i and (hit := self._ending(words, j - 1, i)) is not None:
            j = hit[0]  # "pangolin scales", "ivory carving"
        while j > i and words.plain[j - 1] in self.words.links:
            j -= 1
        if i == j:
            return taxon.common_name  # "bushmeat", "tusk": a product with no animal named
        return taxon.common_name[words.spans[i][0] : words.spans[j - 1][1]]

    def material(self, taxon: Taxon) -> Product:
        """What an object made of ``taxon`` is made of (ivory, shell, skin...)."""
        kind = self.kind(taxon)
        if taxon.product and kind not in WEAK:
            return kind
        return self.words.group_materials.get(taxon.group, Product.PART)

    def _most_named(self, taxon: Taxon) -> Product | None:
        """The part a product taxon's dictionary names name most often (the first named on a
        tie), else its code words' ("carved bovine bone" is a cover name for ivory, not bone)."""
        dictionary = [name for names in taxon.names.values() for name in names]
        for names in (dictionary, taxon.code_words):
            counts: Counter[Product] = Counter()
            for name in names:
                words = _Words.of(name)
                word = self._inside(words, 0, len(words.plain), product_taxon=True)
                if word is not None and word.product not in (None, Product.LIVE):
                    counts[word.product] += 1
            if counts:
                return counts.most_common(1)[0][0]
        return None

    def _read_one(
        self, words: _Words, i: int, j: int, taxon: Taxon, starts: dict[int, int]
    ) -> Product:
        found = self._inside(words, i, j, taxon.product) or self._around(words, i, j, starts)
        if found is None:
            return self.kind(taxon)
        if found.product is None:
            return self.material(taxon)
        kind = self.kind(taxon)
        if found.product in _IVORY_NAMES and kind is Product.IVORY:
            return Product.IVORY  # an elephant's "colmillo" is a tusk, "bovine bone" its cover
        if found.product is Product.BODY and kind not in WEAK:
            return kind  # "tiburón martillo seca" is a dried fin, not a dried shark
        return found.product

    def _phrase(self, words: _Words, i: int, j: int) -> ProductWord | None:
        return self.words.phrases.get(tuple(words.plain[i:j]))

    def _starting(self, words: _Words, i: int, limit: int) -> tuple[int, ProductWord] | None:
        """The longest product phrase starting at word ``i`` and ending before ``limit``."""
        for length in range(min(self.words.max_len, limit - i), 0, -1):
            found = self._phrase(words, i, i + length)
            if found is not None:
                return i + length, found
        return None

    def _ending(self, words: _Words, k: int, floor: int) -> tuple[int, ProductWord] | None:
        """The longest product phrase ending at word ``k`` and starting at ``floor`` or later."""
        for length in range(min(self.words.max_len, k + 1 - floor), 0, -1):
            found = self._phrase(words, k + 1 - length, k + 1)
            if found is not None:
                return k + 1 - length, found
        return None

    def _inside(self, words: _Words, i: int, j: int, product_taxon: bool) -> ProductWord | None:
        """A product word inside the species' own name ("colmillo de jaguar", "jaguar cub").

        A product taxon's names are product phrases: any word counts. A live taxon's name
        counts only as a product phrase ("plumas de quetzal", "baby sloth", "sloth baby"), not
        where a product word is part of an animal's name ("tortuga de concha blanda").
        """
        found: list[ProductWord] = []
        k = i
        while k < j:
            hit = self._starting(words, k, j)
            if hit is None:
                k += 1
                continue
            end, word = hit
            at_head = (
                k == i
                and end < j
                and (word.product in _UNTIED or words.plain[end] in self.words.prepositions)
            )
            at_tail = end == j and k > i and word.trailing
            if product_taxon or at_head or at_tail:
                found.append(word)
            k = end
        return max(found, key=lambda w: w.rank, default=None)

    def _around(self, words: _Words, i: int, j: int, starts: dict[int, int]) -> ProductWord | None:
        """A product word attached before the species (through links) or right after it."""
        before = self._before(words, i, starts)
        after = None
        if j < len(words.plain) and j > 0 and words.joined(j - 1):
            hit = self._starting(words, j, len(words.plain))
            if hit is not None and hit[1].trailing:
                after = hit[1]
        if before is None or after is None:
            return before or after
        return after if after.rank > before.rank else before

    def _before(self, words: _Words, i: int, starts: dict[int, int]) -> ProductWord | None:
        """Walk back from the species over links; the first named part or object wins, else the
        nearest weak word (a dead body, a live animal) on the way.

        The walk crosses the species before it in a list or a qualifier (``starts``: the start
        word of each species by its exclusive end): "pieles de ocelote y margay", "huevos de
        tortuga golfina" share the product named before the first.
        """
        weak: ProductWord | None = None
        k, links, tied, crossed = i - 1, 0, False, 0
        while k >= 0 and words.joined(k):
            if k + 1 in starts and crossed < _MAX_CROSSED:  # the last word of another species
                crossed += 1
                head = self._starting(words, starts[k + 1], k + 1)
                if head is not None and head[1].rank >= OBJECT_RANK:
                    return head[1]
                k = starts[k + 1] - 1
                continue
            hit = self._ending(words, k, 0)
            if hit is not None:
                start, word = hit
                if word.product not in _UNTIED and not tied:
                    break  # "vale la pena el loro": no "de" ties "pena" to the parrot
                if word.rank >= OBJECT_RANK:
                    return word
                weak = weak or word
                k = start - 1
            elif words.plain[k] in self.words.links and links < _MAX_LINKS:
                tied = tied or words.plain[k] in self.words.prepositions
                links += 1
                k -= 1
            elif words.plain[k] in self.words.list_words and k in starts and words.joined(k - 1):
                k -= 1  # "ocelote y margay": on to the species before
            else:
                break
        return weak


@lru_cache(maxsize=1)
def default_product_reader() -> ProductReader:
    """The reader over the shipped vocabulary, built once per process."""
    return ProductReader()
