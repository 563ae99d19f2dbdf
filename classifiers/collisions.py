"""Find common words that folding would confuse with a species name, and block them.

Folding is lossy on purpose, so a few everyday words land on a species key: Portuguese
"passar" (to pass) folds like "pássaro", English "link" like "lince". This module scans the
word lists of spaCy's lookup tables (``spacy-lookups-data``: es, pt and en lemma tables and the
es/en word-frequency tables, plus a few everyday words they miss) and lists every dictionary word
that folds onto a one-word species name without being a form of it (:func:`is_form_of_name`:
"corujas" and "monitos" are forms of "coruja" and "mono"; "passar" is no form of
"passarinho", nor "botas" of "boto"). The matcher keeps those words as they are. Run ``python -m classifiers.collisions`` after editing the taxa files; it rewrites
``data/fold_blocklist.txt`` (committed, a few KB).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from classifiers.folding import _DIMINUTIVES, BLOCKLIST_FILE, fold_raw, strip_accents
from classifiers.lexicon import TAXA_DIR, Lexicon, load_lexicon_from

_TABLES: tuple[tuple[str, str], ...] = (
    ("es", "lemma_lookup"),
    ("pt", "lemma_lookup"),
    ("en", "lemma_lookup"),
    ("es", "lexeme_prob"),
    ("en", "lexeme_prob"),
)
_MIN_PROB = -16.0  # frequency tables: skip words rarer than this log-probability
# Everyday words and brand names that spaCy's tables lack or rank too rare, yet posts use.
_EXTRA_WORDS: tuple[str, ...] = ("geek", "geeks", "geeky", "crocs", "snacks", "burma")
# Words spelt as a form of a species name that posts far more often mean something else:
# brands, teams, places, a gemstone, an English plural. Blocked although they are forms.
_EVERYDAY_FORMS: frozenset[str] = frozenset(
    {
        "crocs",  # the shoes, not "crocs" the crocodiles
        "diamondbacks",  # the baseball team
        "machines",  # English, not the plural of "machín" (a capuchin)
        "barbados",  # the island, not howler monkeys ("barbado")
        "antilla",  # the Antilles, not a small tapir ("anta")
        "antillas",
        "amazonita",  # amazonite, a gemstone sold as jewellery
        "amazonitas",
        "pintadinha",  # "Galinha Pintadinha", a children's brand
        "pintadinhas",
    }
)
# Diminutive endings that attach to the whole word ("tiburoncito", "corujazinha", "leaozinho"),
# unlike "-ito"/"-inho", which replace the final vowel and keep it as the gender ("monito").
_WHOLE_WORD_DIMINUTIVES: tuple[str, ...] = ("z", "c", "ec")


def _singulars(word: str) -> set[str]:
    """The word and every singular it may be the plural of (es, pt and en endings)."""
    found = {word}
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        found.add(word[:-1])  # loros, corujas, tatus, frogs
    if word.endswith("es") and len(word) > 4:
        found.add(word[:-2])  # tiburones, alacranes, tigres
    if word.endswith("oes") and len(word) > 4:
        found.add(word[:-3] + "ao")  # leoes
    if word.endswith("ies") and len(word) > 4:
        found.add(word[:-3] + "y")  # harpies
    if word.endswith(("ais", "eis")) and len(word) > 4:
        found.add(word[:-2] + "l")  # corais
    if word.endswith("ns") and len(word) > 4:
        found.add(word[:-2] + "m")  # pinguins
    return found


def _diminutive_base(word: str) -> str | None:
    """The word a singular diminutive is made from ("sapinho" -> "sapo"), or None."""
    for suffix, repl in _DIMINUTIVES:
        if suffix.endswith("s") or not word.endswith(suffix):
            continue
        stem = word[: -len(suffix)] + repl
        if len(stem) < 3:
            return None
        if suffix.startswith(_WHOLE_WORD_DIMINUTIVES):
            return stem
        return stem + word[-1]  # "-ito"/"-inho" replaced the final vowel; "-ita" keeps "a"
    return None


def is_form_of_name(word: str, name: str) -> bool:
    """True when ``word`` (unaccented) is ``name``, its plural, diminutive or diminutive plural.

    Only forms made from the name count, not the word a diminutive name is made from nor its
    other diminutives: "coleira" (a collar) and "coleirita" are no forms of "coleirinha" (a
    seedeater), nor is "passar" of "passarinho", nor "botas" of "boto".
    """
    singulars = _singulars(word)
    if name in singulars:
        return True
    return any(_diminutive_base(single) == name for single in singulars)


def _dictionary() -> Iterator[tuple[str, str]]:
    """(word, lemma) pairs from spaCy's lookup tables (read from the package's JSON files)."""
    import gzip
    import json

    import spacy_lookups_data

    data_dir = Path(spacy_lookups_data.__file__).parent / "data"
    for lang, table_name in _TABLES:
        with gzip.open(data_dir / f"{lang}_{table_name}.json.gz", "rt", encoding="utf-8") as fh:
            table = json.load(fh)
        if table_name == "lexeme_prob":
            for word, prob in table.items():
                if float(prob) >= _MIN_PROB:
                    yield word, word  # a lemma table may add the word's real lemma
        else:
            for word, lemma in table.items():
                if isinstance(lemma, str):
                    yield word, lemma
                    yield lemma, lemma
    for word in _EXTRA_WORDS:
        yield word, word


def collisions(lexicon: Lexicon, words: Iterator[tuple[str, str]]) -> set[str]:
    """Dictionary words whose fold is a one-word species key they are no form of."""
    keys: dict[str, set[str]] = {}  # fold -> the one-word names (unaccented) folding to it
    for taxon in lexicon.taxa:
        for _, name in taxon.all_names():
            if len(name.split()) == 1 and "-" not in name:
                keys.setdefault(fold_raw(name), set()).add(strip_accents(name))
    vocabulary = {strip_accents(w) for pair in words for w in pair}
    blocked: set[str] = set()
    for plain in vocabulary:
        if not plain.isalpha() or len(plain) <= 3:
            continue
        names = keys.get(fold_raw(plain))
        if names and (
            plain in _EVERYDAY_FORMS or not any(is_form_of_name(plain, n) for n in names)
        ):
            blocked.add(plain)
    return blocked


def write_blocklist(path: Path = BLOCKLIST_FILE) -> int:
    """Recompute the blocklist from the shipped taxa; return how many words it holds."""
    blocked = collisions(load_lexicon_from(TAXA_DIR), _dictionary())
    header = "# generated by `python -m classifiers.collisions`; do not edit by hand\n"
    path.write_text(header + "\n".join(sorted(blocked)) + "\n", encoding="utf-8")
    return len(blocked)


if __name__ == "__main__":
    count = write_blocklist()
    print(f"{count} words written to {BLOCKLIST_FILE}", file=sys.stderr)
