"""Turn matcher output into the lexicon feature vector the trained head reads.

Every feature has a name (stored in the model artefact, so a head refuses a vector built by a
different feature list) and a reason to exist: species named, which group, product or live,
CITES appendix, each cue kind, and the interactions a linear head cannot form by itself
("a species AND a price" means far more than either alone).
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import numpy as np

from classifiers.attachment import ATTACHED_KIND
from classifiers.cues import load_cue_book
from classifiers.lexicon import GROUP_PRIORITY
from classifiers.matcher import Matches
from classifiers.product_roles import UPKEEP_KIND
from classifiers.types import CueDirection

PATTERN_KINDS: tuple[str, ...] = ("price", "contact", "quantity_weight")
# Cues the matcher derives from context: a species attached to a product ("jaula para loro"),
# an offered animal's kit or diet ("con jaula y juguetes", "ya come semillas").
DERIVED_KINDS: tuple[str, ...] = (ATTACHED_KIND, UPKEEP_KIND)
# "Every species named belongs to a product" is grammar, not wording, and holds in text the
# training set never saw; a larger value is a weaker penalty on its weight, so the head leans
# on it rather than on the n-grams of the training set's particular product words.
ATTACHED_SCALE = 4.0
SALE_KINDS = frozenset({"offer", "wanted", "price", "price_word"})
CONTACT_KINDS = frozenset({"contact", "private_channel", "shipping"})
ANIMAL_KINDS = frozenset({"young", "tame", "wild_origin", "exclusivity", "legality_claim"})

SPECIES_FEATURES: tuple[str, ...] = (
    "species_strong",
    "species_weak_only",
    "species_code_word",
    "species_product",
    "species_cites_I",
    "species_cites_listed",
    "species_distinct",
    "species_fuzzy",
    "species_all_attached",
)
INTERACTIONS: tuple[str, ...] = (
    "species_x_sale",
    "species_x_contact",
    "species_x_animal_cue",
    "species_x_negative",
    "weak_x_sale",
    "weak_x_negative",
    "product_x_weight",
    "product_x_medicinal",
    "sale_x_negative",
    "no_species_x_sale",
    "domestic_no_species",
)
SHAPE_FEATURES: tuple[str, ...] = ("log_words", "has_url", "raising_total", "lowering_total")


def cue_kinds() -> list[str]:
    """Cue kinds with a feature each: the cue book's phrase kinds, the patterns, derived kinds."""
    names = load_cue_book().names()
    return names + [k for k in (*PATTERN_KINDS, *DERIVED_KINDS) if k not in names]


def lowering_kinds() -> set[str]:
    """Cue kinds declared as lowering (negative contexts, species attached to a product)."""
    return {*load_cue_book().names(CueDirection.LOWERS), ATTACHED_KIND}


def feature_names() -> list[str]:
    """Every lexicon feature name, in vector order."""
    groups = [f"group_{g}" for g in GROUP_PRIORITY]
    cues = [f"cue_{k}" for k in cue_kinds()]
    return [*SPECIES_FEATURES, *groups, *cues, *INTERACTIONS, *SHAPE_FEATURES]


_PACKAGE = Path(__file__).parent
# What decides the vector a post gets: the code that folds, matches and builds features, and
# the knowledge files it reads. Any edit to them changes :func:`spec_hash`.
_SPEC_SOURCES: tuple[str, ...] = (
    "folding.py",
    "matcher.py",
    "attachment.py",
    "cue_context.py",
    "product_roles.py",
    "cues.py",
    "lexicon.py",
    "features.py",
    "ngrams.py",
    "data/cues.yaml",
    "data/fold_blocklist.txt",
    # Not features, but what decides a flag beside the score: a new reading is a new model.
    "intent.py",
    "data/intent.yaml",
)


def spec_hash() -> str:
    """A hash of the feature specification: feature names, feature code and knowledge files.

    It goes into the model version, so two artefacts trained on the same data with a different
    matcher or cue book have different versions (and ``classify --rescore`` tells them apart).
    """
    digest = hashlib.sha256("\n".join(feature_names()).encode("utf-8"))
    taxa = sorted((_PACKAGE / "data" / "taxa").glob("*.yaml"))
    for path in [*(_PACKAGE / name for name in _SPEC_SOURCES), *taxa]:
        digest.update(path.relative_to(_PACKAGE).as_posix().encode("utf-8"))
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


