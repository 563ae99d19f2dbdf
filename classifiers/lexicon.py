"""Species knowledge: the taxa of the wildlife trade, their names in en/es/pt and trade code words.

Data lives in ``classifiers/data/taxa/*.yaml`` (one file per group). Names are listed once in
their dictionary form; the matcher folds plurals, diminutives, accents and misspellings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

TAXA_DIR = Path(__file__).parent / "data" / "taxa"
# libyaml's safe loader when PyYAML was built with it (five times faster on the taxa files)
_YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
LANGUAGES: tuple[str, ...] = ("en", "es", "pt")

# Groups by how much of the online trade they make up (studies: birds and reptiles by volume,
# then primates and wild-cat parts); search terms are interleaved in this order.
GROUP_PRIORITY: tuple[str, ...] = (
    "parrot",
    "songbird",
    "turtle",
    "primate",
    "reptile",
    "wild_cat",
    "mammal_product",
    "bird",
    "mammal",
    "amphibian",
    "shark",
    "fish",
    "arachnid",
    "marine_invertebrate",
)


class LexiconError(ValueError):
    """A taxa file is malformed (the message names the file and the entry)."""


_BINOMIAL = re.compile(r"[A-Z][a-z]+ [a-z]{3,}")


@dataclass(frozen=True)
class Taxon:
    """One traded taxon (species, genus or family) or one product made from it."""

    id: str
    scientific_name: str
    group: str
    cites_appendix: str | None
    iucn: str | None
    names: dict[str, list[str]]
    code_words: list[str] = field(default_factory=list)
    product: bool = False
    weak_names: frozenset[str] = frozenset()
    rank: str = "species"

    @property
    def common_name(self) -> str:
        """The readable name analysts see: the first English name, else any, else scientific."""
        for lang in ("en", *LANGUAGES):
            if self.names.get(lang):
                return self.names[lang][0]
        return self.scientific_name

    @property
    def binomial(self) -> str | None:
        """The scientific name when it is a plain binomial ("Ara chloropterus"), else None.

        Sellers who know their trade write it ("Ara chloroptera, filhote"); families and
        qualified names ("Ursidae", "Cairina moschata (wild)") are not words a post uses.
        """
        return self.scientific_name if _BINOMIAL.fullmatch(self.scientific_name) else None

    def all_names(self) -> list[tuple[str, str]]:
        """Every (language, name) pair: dictionary names, code words, then the binomial."""
        pairs = [(lang, name) for lang in LANGUAGES for name in self.names.get(lang, [])]
        pairs += [("any", word) for word in self.code_words]
        if self.binomial and not self.product:
            pairs.append(("any", self.binomial))
        return pairs


@dataclass(frozen=True)
class Lexicon:
    """All taxa, in trade-priority order within each group."""

    taxa: list[Taxon]

    def by_id(self) -> dict[str, Taxon]:
        """Taxa keyed by their slug."""
        return {taxon.id: taxon for taxon in self.taxa}

    def search_terms(self, language: str, budget: int) -> list[str]:
        """Marketplace search queries for ``language``, most-traded groups first.

        Groups are interleaved (one term from each group per round, in ``GROUP_PRIORITY``
        order), so a small budget still covers parrots, songbirds, primates, cats and parts.
        Within a group, taxa keep their file order (most offered first); each contributes its
        first name in the language, then its first code word.
        """
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}")
        queues: dict[str, list[str]] = {}
        seen: set[str] = set()
        for taxon in self.taxa:
            names = taxon.names.get(language, [])[:2] + taxon.code_words[:1]
            for name in names:
                term = name.strip().lower()
                if len(term) < 4 or term in seen or term in taxon.weak_names:
                    continue
                seen.add(term)
                queues.setdefault(taxon.group, []).append(term)
        order = [g for g in GROUP_PRIORITY if g in queues] + sorted(
            g for g in queues if g not in GROUP_PRIORITY
        )
        out: list[str] = []
        depth = 0
        while len(out) < budget and any(depth < len(queues[g]) for g in order):
            for group in order:
                if depth < len(queues[group]) and len(out) < budget:
                    out.append(queues[group][depth])
            depth += 1
        return out


def _as_list(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LexiconError(f"{where}: expected a list of strings, got {value!r}")
    return [v.strip() for v in value if v.strip()]


def _taxon(entry: dict[str, Any], group: str, product: bool, where: str) -> Taxon:
    try:
        taxon_id = str(entry["id"])
        scientific = str(entry["sci"])
    except KeyError as exc:
        raise LexiconError(f"{where}: missing field {exc}") from exc
    cites = entry.get("cites")
    if cites not in (None, "I", "II", "III"):
        raise LexiconError(f"{where} {taxon_id}: CITES appendix must be I, II, III or null")
    names = {lang: _as_list(entry.get(lang), f"{where} {taxon_id}.{lang}") for lang in LANGUAGES}
    if not any(names.values()):
        raise LexiconError(f"{where} {taxon_id}: no names")
    weak = _as_list(entry.get("weak"), f"{where} {taxon_id}.weak")
    return Taxon(
        id=taxon_id,
        scientific_name=scientific,
        group=str(entry.get("group", group)),
        cites_appendix=cites,
        iucn=entry.get("iucn"),
        names=names,
        code_words=_as_list(entry.get("code"), f"{where} {taxon_id}.code"),
        product=bool(entry.get("product", product)),
        weak_names=frozenset(w.lower() for w in weak),
        rank=str(entry.get("rank", "species")),
    )


def load_lexicon_from(directory: Path) -> Lexicon:
    """Read every ``*.yaml`` taxa file in ``directory`` (sorted by name)."""
    taxa: list[Taxon] = []
    seen: set[str] = set()
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
        if not isinstance(data, dict) or "taxa" not in data or "group" not in data:
            raise LexiconError(f"{path.name}: expected keys 'group' and 'taxa'")
        for entry in data["taxa"]:
            taxon = _taxon(entry, str(data["group"]), bool(data.get("product")), path.name)
            if taxon.id in seen:
                raise LexiconError(f"{path.name}: duplicate taxon id {taxon.id}")
            seen.add(taxon.id)
            taxa.append(taxon)
    if not taxa:
        raise LexiconError(f"no taxa files found in {directory}")
    return Lexicon(taxa=taxa)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The shipped lexicon, read once per process."""
    return load_lexicon_from(TAXA_DIR)
