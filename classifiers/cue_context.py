"""Read the cue phrases of a post in context: negation, product roles, attachment, barter.

The matcher finds cue phrases one by one; what a phrase means depends on its neighbours. "No es
perro ni gato" is the sellers' euphemism for a wild animal, "real, not print" denies an
imitation, "jaula" lowers the score in "jaula para loro" but not in "loro con jaula", and a
generic good ("carro", "size", "color") is a cue only when a species names its brand, model or
colour, or when it is offered as payment for the animal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from classifiers.attachment import (
    ATTACHED_KIND,
    NAMING_KINDS,
    PRODUCT_KINDS,
    attached_pairs,
    purpose_attached,
)
from classifiers.folding import fold_token
from classifiers.product_roles import (
    ITEM,
    MATERIAL,
    PURPOSE,
    UPKEEP,
    UPKEEP_KIND,
    UPKEEP_KINDS,
    bartered,
    eaten,
    product_role,
)
from classifiers.types import CueDirection

# Lowering kinds a seller can deny: "not a toy", "real, not print", "no es sintético".
_DENIABLE = frozenset({"toy", "figurine", "costume", "art_print", "colour_material"})
_PREY_KINDS = frozenset({"domestic_pet", "livestock"})
_NEGATORS = frozenset(fold_token(w) for w in ("no", "ni", "não", "nem", "not", "nor", "neither"))
_FILLERS = frozenset(
    fold_token(w)
    for w in ("es", "son", "é", "são", "era", "un", "una", "um", "uma", "is", "a", "an")
)


@dataclass(frozen=True)
class PhraseHit:
    """A cue phrase the matcher found: word span ``i..j`` (exclusive) and its cue kind."""

    i: int
    j: int
    kind: str
    direction: CueDirection
    attached_only: bool = False


@dataclass(frozen=True)
class ContextCue:
    """A cue as read in context, with character offsets."""

    kind: str
    name: str
    direction: CueDirection
    start: int
    end: int


def negated(keys: Sequence[str], i: int) -> bool:
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


def read_in_context(
    text: str,
    words: Sequence[tuple[int, int, str]],
    keys: Sequence[str],
    phrases: Sequence[PhraseHit],
    species: Sequence[tuple[tuple[int, int], tuple[int, int], bool]],
) -> list[ContextCue]:
    """The cues of a post: its phrases read in context, then species attached to products.

    ``species`` holds, per species match, its word span, its character span and whether the
    taxon is a product (ivory, shell, fins).
    """
    if not phrases and not species:
        return []
    depicting = [(p.i, p.j, _phrase(words, p)) for p in phrases if _depicts(p)]
    generic = [(p.i, p.j, _phrase(words, p)) for p in phrases if p.attached_only]
    pairs = _attachments(text, words, keys, species, depicting, generic) if species else []
    attached = {(p_i, p_j) for _, p_i, p_j in pairs}
    materials = [span for span, _, product in species if product]
    kit = frozenset(k for p in phrases if p.kind in UPKEEP_KINDS for k in range(p.i, p.j))
    out: list[ContextCue] = []
    item_before = False
    not_offered: set[tuple[int, int]] = set()  # products that are a purpose, material or kit
    product_ends = {p.j for p in phrases if p.kind in PRODUCT_KINDS}
    for p in phrases:
        start, end = words[p.i][0], words[p.j - 1][1]
        kind, direction, name = p.kind, p.direction, text[start:end].lower()
        if kind == "figurine" and p.i in product_ends:
            continue  # "gaiola de madeira": the material of the product named before it
        if p.attached_only and (p.i, p.j) not in attached:
            if kind != "brand_vehicle" or not bartered(text, words, keys, p.i):
                continue
            kind, direction, name = "offer", CueDirection.RAISES, "barter for goods"
        elif kind in _PREY_KINDS and eaten(keys, p.i):
            continue  # "eating guppies", "feeding rabbit", "come ratones": prey, not the offer
        elif kind == "domestic_pet" and negated(keys, p.i):
            # "no es perro ni gato", "não é gato": the sellers' euphemism for a wild animal
            kind, direction, name = "exclusivity", CueDirection.RAISES, "negated domestic pet"
        elif kind in _DENIABLE and negated(keys, p.i):
            kind, direction, name = "exclusivity", CueDirection.RAISES, "negated imitation"
        elif kind in PRODUCT_KINDS or kind in NAMING_KINDS or kind == "recipe_food":
            role = product_role(text, words, keys, (p.i, p.j, kind), materials, kit, item_before)
            if role != ITEM:
                not_offered.add((p.i, p.j))
            if role in (PURPOSE, MATERIAL):
                continue
            if role == UPKEEP:
                kind, direction, name = UPKEEP_KIND, CueDirection.RAISES, "animal upkeep"
            elif kind in PRODUCT_KINDS:
                item_before = True
        out.append(ContextCue(kind, name, direction, start, end))
    for si, p_i, p_j in pairs:
        if (p_i, p_j) in not_offered:
            continue
        s_start, s_end = species[si][1]
        start, end = min(words[p_i][0], s_start), max(words[p_j - 1][1], s_end)
        out.append(
            ContextCue(
                ATTACHED_KIND, "species attached to product", CueDirection.LOWERS, start, end
            )
        )
    return out


def _attachments(
    text: str,
    words: Sequence[tuple[int, int, str]],
    keys: Sequence[str],
    species: Sequence[tuple[tuple[int, int], tuple[int, int], bool]],
    depicting: list[tuple[int, int, str]],
    generic: list[tuple[int, int, str]],
) -> list[tuple[int, int, int]]:
    """(species index, product word span) of each species attached to a product.

    A product taxon after a depicting product is its material ("figura de marfil", "tapete de
    piel de tigre"); only a generic colour word makes it a colour ("color marfil").
    """
    every = [span for span, _, _ in species]
    live = [(0, 0) if product else span for span, _, product in species]
    pairs = [
        (si, *depicting[pi][:2]) for si, pi in attached_pairs(text, words, keys, live, depicting)
    ]
    done = {si for si, _, _ in pairs}
    pairs += [
        (si, *generic[pi][:2])
        for si, pi in attached_pairs(text, words, keys, every, generic, trailing=frozenset())
        if si not in done
    ]
    done = {si for si, _, _ in pairs}
    pairs += [
        (si, first, first + 2)
        for si, first in purpose_attached(text, words, keys, live)
        if si not in done
    ]
    return pairs


def _depicts(hit: PhraseHit) -> bool:
    """A product a live species can be attached to: toys, cages, prints; brands and garments."""
    return not hit.attached_only and (hit.kind in PRODUCT_KINDS or hit.kind in NAMING_KINDS)


def _phrase(words: Sequence[tuple[int, int, str]], hit: PhraseHit) -> str:
    return " ".join(w for _, _, w in words[hit.i : hit.j]).lower()