class FeatureBuilder:
    """Builds lexicon feature vectors; the column order is :func:`feature_names`."""

    def __init__(self) -> None:
        self.names = feature_names()
        self.column = {name: i for i, name in enumerate(self.names)}
        self._lowering = lowering_kinds()

    def vector(self, matches: Matches) -> np.ndarray:
        """The feature vector of one post."""
        x = np.zeros(len(self.names), dtype=np.float32)
        col = self.column
        strong = [s for s in matches.species if not s.weak]
        weak = [s for s in matches.species if s.weak]
        anyspecies = bool(strong) or bool(weak)
        x[col["species_strong"]] = float(bool(strong))
        x[col["species_weak_only"]] = float(bool(weak) and not strong)
        x[col["species_code_word"]] = float(any(s.code_word for s in matches.species))
        x[col["species_product"]] = float(any(s.taxon.product for s in strong))
        x[col["species_cites_I"]] = float(any(s.taxon.cites_appendix == "I" for s in strong))
        x[col["species_cites_listed"]] = float(any(s.taxon.cites_appendix for s in strong))
        x[col["species_distinct"]] = math.log1p(len({s.taxon.id for s in matches.species}))
        x[col["species_fuzzy"]] = float(any(s.fuzzy for s in matches.species))
        for s in strong or weak:
            key = f"group_{s.taxon.group}"
            if key in col:
                x[col[key]] = 1.0
        counts: dict[str, int] = {}
        for cue in matches.cues:
            counts[cue.kind] = counts.get(cue.kind, 0) + 1
        attached = counts.get(ATTACHED_KIND, 0)
        # Every species named is an attribute of a product ("jaula para loro"): nothing alive
        # or made of the animal is offered, so sale and contact cues say nothing about it.
        all_attached = anyspecies and attached >= len(matches.species)
        x[col["species_all_attached"]] = ATTACHED_SCALE * float(all_attached)
        for kind, n in counts.items():
            key = f"cue_{kind}"
            if key in col:
                x[col[key]] = math.log1p(min(n, 5))
        sale = any(counts.get(k) for k in SALE_KINDS)
        contact = any(counts.get(k) for k in CONTACT_KINDS)
        animal = any(counts.get(k) for k in ANIMAL_KINDS)
        lowering = sum(n for k, n in counts.items() if k in self._lowering)
        raising = sum(n for k, n in counts.items() if k not in self._lowering)
        x[col["species_x_sale"]] = float(bool(strong) and sale and not all_attached)
        x[col["species_x_contact"]] = float(bool(strong) and contact and not all_attached)
        x[col["species_x_animal_cue"]] = float(anyspecies and animal)
        x[col["species_x_negative"]] = float(bool(strong) and lowering > 0)
        x[col["weak_x_sale"]] = float(bool(weak) and not strong and sale)
        x[col["weak_x_negative"]] = float(bool(weak) and lowering > 0)
        x[col["product_x_weight"]] = float(
            any(s.taxon.product for s in matches.species) and bool(counts.get("quantity_weight"))
        )
        # Traditional medicine is the market for bile, scales, horn and seahorses: a medicinal
        # word beside a wildlife product is trade, beside a balm or a bracelet it is not.
        x[col["product_x_medicinal"]] = float(
            any(s.taxon.product for s in matches.species) and bool(counts.get("medicinal"))
        )
        x[col["sale_x_negative"]] = float(sale and lowering > 0)
        x[col["no_species_x_sale"]] = float(not anyspecies and sale)
        # a dog, cat, budgie or pet-shop fish is named and no wild species: a pet-shop listing
        x[col["domestic_no_species"]] = float(not strong and bool(counts.get("domestic_pet")))
        x[col["log_words"]] = math.log1p(matches.n_words) / 5.0
        x[col["has_url"]] = float(matches.n_urls > 0)
        x[col["raising_total"]] = math.log1p(raising)
        x[col["lowering_total"]] = math.log1p(lowering)
        return x

    def matrix(self, all_matches: list[Matches]) -> np.ndarray:
        """Stacked feature vectors, one row per post."""
        if not all_matches:
            return np.zeros((0, len(self.names)), dtype=np.float32)
        return np.stack([self.vector(m) for m in all_matches])
