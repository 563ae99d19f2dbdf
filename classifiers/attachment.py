"""Species named as an attribute of a product ("jaula para loro", "plush sloth", "parrot cage").

When a product noun (cage, toy, plush, print, figurine, costume, feeder...) governs the species
mention, the thing offered is the product and the species only says which kind: a cage for a
parrot, a sloth plush. Spanish and Portuguese put the product first and link it with a
preposition ("peluche de perezoso", "gaiola grande para papagaio"); English puts the species
first as a noun modifier ("macaw plush", "parrot cage") or uses "for"/"of". The matcher reports
each such pair as a lowering cue of kind :data:`ATTACHED_KIND`, which the head weighs like any
other cue and the explanation shows.

A domestic breed whose name contains a wild name ("conejo cabeza de león", "lionhead") is a
``domestic_pet`` cue; :func:`inside_domestic` tells the matcher to drop the wild name inside it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifiers.folding import fold_token, strip_accents

ATTACHED_KIND = "species_attached_to_product"
PRODUCT_KINDS = frozenset({"toy", "figurine", "costume", "art_print", "pet_supplies"})
# Products a species can name as brand, model or colour ("camioneta Jaguar", "vestido de
# leopardo"). A product taxon attaches only to a generic colour word ("color marfil"); after
# any other product it is that product's material ("tapete de piel de tigre").
NAMING_KINDS = frozenset({"brand_vehicle", "colour_material"})
# Product cue phrases too ambiguous to govern a species: "collar de colmillo" is a necklace
# (a wildlife part), "nido de loro" is where nestlings are taken from, "guia" is a guide.
_AMBIGUOUS = frozenset({"collar", "nido", "nidal", "ninho", "nest box", "guia", "tank", "tela"})
_MAX_GAP = 3  # words between a leading product noun and the species it governs


def fold_keys(words: str) -> frozenset[str]:
    """The folded match keys of space-separated words."""
    return frozenset(fold_token(w) for w in words.split())


# Links allowed between product and species: prepositions of purpose or material ("para",
# "de", "for", "of"), articles, and size or condition adjectives ("jaula grande para loro").
# "con"/"com"/"with" and "y"/"e"/"and" are not links: "jaula con loro" sells the parrot too.
_LINKS = fold_keys(
    "de del para pra do da dos das al ao for of el la los las o os a as the um uma un una "
    "grande grandes gigante gigantes pequeno pequena pequeño pequeña large big small giant "
    "mini nuevo nueva novo nova new brand soft super usado usada used"
)
_TRAILING_LINKS = fold_keys("de do da dos das of")  # "arara de pelúcia", "tucán de peluche"
# Phrases naming who a product is for: "ideal para loros, pericos y ninfas", "serve pra jabuti".
_PURPOSE = frozenset(
    tuple(fold_token(w) for w in phrase.split())
    for phrase in (
        "ideal para",
        "ideal pra",
        "ideal for",
        "perfecto para",
        "perfeito para",
        "perfeito pra",
        "perfect for",
        "serve para",
        "serve pra",
        "sirve para",
        "suitable for",
        "great for",
        "apto para",
    )
)
LIST_WORDS = fold_keys("y e and or o ou")
_BREAK = re.compile(r"[.;:!?\n|#,()+&]")  # "lora + jaula" sells both


def joined(text: str, start: int, end: int) -> bool:
    """No sentence or list punctuation between two matches."""
    return _BREAK.search(text, start, end) is None if start < end else True


def attached_pairs(
    text: str,
    words: Sequence[tuple[int, int, str]],
    keys: Sequence[str],
    species: Sequence[tuple[int, int]],
    products: Sequence[tuple[int, int, str]],
    trailing: frozenset[str] = _TRAILING_LINKS,
) -> list[tuple[int, int]]:
    """(species index, product index) pairs where the product governs the species.

    ``species`` and ``products`` are word spans ``(i, j)`` (``j`` exclusive) from the phrase
    scan (an empty span is never attached); ``products`` also carry the lowercased phrase.
    ``trailing`` are the words allowed between a species and a product after it: "arara de
    pelúcia" is a plush, but "ranitas de colores" are colourful frogs (no link for colours).
    """
    pairs: list[tuple[int, int]] = []
    for si, (s_i, s_j) in enumerate(species):
        if s_i == s_j:
            continue  # an empty span: the caller excludes this species from attachment
        for pi, (p_i, p_j, phrase) in enumerate(products):
            if strip_accents(phrase) in _AMBIGUOUS:
                continue
            if p_j <= s_i:  # product first: "jaula grande para loro", "plush sloth"
                gap = keys[p_j:s_i]
                ok = len(gap) <= _MAX_GAP and all(k in _LINKS for k in gap)
                left, right = words[p_j - 1][1], words[s_i][0]
            elif s_j <= p_i:  # species first: "parrot cage", "arara de pelúcia"
                gap = keys[s_j:p_i]
                ok = len(gap) <= 1 and all(k in trailing for k in gap)
                left, right = words[s_j - 1][1], words[p_i][0]
            else:
                continue
            if ok and joined(text, left, right):
                pairs.append((si, pi))
                break
    return pairs


def purpose_attached(
    text: str,
    words: Sequence[tuple[int, int, str]],
    keys: Sequence[str],
    species: Sequence[tuple[int, int]],
) -> list[tuple[int, int]]:
    """(species index, first word of the purpose phrase) for species a product is said to be for.

    The phrase may head a list: in "ideal para loros, pericos y ninfas" every species is the
    intended user of the product on offer, not the thing offered.
    """
    ends = {j: i for i, j in species if i < j}
    out: list[tuple[int, int]] = []
    for si, (s_i, s_j) in enumerate(species):
        i = s_i
        while s_i < s_j and i >= 2:
            if tuple(keys[i - 2 : i]) in _PURPOSE and joined(text, words[i - 1][1], words[i][0]):
                out.append((si, i - 2))
                break
            gap = text[words[i - 1][1] : words[i][0]].strip()
            if gap == "," and i in ends:
                i = ends[i]  # "loros, pericos": step back to the previous species
            elif not gap and keys[i - 1] in LIST_WORDS and i - 1 in ends:
                i = ends[i - 1]  # "pericos y ninfas"
            else:
                break
    return out


def inside_domestic(span: tuple[int, int], domestic: Sequence[tuple[int, int]]) -> bool:
    """Whether a species span lies inside a longer domestic-breed phrase ("cabeza de león")."""
    s, e = span
    return any(ds <= s and e <= de and (de - ds) > (e - s) for ds, de in domestic)
