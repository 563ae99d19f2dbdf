"""What a post does: offer, wanted, report, talk or unrelated, read from the text's evidence.

Only offers and wanted posts are trade. News of a seizure, a keeper's story or a forum
question names species and prices as readily as an advert does, and a head trained on
written adverts cannot tell them apart in a style it has not seen. The signals here carry
across writers: sale, price, contact and catalogue wording (lot numbers, estimates, period,
provenance, sizes, "link in bio") for offers; buying wording for wanted posts; enforcement,
agency and research wording and datelines for reports; first-person stories and questions
for talk. The phrase cues the matcher already found count too (``data/cues.yaml``; not its
jokes and questions, whose laughter and "no questions" sit in adverts as often), and the
patterns of ``data/intent.yaml`` add what they lack.

The rule prefers trade when both are present: a report must outweigh the offer evidence, and
talk only counts where no offer or wanted evidence is found, so an advert that asks a question
("¿quién quiere un loro?") or names the police stays an offer.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from classifiers.folding import strip_accents
from classifiers.matcher import Matches
from classifiers.types import Intent

INTENT_FILE = Path(__file__).resolve().parent / "data" / "intent.yaml"

#: Cue kinds of the matcher (``data/cues.yaml`` and its patterns) and the intent they show.
CUE_INTENT: dict[str, Intent] = {
    "offer": Intent.OFFER,
    "price_word": Intent.OFFER,
    "price": Intent.OFFER,
    "shipping": Intent.OFFER,
    "contact": Intent.OFFER,
    "private_channel": Intent.OFFER,
    "exclusivity": Intent.OFFER,
    "quantity_weight": Intent.OFFER,
    "legality_claim": Intent.OFFER,
    "wanted": Intent.WANTED,
    "rescue_news": Intent.REPORT,
    "conservation": Intent.REPORT,
}
#: Cue kinds that say the post is about a living wild animal even when no species is named.
ANIMAL_KINDS = frozenset({"young", "tame", "wild_origin", "medicinal"})
#: How much of a post is read for its intent: what a post does shows in its first lines (a
#: dateline, "vendo", a question), and a pasted megabyte would cost far more than it says.
READ_CHARS = 3_000
#: The intents whose posts are never flagged, whatever the score; offers and wanted posts are,
#: and so is an unrelated one the head reads as trade (see :func:`verdict_intent`).
NEVER_FLAGGED = frozenset({Intent.REPORT, Intent.TALK})


@dataclass(frozen=True)
class IntentReading:
    """The intent of one post and the evidence counted for each intent."""

    intent: Intent
    evidence: dict[str, int]


@lru_cache(maxsize=1)
def intent_patterns(path: Path = INTENT_FILE) -> dict[Intent, tuple[re.Pattern[str], ...]]:
    """The compiled patterns of ``data/intent.yaml`` per intent."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: dict[Intent, tuple[re.Pattern[str], ...]] = {}
    for name, patterns in raw.items():
        try:
            intent = Intent(name)
        except ValueError as exc:
            raise ValueError(f"{path.name}: {name!r} is not an intent") from exc
        out[intent] = tuple(re.compile(p, re.MULTILINE) for p in patterns)
    return out


def read_intent(text: str, matches: Matches) -> IntentReading:
    """The intent of ``text``, whose matcher results are ``matches``."""
    counts: Counter[Intent] = Counter()
    for cue in matches.cues:
        if cue.kind in CUE_INTENT:
            counts[CUE_INTENT[cue.kind]] += 1
    folded = strip_accents(text[:READ_CHARS].lower())
    for intent, patterns in intent_patterns().items():
        counts[intent] += sum(1 for p in patterns if p.search(folded))
    offer, wanted = counts[Intent.OFFER], counts[Intent.WANTED]
    report, talk = counts[Intent.REPORT], counts[Intent.TALK]
    wildlife = bool(matches.species) or any(c.kind in ANIMAL_KINDS for c in matches.cues)
    if report and report > offer + wanted:
        intent = Intent.REPORT
    elif talk and not offer and not wanted:
        intent = Intent.TALK
    elif wanted and wanted >= offer:
        intent = Intent.WANTED
    elif offer or wildlife:
        # A photo and a few words ("guacamaya bebé, linaje cerrado") is how much trade looks.
        intent = Intent.OFFER
    else:
        intent = Intent.UNRELATED
    return IntentReading(intent, {i.value: n for i, n in sorted(counts.items()) if n})


def verdict_intent(reading: IntentReading, reads_as_trade: bool) -> Intent:
    """The intent a verdict states: an unrelated post that the head reads as trade says
    nothing but what it shows, as a bare advert does, so it is an offer."""
    if reading.intent is Intent.UNRELATED and reads_as_trade:
        return Intent.OFFER
    return reading.intent
