"""The product vocabulary: words that name what a post offers of a species, read from
``data/product_words.yaml`` (parts, objects, live-animal words, links between a product and its
species, and each taxa group's material and default product).

Words are read as written (unaccented, lowercase) with their plurals and diminutives; the
lexicon's folding merges too much for them ("pelo" with "pele", "pick" with "pico").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from classifiers.folding import strip_accents
from classifiers.types import Product

WORDS_FILE = Path(__file__).parent / "data" / "product_words.yaml"
WORD = re.compile(r"[^\W_]+")  # the matcher's word pieces
# How much a product word says: a named part beats an object (whose material is the taxon's),
# which beats "other part", a dead body ("seco", "stuffed") and a live-animal word.
WEAK = frozenset({Product.PART, Product.BODY, Product.LIVE})
OBJECT_RANK = 3
_RANK = {Product.PART: 2, Product.BODY: 1, Product.LIVE: 0}
_PART_RANK = 4
# Words of any language that may follow the species: "loro vivo", "arara filhote", "paiche seco".
_TRAILING = frozenset({Product.LIVE, Product.BODY})


class ProductWordsError(ValueError):
    """``product_words.yaml`` is malformed (the message names the key)."""


@dataclass(frozen=True)
class ProductWord:
    """A listed product phrase: its product (None for an object, made of the species' material)
    and whether it may follow the species ("jaguar fang", "loro vivo")."""

    product: Product | None
    trailing: bool

    @property
    def rank(self) -> int:
        if self.product is None:
            return OBJECT_RANK
        return _RANK.get(self.product, _PART_RANK)


@dataclass(frozen=True)
class ProductWords:
    """The vocabulary of ``data/product_words.yaml``, keyed for lookup."""

    phrases: dict[tuple[str, ...], ProductWord]  # unaccented lowercase forms
    links: frozenset[str]
    prepositions: frozenset[str]
    list_words: frozenset[str]
    group_materials: dict[str, Product]
    group_kinds: dict[str, Product]
    taxon_kinds: dict[str, Product]
    animal_names: dict[str, str]
    max_len: int


def _product(value: Any, where: str) -> Product:
    try:
        return Product(str(value))
    except ValueError as exc:
        raise ProductWordsError(f"{where}: {value!r} is not a product") from exc


def _phrases(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProductWordsError(f"{where}: expected a list of words")
    return value


_DIMINUTIVES = ("ito", "ita", "itos", "itas", "inho", "inha", "inhos", "inhas")


def inflections(word: str, language: str) -> set[str]:
    """Plural and diminutive forms of an unaccented noun of ``language`` ("es", "pt", "en").

    The lexicon's folding merges far more than inflections ("pelo" with "pele", "pick" with
    "pico"); product words are read as written, with these forms: "garra" -> "garras",
    "garrita", "garritas"; "piel" -> "pieles"; "pico" -> "piquito"; "fang" -> "fangs".
    """
    if len(word) < 3:
        return set()
    if language == "en":
        if word.endswith("y") and word[-2] not in "aeiou":
            return {word[:-1] + "ies"}
        return {word + "es" if word.endswith(("s", "x", "z", "ch", "sh")) else word + "s"}
    forms = {word + "es" if word[-1] in "lrndjszx" else word + "s"}
    stem = word[:-1] if word[-1] in "aeo" else word
    if stem.endswith("c"):
        stem = stem[:-1] + "qu"
    elif stem.endswith("g"):
        stem = stem + "u"
    forms.update(stem + suffix for suffix in _DIMINUTIVES)
    return forms


def _listed(data: dict[str, Any], where: str) -> list[tuple[str, str, ProductWord]]:
    """(phrase, language, word) for every product and object phrase of the file."""
    listed: list[tuple[str, str, ProductWord]] = []
    for name, languages in data["products"].items():
        product = _product(name, f"{where} products")
        for lang, phrases in languages.items():
            for phrase in _phrases(phrases, f"{where} products.{name}.{lang}"):
                trailing = lang == "en" or product in _TRAILING
                listed.append((phrase, lang, ProductWord(product, trailing)))
    for lang, phrases in data["objects"].items():
        for phrase in _phrases(phrases, f"{where} objects.{lang}"):
            listed.append((phrase, lang, ProductWord(None, lang == "en")))
    return listed


def _phrase_table(
    listed: list[tuple[str, str, ProductWord]], where: str
) -> dict[tuple[str, ...], ProductWord]:
    """Word tuples (unaccented, lowercase) -> product word: the listed phrases, then the
    plurals and diminutives of single words that no listed phrase or other product claims."""
    table: dict[tuple[str, ...], ProductWord] = {}
    variants: dict[tuple[str, ...], set[ProductWord]] = {}
    for phrase, lang, word in listed:
        key = tuple(strip_accents(w) for w in WORD.findall(phrase))
        current = table.get(key)
        if current is not None and current.product != word.product:
            raise ProductWordsError(f"{where}: {phrase!r} is listed as two products")
        if current is None or word.trailing:
            table[key] = word
        if len(key) == 1:
            for form in inflections(key[0], lang):
                variants.setdefault((form,), set()).add(word)
    for key, words in variants.items():
        if key not in table and len({w.product for w in words}) == 1:
            table[key] = max(words, key=lambda w: w.trailing)
    return table


def load_product_words_from(path: Path) -> ProductWords:
    """Read a product vocabulary file (see ``data/product_words.yaml`` for its layout)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    keys = {"products", "objects", "links", "prepositions", "list_words", "group_materials"}
    if not isinstance(data, dict) or not keys <= set(data):
        raise ProductWordsError(f"{path.name}: expected keys {sorted(keys)}")
    phrases = _phrase_table(_listed(data, path.name), path.name)

    def products(key: str) -> dict[str, Product]:
        return {k: _product(v, f"{path.name} {key}.{k}") for k, v in (data.get(key) or {}).items()}

    return ProductWords(
        phrases=phrases,
        links=frozenset(strip_accents(w) for w in _phrases(data["links"], f"{path.name} links")),
        prepositions=frozenset(_phrases(data["prepositions"], f"{path.name} prepositions")),
        list_words=frozenset(_phrases(data["list_words"], f"{path.name} list_words")),
        group_materials=products("group_materials"),
        group_kinds=products("group_kinds"),
        taxon_kinds=products("taxon_kinds"),
        animal_names={str(k): str(v) for k, v in (data.get("animal_names") or {}).items()},
        max_len=max(len(k) for k in phrases),
    )


@lru_cache(maxsize=1)
def load_product_words() -> ProductWords:
    """The shipped product vocabulary, read once per process."""
    return load_product_words_from(WORDS_FILE)
