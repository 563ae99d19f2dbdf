"""The Verdict contract shared by the classifier, storage, the review app and exports."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

_E = TypeVar("_E", bound=StrEnum)


class CueDirection(StrEnum):
    """Whether a cue pushed the score towards trafficking or away from it."""

    RAISES = "raises"
    LOWERS = "lowers"


class Intent(StrEnum):
    """What a post does; only offers and wanted posts are flagged."""

    OFFER = "offer"  # sells, trades, gives away or delivers
    WANTED = "wanted"  # asks to buy
    REPORT = "report"  # news, seizure, research, awareness
    TALK = "talk"  # own animal, question, story
    UNRELATED = "unrelated"  # none of these, about no wild animal


INTENT_WORDS: dict[Intent, str] = {
    Intent.REPORT: "a report (news, seizure, research or awareness)",
    Intent.TALK: "talk (an own animal, a story or a question)",
}


class Product(StrEnum):
    """What a post offers of a species it names: the live animal, or which part or product.

    A closed list: objects made of an animal (a carving, a comb, boots) are named by their
    material (ivory, shell, skin); :data:`PART` is any other part or derivative (fat, venom).
    """

    LIVE = "live"
    FANG = "fang"  # fang or tooth
    CLAW = "claw"  # claw or talon
    SKIN = "skin"  # skin, pelt, fur or leather
    SHELL = "shell"  # shell, carapace or tortoiseshell
    FEATHER = "feather"
    MEAT = "meat"
    EGG = "egg"  # eggs and caviar
    HORN = "horn"  # horn or antler
    SCALE = "scale"
    BILE = "bile"  # bile or gallbladder
    FIN = "fin"
    SWIM_BLADDER = "swim_bladder"
    IVORY = "ivory"  # ivory or tusk, raw or carved
    BONE = "bone"
    SKULL = "skull"  # skull or jaw
    BEAK = "beak"  # beak or casque
    GILL_PLATE = "gill_plate"
    FIBRE = "fibre"  # wool, fibre or hair
    MUSK = "musk"
    CORAL = "coral"
    BODY = "body"  # a dead whole animal: dried, stuffed or mounted
    PART = "part"  # any other part or derivative
    GOODS = "goods"  # not the animal: a toy, print or cage for or showing it

    @property
    def label(self) -> str:
        """What an analyst reads: "live animal", "swim bladder", "toy, print or cage"."""
        return _PRODUCT_LABELS.get(self, self.value.replace("_", " "))

    @staticmethod
    def label_of(value: object) -> str | None:
        """The label of a stored product value; a value this version does not know is shown
        as written, a missing one (a verdict from before products) is None."""
        if not isinstance(value, str) or not value:
            return None
        try:
            return Product(value).label
        except ValueError:
            return value.replace("_", " ")


_PRODUCT_LABELS = {
    Product.LIVE: "live animal",
    Product.PART: "other part or derivative",
    Product.BODY: "dead animal (dried or stuffed)",
    Product.GOODS: "toy, print or cage (not the animal)",
}


class ZoonoticRisk(StrEnum):
    """Why a traded species can carry disease to people: the group it belongs to.

    Set on a species offered live or as meat; :data:`BUSHMEAT` is wild meat of a species the
    post does not name.
    """

    PRIMATE = "primate"
    BAT = "bat"
    RODENT = "rodent"
    CARNIVORE = "carnivore"
    BIRD = "bird"
    PANGOLIN = "pangolin"
    BUSHMEAT = "bushmeat"


@dataclass(frozen=True)
class SpeciesHit:
    """A taxon named in the text, and where (character offsets into the classified text).

    ``taxon`` is the readable common name of the animal (the first English name, e.g.
    "brown-throated sloth"; for a product taxon, the animal it comes from: "jaguar" for
    "jaguar skin"); ``taxon_id`` is the lexicon's stable slug (e.g. "bradypus-variegatus").
    ``product`` is what the post offers of it (a live animal, a fang, a skin...) and
    ``zoonotic_risk`` the spill-over group of a species offered live or as meat (None
    otherwise). Both are None on verdicts stored before they existed.
    """

    taxon: str
    scientific_name: str
    cites_appendix: str | None
    matched: str
    start: int
    end: int
    iucn: str | None = None
    group: str | None = None
    taxon_id: str | None = None
    product: Product | None = None
    zoonotic_risk: ZoonoticRisk | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready fields (enums as their values)."""
        data = asdict(self)
        data["product"] = self.product.value if self.product else None
        data["zoonotic_risk"] = self.zoonotic_risk.value if self.zoonotic_risk else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SpeciesHit:
        """Read :meth:`to_dict`'s output; a product or risk this version does not know is None."""
        fields = dict(data)
        fields["product"] = _enum_or_none(Product, fields.get("product"))
        fields["zoonotic_risk"] = _enum_or_none(ZoonoticRisk, fields.get("zoonotic_risk"))
        return cls(**fields)


def distinct_species(species: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Each species of a verdict once per product, in order (a verdict holds one hit per
    mention, so a post repeating "loro" 200,000 times would list 200,000 parrots).

    ``species`` are :meth:`SpeciesHit.to_dict` records, as verdicts are stored.
    """
    out: dict[tuple[Any, Any], Mapping[str, Any]] = {}
    for s in species:
        out.setdefault((s.get("taxon_id") or s.get("scientific_name"), s.get("product")), s)
    return list(out.values())


def _enum_or_none(kind: type[_E], value: object) -> _E | None:
    if not isinstance(value, str):
        return None
    try:
        return kind(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class CueHit:
    """A phrase or feature that raised or lowered the score, with its offsets when textual."""

    name: str
    kind: str
    direction: CueDirection
    weight: float
    matched: str = ""
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class Verdict:
    """The classifier's answer for one text: every flag explains itself."""

    score: float
    flagged: bool
    model_version: str
    species: tuple[SpeciesHit, ...] = ()
    cues: tuple[CueHit, ...] = ()
    language: str | None = None
    error: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    intent: Intent | None = None

    @property
    def reasons(self) -> list[str]:
        """Readable reasons for terminals, exports and the review page: the evidence in the text
        first (species and product named, offer, price, contact), model internals last."""
        from classifiers.reasons import verdict_reasons  # the phrasing lives beside its rules

        reasons = verdict_reasons(self.species, self.cues)
        if self.intent in (Intent.REPORT, Intent.TALK):
            # Said first: it is why a post that names species and prices is not flagged.
            reasons.insert(0, f"not trade: reads as {INTENT_WORDS[self.intent]}")
        return reasons

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["species"] = [s.to_dict() for s in self.species]
        data["cues"] = [{**asdict(c), "direction": c.direction.value} for c in self.cues]
        data["intent"] = self.intent.value if self.intent else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Verdict:
        return cls(
            score=float(data["score"]),
            flagged=bool(data["flagged"]),
            model_version=str(data["model_version"]),
            species=tuple(SpeciesHit.from_dict(s) for s in data.get("species", [])),
            cues=tuple(
                CueHit(**{**c, "direction": CueDirection(c["direction"])})
                for c in data.get("cues", [])
            ),
            language=data.get("language"),
            error=data.get("error"),
            details=dict(data.get("details") or {}),
            intent=_enum_or_none(Intent, data.get("intent")),
        )
