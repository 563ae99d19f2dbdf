"""A flag's reasons lead with the evidence in the text; model internals come last."""

from __future__ import annotations

import pytest

from classifiers.pipeline import Classifier
from classifiers.reasons import MODEL_REASON, SPECIES_REASON, verdict_reasons
from classifiers.types import CueDirection, CueHit, Product, SpeciesHit, ZoonoticRisk

RAISES, LOWERS = CueDirection.RAISES, CueDirection.LOWERS


def _cue(text: str, phrase: str, kind: str, weight: float = 0.5, name: str = "") -> CueHit:
    start = text.index(phrase)
    direction = RAISES if weight >= 0 else LOWERS
    return CueHit(
        name or phrase.lower(), kind, direction, weight, phrase, start, start + len(phrase)
    )


def test_reasons_go_species_offer_price_contact_then_against_then_model() -> None:
    text = "Vendo colmillo de jaguar, 2.500 MXN, WhatsApp 55 1234 5678, no es juguete"
    jaguar = SpeciesHit(
        "jaguar", "Panthera onca", "I", "colmillo de jaguar", 6, 24, product=Product.FANG
    )
    cues = (
        CueHit("wording", "wording", RAISES, 2.0),  # the strongest term, and still last
        _cue(text, "55 1234 5678", "contact", 0.3, name="phone number"),
        _cue(text, "WhatsApp", "contact", 0.3),
        _cue(text, "MXN", "price_word", 0.2),
        _cue(text, "2.500 MXN", "price", 0.4, name="price amount"),
        _cue(text, "juguete", "toy", -0.3),
        _cue(text, "Vendo", "offer", 0.1),
        CueHit("species_x_sale", "interaction", RAISES, 0.9),
    )
    assert verdict_reasons((jaguar, jaguar), cues) == [
        "names jaguar (Panthera onca, CITES I): fang",
        'offer: "Vendo"',
        "price: 2.500 MXN",  # the "MXN" inside the price is not said again
        'contact: "WhatsApp", phone number 55 1234 5678',
        'against: toy "juguete"',
        "model, raises: wording learnt from labelled posts (character n-grams)",
        "model, raises: species together with a sale cue",
    ]


def test_a_species_offered_live_names_its_zoonotic_risk() -> None:
    marmoset = SpeciesHit(
        "common marmoset",
        "Callithrix jacchus",
        "II",
        "sagui",
        0,
        5,
        product=Product.LIVE,
        zoonotic_risk=ZoonoticRisk.PRIMATE,
    )
    assert verdict_reasons((marmoset,), ()) == [
        "names common marmoset (Callithrix jacchus, CITES II): live animal, zoonotic risk (primate)"
    ]


def test_many_phrases_of_one_kind_are_counted_not_listed() -> None:
    text = "vendo, vendo, disponible, oferta, remato"
    cues = [_cue(text, p, "offer") for p in ("disponible", "oferta", "remato")]
    cues += [CueHit("vendo", "offer", RAISES, 0.5, "vendo", 0, 5)] * 2
    assert verdict_reasons((), cues) == ['offer: "vendo", "disponible", "oferta" (+1 more)']


@pytest.mark.parametrize(
    ("title", "text", "first", "evidence"),
    [
        (
            None,
            "Vendo colmillo de jaguar auténtico, 2.500 MXN, WhatsApp 55 1234 5678",
            "names jaguar (Panthera onca, CITES I): fang",
            ['offer: "Vendo"', "price: 2.500 MXN"],
        ),
        (
            "Filhote de sagui",
            "Filhote de sagui manso, R$ 800, chama no zap, entrego",
            "names common marmoset (Callithrix jacchus, CITES II): live animal, "
            "zoonotic risk (primate)",
            ["price: R$ 800", 'private contact: "chama no zap"'],
        ),
        (
            None,
            "Selling genuine tiger claw pendant, $450, DM me, ships worldwide",
            "names tiger (Panthera tigris, CITES I): claw",
            ['offer: "Selling"', "price: $450"],
        ),
        (
            "GUACAMAYAS ROJAS",
            "Vendo guacamayas rojas bebés, mansitas, $8,500 c/u, envíos, respondo por inbox",
            "names scarlet macaw (Ara macao, CITES I): live animal, zoonotic risk (bird)",
            ['offer: "Vendo"', "price: $8,500", 'young animal: "bebés"'],
        ),
    ],
)
def test_a_flagged_trade_post_leads_with_text_evidence(
    static_classifier: Classifier,
    title: str | None,
    text: str,
    first: str,
    evidence: list[str],
) -> None:
    verdict = static_classifier.classify_text(text, title=title)
    assert verdict.flagged
    reasons = verdict.reasons
    assert reasons[0] == first
    assert [r for r in reasons if r in evidence] == evidence  # present, in checklist order
    model = [i for i, r in enumerate(reasons) if r.startswith(MODEL_REASON)]
    assert model and model == list(range(len(reasons) - len(model), len(reasons)))
    textual = [r for r in reasons if not r.startswith((MODEL_REASON, SPECIES_REASON))]
    for reason in textual:  # every quoted phrase is in the post, for the page to highlight
        for quoted in reason.split('"')[1::2]:
            assert quoted in f"{title}\n{text}" if title else text, reason
