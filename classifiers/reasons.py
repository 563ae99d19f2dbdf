"""A verdict's reasons as an analyst reads them: the evidence in the text first.

The order answers an analyst's questions in turn: which species and what of it is offered
("names jaguar (Panthera onca, CITES I): fang"), is it an offer ("offer: "vendo""), at what
price ("price: 2.500 MXN"), how to reach the seller ("contact: "WhatsApp""), what else the text
says about the animal; then what argues against trade ("against: toy "peluche""); and last,
what the model weighed that is not a phrase of the text ("model, raises: wording learnt from
labelled posts"). Cues keep their offsets in the verdict, so the review page highlights the
words each reason quotes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from classifiers.cues import PATTERN_CUES
from classifiers.types import CueDirection, CueHit, SpeciesHit

SPECIES_REASON = "names "  # how a species reason starts, for callers that show species apart
MODEL_REASON = "model"  # how a model-internal reason starts
_QUOTED_PER_KIND = 3  # matched phrases quoted per cue kind; more are counted
# Raising evidence in the order an analyst checks it; kinds not listed come after, by weight.
_EVIDENCE_ORDER = (
    "offer",
    "wanted",
    "price",
    "price_word",
    "contact",
    "private_channel",
    "shipping",
    "young",
    "tame",
    "wild_origin",
    "legality_claim",
    "exclusivity",
    "quantity_weight",
    "medicinal",
    "animal_upkeep",
)
_LABELS = {
    "price_word": "price word",
    "private_channel": "private contact",
    "young": "young animal",
    "wild_origin": "wild-caught",
    "legality_claim": "papers claim",
    "exclusivity": "rarity claim",
    "quantity_weight": "quantity",
    "medicinal": "medicinal use",
    "animal_upkeep": "kit or diet of an animal",
    "species_attached_to_product": "species named as a product",
}
# Values a pattern found (a price, a phone number) are shown as written; phrases are quoted.
_PATTERNS = frozenset(cue.name for cue in PATTERN_CUES)
_UNNAMED_PATTERNS = frozenset(
    {"price", "quantity_weight"}
)  # "price: 2.500 MXN", not "price amount"
_INTERNALS = {
    "species": "a species is named",
    "embedding": "meaning of the text",
    "wording": "wording learnt from labelled posts (character n-grams)",
    "species_x_sale": "species together with a sale cue",
    "species_x_contact": "species together with a contact",
    "species_x_animal_cue": "species together with an animal cue",
    "species_x_negative": "species in a negative context",
    "weak_x_sale": "ambiguous name with a sale cue",
    "weak_x_negative": "ambiguous name in a negative context",
    "product_x_weight": "product sold by weight",
    "product_x_medicinal": "product with a medicinal claim",
    "sale_x_negative": "sale cue in a negative context",
    "no_species_x_sale": "sale cue with no species named",
    "domestic_no_species": "domestic animal with no wild species named",
}


def species_reason(hit: SpeciesHit) -> str:
    """ "names jaguar (Panthera onca, CITES I): fang", with the zoonotic risk when there is one."""
    out = f"{SPECIES_REASON}{hit.taxon} ({hit.scientific_name}, CITES {hit.cites_appendix or '-'})"
    if hit.product is not None:
        out += f": {hit.product.label}"
    if hit.zoonotic_risk is not None:
        out += f", zoonotic risk ({hit.zoonotic_risk.value})"
    return out


def _label(kind: str) -> str:
    return _LABELS.get(kind, kind.replace("_", " "))


def _shown(cue: CueHit) -> str:
    """ "vendo" quoted as written; a price or phone number as found ("phone number 55 1234")."""
    text = " ".join(cue.matched.split())
    if cue.name not in _PATTERNS:
        return f'"{text}"'
    return text if cue.kind in _UNNAMED_PATTERNS else f"{cue.name} {text}"


def _quoted(cues: Sequence[CueHit]) -> str:
    """The evidence of one kind, each phrase once, in text order."""
    seen: dict[str, str] = {}
    for cue in sorted(cues, key=lambda c: c.start):
        seen.setdefault(cue.matched.casefold().strip(), _shown(cue))
    shown = list(seen.values())
    more = len(shown) - _QUOTED_PER_KIND
    return ", ".join(shown[:_QUOTED_PER_KIND]) + (f" (+{more} more)" if more > 0 else "")


def _by_kind(cues: Iterable[CueHit]) -> dict[str, list[CueHit]]:
    groups: dict[str, list[CueHit]] = {}
    for cue in cues:
        groups.setdefault(cue.kind, []).append(cue)
    return groups


def _evidence(cues: Sequence[CueHit]) -> list[str]:
    """Raising text cues, one line per kind: checklist kinds first, the rest by weight. A price
    word inside a price ("MXN" of "2.500 MXN") is not said twice."""
    prices = [(c.start, c.end) for c in cues if c.kind == "price"]
    groups = _by_kind(
        c
        for c in cues
        if c.kind != "price_word" or not any(s <= c.start and c.end <= e for s, e in prices)
    )
    rank = {kind: i for i, kind in enumerate(_EVIDENCE_ORDER)}
    order = sorted(
        groups,
        key=lambda k: (rank.get(k, len(rank)), -sum(abs(c.weight) for c in groups[k])),
    )
    return [f"{_label(kind)}: {_quoted(groups[kind])}" for kind in order]


def _against(cues: Sequence[CueHit]) -> list[str]:
    """Lowering text cues, one line per kind, strongest first."""
    groups = _by_kind(cues)
    order = sorted(groups, key=lambda k: -sum(abs(c.weight) for c in groups[k]))
    return [f"against: {_label(kind)} {_quoted(groups[kind])}" for kind in order]


def _internal(cue: CueHit) -> str:
    verb = "raises" if cue.direction is CueDirection.RAISES else "lowers"
    name = _INTERNALS.get(cue.name) or _INTERNALS.get(cue.kind, cue.name)
    if cue.kind == "embedding" and "(" in cue.name:
        name += " " + cue.name[cue.name.index("(") :]  # which embedder: "(static)"
    return f"{MODEL_REASON}, {verb}: {name}"


def verdict_reasons(species: Sequence[SpeciesHit], cues: Sequence[CueHit]) -> list[str]:
    """Every reason of a verdict, each once: species and products, raising evidence, what
    argues against, then model internals strongest first."""
    out = list(dict.fromkeys(species_reason(s) for s in species))
    textual = [c for c in cues if c.start >= 0]
    out += _evidence([c for c in textual if c.direction is CueDirection.RAISES])
    out += _against([c for c in textual if c.direction is CueDirection.LOWERS])
    internals = sorted((c for c in cues if c.start < 0), key=lambda c: -abs(c.weight))
    out += list(dict.fromkeys(_internal(c) for c in internals))
    return out
