"""Build the explained Verdict: species hits, the cues that moved the score, and by how much.

Cue weights are the head's own accounting: a linear head's margin is a sum of per-feature
terms, so each textual cue gets the term of its cue-kind feature (shared among that kind's
hits), and the species, interaction and embedding terms appear as cues without offsets.
A cue's direction is the sign of its term in this post, not a declared polarity. Each species
carries what the post offers of it (:mod:`classifiers.products`) and its zoonotic risk
(:mod:`classifiers.zoonotic`); neither moves the score.
"""

from __future__ import annotations

import numpy as np

from classifiers.intent import NEVER_FLAGGED, read_intent, verdict_intent
from classifiers.matcher import Matches
from classifiers.products import default_product_reader
from classifiers.types import CueDirection, CueHit, SpeciesHit, Verdict
from classifiers.zoonotic import load_taxonomy

_MIN_WEIGHT = 0.01
_FEATURE_CUES = 4  # non-textual cues (species, interactions, embedding) shown per verdict


def species_hits(matches: Matches, text: str) -> tuple[SpeciesHit, ...]:
    """One SpeciesHit per match, unambiguous names first, with what the post offers of each
    (read from ``text``, the classified text) and its zoonotic risk."""
    reader = default_product_reader()
    products = reader.read(text, matches.species, matches.cues)
    taxonomy = load_taxonomy()
    ordered = sorted(
        zip(matches.species, products, strict=True), key=lambda p: (p[0].weak, p[0].start)
    )
    return tuple(
        SpeciesHit(
            taxon=reader.animal_name(s.taxon),
            scientific_name=s.taxon.scientific_name,
            cites_appendix=s.taxon.cites_appendix,
            matched=s.matched,
            start=s.start,
            end=s.end,
            iucn=s.taxon.iucn,
            group=s.taxon.group,
            taxon_id=s.taxon.id,
            product=product,
            zoonotic_risk=taxonomy.risk(s.taxon, product),
        )
        for s, product in ordered
    )


def _direction(weight: float, fallback: CueDirection) -> CueDirection:
    if abs(weight) < _MIN_WEIGHT:
        return fallback
    return CueDirection.RAISES if weight > 0 else CueDirection.LOWERS


def cue_hits(
    matches: Matches,
    contributions: np.ndarray,
    feature_names: list[str],
    embedder: str | None,
    values: np.ndarray | None = None,
) -> tuple[CueHit, ...]:
    """Textual cues with their share of the margin, then the strongest feature-level cues.

    Interaction features are shown only when present in the post (``values`` > 0): an absent
    feature moves the margin too (relative to the average post), but is no reason to show.
    """
    column = {name: i for i, name in enumerate(feature_names)}
    per_kind: dict[str, int] = {}
    for cue in matches.cues:
        per_kind[cue.kind] = per_kind.get(cue.kind, 0) + 1
    out: list[CueHit] = []
    for cue in sorted(matches.cues, key=lambda c: c.start):
        idx = column.get(f"cue_{cue.kind}")
        weight = float(contributions[idx]) / per_kind[cue.kind] if idx is not None else 0.0
        out.append(
            CueHit(
                name=cue.name,
                kind=cue.kind,
                direction=_direction(weight, cue.direction),
                weight=round(weight, 4),
                matched=cue.matched,
                start=cue.start,
                end=cue.end,
            )
        )
    extra: list[CueHit] = []
    species_weight = sum(
        float(contributions[i])
        for name, i in column.items()
        if name.startswith(("species_", "group_")) and not name.startswith("species_x_")
    )
    if matches.species:
        extra.append(
            CueHit(
                name="species named",
                kind="species",
                direction=_direction(species_weight, CueDirection.RAISES),
                weight=round(species_weight, 4),
            )
        )
    for name, i in column.items():
        present = values is None or float(values[i]) > 0
        if "_x_" in name and present and abs(float(contributions[i])) >= _MIN_WEIGHT:
            w = float(contributions[i])
            extra.append(
                CueHit(
                    name=name,
                    kind="interaction",
                    direction=_direction(w, CueDirection.RAISES),
                    weight=round(w, 4),
                )
            )
    if embedder is not None and len(contributions) > len(feature_names):
        w = float(contributions[len(feature_names)])
        extra.append(
            CueHit(
                name=f"meaning of the text ({embedder})",
                kind="embedding",
                direction=_direction(w, CueDirection.RAISES),
                weight=round(w, 4),
            )
        )
    if len(contributions) > len(feature_names) + 1 and contributions[-1] != 0.0:
        w = float(contributions[len(feature_names) + 1])
        extra.append(
            CueHit(
                name="wording (character n-grams learnt from labelled posts)",
                kind="wording",
                direction=_direction(w, CueDirection.RAISES),
                weight=round(w, 4),
            )
        )
    extra.sort(key=lambda c: -abs(c.weight))
    return tuple(out + extra[:_FEATURE_CUES])


def build_verdict(
    *,
    score: float,
    threshold: float,
    model_version: str,
    text: str,
    matches: Matches,
    contributions: np.ndarray,
    feature_names: list[str],
    embedder: str | None,
    language: str | None,
    details: dict[str, object],
    values: np.ndarray | None = None,
) -> Verdict:
    """The Verdict of one post (``text`` is the classified text ``matches`` were found in).

    A post is flagged when its score reaches the threshold and it reads as an offer or a
    wanted post: a report or talk about wildlife is not trade, whatever its score.
    """
    reading = read_intent(text, matches)
    reads_as_trade = bool(score >= threshold)
    return Verdict(
        score=round(float(score), 4),
        flagged=reads_as_trade and reading.intent not in NEVER_FLAGGED,
        model_version=model_version,
        species=species_hits(matches, text),
        cues=cue_hits(matches, contributions, feature_names, embedder, values),
        language=language,
        details={**details, "intent_evidence": reading.evidence},
        intent=verdict_intent(reading, reads_as_trade),
    )
