"""Knowledge the out-of-sample demo world exposed: products governing species, function words,
domestic breeds named after wild animals, and a model version that follows the feature spec."""

from __future__ import annotations

import pytest

from classifiers.attachment import ATTACHED_KIND
from classifiers.features import FeatureBuilder, spec_hash
from classifiers.folding import fold_token
from classifiers.matcher import PhraseIndex, default_matcher
from classifiers.pipeline import Classifier


def _kinds(text: str) -> list[str]:
    return [c.kind for c in default_matcher().match(text).cues]


@pytest.mark.parametrize(
    "text",
    [
        "Vendo jaula grande para loro, poco uso",  # es: product + adjective + para + species
        "Jaula para pericos en oferta",
        "Vendo gaiola grande para papagaio",  # pt
        "Brinquedo de tartaruga preço fixo",
        "Pelúcia de onça",
        "Arara de pelúcia gigante",  # pt: species + de + product
        "Juguete perezoso para niños",  # product directly before species
        "Peluche de guacamaya",
        "selling large parrot cage",  # en: species as a noun modifier
        "Brand new macaw plush, super soft",
        "Giant monkey plushie",
        "plush sloth for kids",
        "Ração para jabuti",
    ],
)
def test_species_governed_by_a_product_is_an_attached_cue(text: str) -> None:
    matches = default_matcher().match(text)
    assert matches.species, "the species is still named"
    assert ATTACHED_KIND in [c.kind for c in matches.cues]
    vector = FeatureBuilder().vector(matches)
    assert vector[FeatureBuilder().column["species_all_attached"]] > 0


@pytest.mark.parametrize(
    "text",
    [
        "Vendo loro con jaula y comedero",  # the parrot is sold with its cage
        "Vendo loro. También jaula grande",  # separate sentences
        "Vendo guacamaya roja, whatsapp 55 1234 5678",
        "collar de colmillo de jaguar",  # a necklace of a wildlife part, not pet supplies
        "parrot for sale, cage included",
    ],
)
def test_species_sold_alongside_a_product_is_not_attached(text: str) -> None:
    assert ATTACHED_KIND not in _kinds(text)


@pytest.mark.parametrize(
    ("word", "must_not_match"),
    [
        ("para", "pares"),  # quantity cue
        ("porque", "porco"),  # livestock
        ("pero", "perro"),  # domestic pet
        ("como", "coma"),
        ("todo", "toda"),
        ("mais", "maiz"),  # corn
        ("cada", "cadas"),
    ],
)
def test_function_words_do_not_fold_onto_other_words(word: str, must_not_match: str) -> None:
    assert fold_token(word) != fold_token(must_not_match)


@pytest.mark.parametrize(
    "text",
    [
        "La vendo porque me mudo",
        "Pero como todo esta bien, mas bem cada",
        "Ideal para regalo",
        "Vou deixar para depois porque estou sem tempo",
    ],
)
def test_function_words_alone_match_no_cue_or_species(text: str) -> None:
    matches = default_matcher().match(text)
    folded = {fold_token(w) for w in text.replace(",", " ").split()}
    index: PhraseIndex = default_matcher().index
    assert not matches.species
    assert not [c for c in matches.cues if c.kind in ("livestock", "domestic_pet")]
    assert not [c for c in matches.cues if c.kind == "quantity_weight"]
    assert all(index.correct(k) is None for k in folded)


@pytest.mark.parametrize(
    "text",
    [
        "Conejos cabeza de león en venta",
        "Coelhos cabeça de leão à venda",
        "lionhead rabbit babies for sale",
        "Bengal kittens for sale",
        "Gato atigrado en adopción",
        "Tiger barb fish, 10 for $20",
    ],
)
def test_domestic_breeds_named_after_wild_animals_are_domestic(text: str) -> None:
    matches = default_matcher().match(text)
    assert not matches.species, [s.taxon.id for s in matches.species]
    assert "domestic_pet" in [c.kind for c in matches.cues]


@pytest.mark.parametrize(
    ("text", "taxon"),
    [
        ("bengal tiger cub for sale", "panthera-tigris"),
        ("vendo cachorro de león", "panthera-leo"),
        ("vendo leoncito", "panthera-leo"),  # a lion cub, no longer the pygmy marmoset
        ("mono leoncito bebé", "cebuella-pygmaea"),
    ],
)
def test_wild_animals_near_breed_words_are_still_found(text: str, taxon: str) -> None:
    assert taxon in [s.taxon.id for s in default_matcher().match(text).species]


@pytest.mark.parametrize(
    ("product", "animal"),
    [
        ("Vendo jaula grande para loro, poco uso.", "Vendo loro grande, poco uso."),
        ("Vendo gaiola para papagaio", "Vendo papagaio"),
        ("Peluche de guacamaya, mide 40 cm", "Guacamaya, mide 40 cm"),
        ("macaw plush for sale", "macaw for sale"),
    ],
)
def test_a_product_for_a_species_scores_below_the_species_itself(
    static_classifier: Classifier, product: str, animal: str
) -> None:
    assert (
        static_classifier.classify_text(product).score
        < static_classifier.classify_text(animal).score
    )


@pytest.mark.parametrize(
    "text",
    [
        "Vendo gaiola para papagaio",
        "Brinquedo de tartaruga preço fixo. mede 40 cm",
        "Pelúcia de onça. Mede 40 cm, ótima pra presente.",
        "Conejos cabeza de león en venta",
    ],
)
def test_products_and_breeds_are_not_flagged(static_classifier: Classifier, text: str) -> None:
    verdict = static_classifier.classify_text(text)
    assert not verdict.flagged, verdict.score


def test_attachment_shows_as_a_lowering_cue(static_classifier: Classifier) -> None:
    verdict = static_classifier.classify_text("Vendo gaiola grande para papagaio")
    attached = [c for c in verdict.cues if c.kind == ATTACHED_KIND]
    assert attached and attached[0].matched == "gaiola grande para papagaio"
    assert attached[0].direction == "lowers" and attached[0].weight < 0


def test_model_version_names_the_feature_spec(static_classifier: Classifier) -> None:
    assert f"-f{spec_hash()[:8]}-" in static_classifier.artefact.version


@pytest.mark.parametrize(
    "text",
    [
        "Figura de marfil antigua, elefante tallado",  # made of ivory: the product is the part
        "Vendo escultura de marfim africano antiga",
        "Estatuillas de marfil, lote de 6",
    ],
)
def test_a_wildlife_material_is_not_attached_to_its_product(text: str) -> None:
    assert ATTACHED_KIND not in _kinds(text)


@pytest.mark.parametrize(
    ("text", "attached"),
    [
        ("Terrario de vidrio en oferta. Ideal para loros, pericos y ninfas.", 2),
        ("Serve pra jabuti, acompanha bebedouro", 1),
        ("Heat lamp, perfect for iguanas and geckos", 1),
        ("Vendo loros, ideal para principiantes", 0),  # the parrots are what is sold
    ],
)
def test_a_product_said_to_be_for_a_species_attaches_it(text: str, attached: int) -> None:
    assert _kinds(text).count(ATTACHED_KIND) == attached
