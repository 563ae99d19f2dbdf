"""The matcher: plurals, diminutives, accents, misspellings, es/pt/en, cues and offsets."""

from __future__ import annotations

import pytest

from classifiers.matcher import default_matcher


@pytest.mark.parametrize(
    ("text", "taxon"),
    [
        ("vendo guacamaya roja", "ara-macao"),  # es, dictionary form
        ("GUACAMAYAS ROJAS disponibles", "ara-macao"),  # plural, upper case
        ("guacamayita roja bebé", "ara-macao"),  # diminutive
        ("guacamalla roja", "ara-macao"),  # ll/y misspelling
        ("tucancitos", "ramphastidae"),  # -cito diminutive
        ("tucán", "ramphastidae"),
        ("tucan sin acento", "ramphastidae"),  # accent dropped
        ("macaquinho-prego", "sapajus-apella"),  # pt diminutive + hyphen
        ("filhote de papagaio-verdadeiro", "amazona-aestiva"),
        ("jabutis piranga", "chelonoidis-carbonarius"),  # pt plural
        ("trinca ferro", "saltator-similis"),  # hyphen missing
        ("curiós de torneio", "sporophila-angolensis"),
        ("ajolotes", "ambystoma-mexicanum"),
        ("axolotls for sale", "ambystoma-mexicanum"),  # en plural after consonant
        ("tarantla rodilla roja", "brachypelma-hamorii"),  # one letter missing
        ("escamas de pangolín", "manidae-scales"),
        ("pangolin scales", "manidae-scales"),
        ("buche de totoaba", "totoaba-macdonaldi"),
        ("aleta de tiburon seca", "selachimorpha-fin"),
        ("blue and gold macaws", "ara-ararauna"),
        ("baby sloths", "bradypus-variegatus"),
        ("cardenal amarillo", "gubernatrix-cristata"),
        ("concha de carey", "eretmochelys-imbricata-shell"),
        ("fibra de vicuña", "vicugna-vicugna-fibre"),
        ("bilis de oso", "ursidae-bile"),
    ],
)
def test_species_are_found_in_their_many_spellings(text: str, taxon: str) -> None:
    found = [s.taxon.id for s in default_matcher().match(text).species]
    assert taxon in found, found


@pytest.mark.parametrize(
    "text",
    [
        "mande o link na bio",  # "link" folds like "lince"
        "vou passar amanhã",  # "passar" folds like "pássaro"
        "Receta de pan de elote",
        "Vendo bicicleta aro 29",
    ],
)
def test_everyday_words_name_no_species(text: str) -> None:
    assert default_matcher().match(text).species == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("respondo por inbox", "private_channel"),
        ("chama no zap", "private_channel"),
        ("envíos a toda la república", "shipping"),
        ("R$ 1.500,00", "price"),
        ("$3,500 c/u", "price"),
        ("whatsapp +52 55 1234 5678", "contact"),
        ("peluche de tucán", "toy"),
        ("color marfil", "colour_material"),
        ("rescatan en operativo", "rescue_news"),
        ("en adopción responsable", "adoption"),
        ("receita de bolo", "recipe_food"),
        ("no es gato no es perro", "exclusivity"),
    ],
)
def test_cues_are_found(text: str, kind: str) -> None:
    kinds = {c.kind for c in default_matcher().match(text).cues}
    assert kind in kinds, kinds


def test_offsets_point_at_the_matched_words() -> None:
    text = "🦜🦜 Vendo LOROS cabeza amarilla, whatsapp 55 1234 5678"
    result = default_matcher().match(text)
    assert result.species and result.cues
    spans = [(h.start, h.end, h.matched) for h in result.species]
    spans += [(c.start, c.end, c.matched) for c in result.cues]
    for start, end, matched in spans:
        assert text[start:end] == matched
    assert result.species[0].matched == "LOROS cabeza amarilla"


def test_pet_cue_inside_a_species_name_is_not_counted() -> None:
    result = default_matcher().match("cachorro de jaguar disponible")
    assert [s.taxon.id for s in result.species] == ["panthera-onca"]
    assert "domestic_pet" not in {c.kind for c in result.cues}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("los que me pidieron no son perro ni gato, favor de confirmar", "exclusivity"),
        ("no es perico australiano ojo, respondo inbox", "exclusivity"),
        ("não é cachorro nem gato, chama no zap", "exclusivity"),
        ("not a dog, not a cat, DM me", "exclusivity"),
        ("Vendo perro chihuahua vacunado", "domestic_pet"),
        ("no vendo perros, solo los regalo", "domestic_pet"),
    ],
)
def test_negated_domestic_animal_is_the_sellers_euphemism(text: str, expected: str) -> None:
    pets = {
        c.kind
        for c in default_matcher().match(text).cues
        if c.kind in {"exclusivity", "domestic_pet"}
    }
    assert pets == {expected}, pets
