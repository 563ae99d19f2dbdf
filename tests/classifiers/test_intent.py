"""Intent: a post that offers or asks for wildlife is trade; one that reports or talks is not."""

from __future__ import annotations

import pytest

from classifiers.intent import read_intent
from classifiers.matcher import default_matcher
from classifiers.pipeline import Classifier
from classifiers.types import Intent, Verdict


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # Offers, including the ones that never say "for sale".
        ("Vendo guacamaya roja de 4 meses, 8.000 pesos, entrega en Puebla", Intent.OFFER),
        ("Filhotes de jabuti piranga, chama no zap, envio para todo o Brasil", Intent.OFFER),
        ("Lot 212. A carved ivory okimono of a sage, Meiji period, 14 cm. Estimate", Intent.OFFER),
        ("New arrivals this week: baby marmosets, link in bio for prices", Intent.OFFER),
        ("Cambio mono capuchino por moto en buen estado", Intent.OFFER),
        ("Anyone want a baby tortoise? Hand raised, serious buyers only", Intent.OFFER),
        ("guacamaya bebe linaje cerrado", Intent.OFFER),
        # Wanted posts.
        ("Compro tucán o arasarí, pago bien, zona Medellín", Intent.WANTED),
        ("Quem tem filhote de papagaio pra vender? Região de Campinas", Intent.WANTED),
        ("WTB: juvenile sulcata tortoise, can pick up in Texas", Intent.WANTED),
        # Reports: news, enforcement, research, even when they quote prices.
        (
            "Agentes de la Policía incautaron 35 loros y dos monos en un operativo; según "
            "las autoridades, cada loro se vendía en 3.000 pesos",
            Intent.REPORT,
        ),
        (
            "O Ibama apreendeu 120 aves silvestres em uma feira; os animais foram levados "
            "para reabilitação",
            Intent.REPORT,
        ),
        (
            "Customs officers seized 40 kg of shark fin at the airport, officials said; the "
            "smuggler was arrested",
            Intent.REPORT,
        ),
        # Talk: own animals, stories, questions.
        ("Mi loro no quiere comer desde ayer, alguien sabe qué puede tener?", Intent.TALK),
        ("Meu papagaio aprendeu a cantar o hino do time, olha só que lindo", Intent.TALK),
        ("We saw a sloth crossing the road near Manuel Antonio today!", Intent.TALK),
        # Nothing about wildlife, nothing offered.
        ("Buenos días a todos, feliz lunes", Intent.UNRELATED),
    ],
)
def test_intent_of_a_post(text: str, intent: Intent) -> None:
    assert read_intent(text, default_matcher().match(text)).intent is intent


@pytest.mark.parametrize(
    ("report", "offer"),
    [
        (
            "PROFEPA aseguró 40 loros cabeza amarilla en un operativo en Oaxaca; según la "
            "dependencia, los traficantes los vendían a 2.500 pesos cada uno",
            "Vendo loros cabeza amarilla, 2.500 pesos cada uno, entrega en Oaxaca, WhatsApp",
        ),
        (
            "A Polícia Ambiental resgatou 15 saguis que eram vendidos por R$ 800 em uma feira",
            "Vendo saguis filhotes, R$ 800 cada, chama no zap",
        ),
        (
            "Police arrested a man who was selling ivory bangles and rhino horn online, "
            "authorities said",
            "Selling ivory bangles and rhino horn, DM for prices, worldwide shipping",
        ),
    ],
)
def test_a_report_is_not_flagged_where_the_same_offer_is(
    static_classifier: Classifier, report: str, offer: str
) -> None:
    said = static_classifier.classify_text(report)
    sold = static_classifier.classify_text(offer)
    assert sold.flagged and sold.intent is Intent.OFFER
    assert not said.flagged and said.intent is Intent.REPORT
    assert said.species, "the report still names its species for the analyst"
    assert said.reasons[0].startswith("not trade: reads as a report")


def test_intent_survives_storage_round_trip(static_classifier: Classifier) -> None:
    verdict = static_classifier.classify_text("Compro tucán, pago bien")
    assert Verdict.from_dict(verdict.to_dict()).intent is Intent.WANTED
    assert Verdict.from_dict({**verdict.to_dict(), "intent": "bogus"}).intent is None
