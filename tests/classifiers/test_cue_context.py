"""Cue phrases read in context: word forms, generic goods, an animal's kit, purpose, material,
denial, prey, karats; and what that does to the lowering the trained head sees."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifiers.attachment import ATTACHED_KIND
from classifiers.cues import is_form_of, load_cue_book_from
from classifiers.features import FeatureBuilder, feature_names
from classifiers.matcher import default_matcher
from classifiers.product_roles import UPKEEP_KIND
from classifiers.types import CueDirection


def _kinds(text: str) -> list[str]:
    return [c.kind for c in default_matcher().match(text).cues]


def _feature(text: str, name: str) -> float:
    builder = FeatureBuilder()
    return float(builder.vector(default_matcher().match(text))[builder.column[name]])


@pytest.mark.parametrize(
    ("word", "listed"),
    [
        ("mansitos", "manso"),  # diminutive and plural
        ("filhotinho", "filhote"),
        ("capturadas", "capturado"),  # gender of a participle
        ("australianas", "australiano"),
        ("cantora", "cantor"),
        ("ofertas", "oferta"),
        ("papeles", "papel"),
        ("animais", "animal"),
        ("presio", "precio"),  # one letter off, ending kept
        ("bendo", "vendo"),
        ("whatsap", "whatsapp"),
        ("tyres", "tires"),
    ],
)
def test_inflections_and_misspellings_of_a_cue_word_count(word: str, listed: str) -> None:
    assert is_form_of(word, listed)


@pytest.mark.parametrize(
    ("word", "listed"),
    [
        ("care", "carro"),  # folds alike, another word
        ("cara", "carro"),
        ("libres", "libro"),
        ("presa", "preso"),  # a fang is not an arrest
        ("presas", "presos"),
        ("costa", "costo"),  # -o/-a is gender only for adjectives
        ("horn", "horno"),
        ("mascotas", "mascot"),
        ("amarillo", "amarre"),
        ("bonito", "bone"),
        ("plata", "platillo"),
        ("desert", "dessert"),
        ("tuve", "tubo"),
    ],
)
def test_words_that_only_fold_alike_are_not_the_cue_word(word: str, listed: str) -> None:
    assert not is_form_of(word, listed)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("CARDENAL AMARILLO HEMBRA para cría, entrego en Paso de los Libres", "art_print"),
        ("CARDENAL AMARILLO HEMBRA para cría, entrego en Paso de los Libres", "medicinal"),
        ("Giant centipede Scolopendra 8 inches, handle with care. $60", "brand_vehicle"),
        ('Pingente de "presa de onça" em ouro, peça única', "rescue_news"),
        ("Rhino horn powder, 10 g", "recipe_food"),
        ("Vendo perezoso adulto, lo tuve 2 años", "tool_hardware"),
        ("Tenho um casal de saguis de cara branca, 1.300 os dois", "brand_vehicle"),
    ],
)
def test_words_folding_like_a_cue_do_not_fire_it(text: str, absent: str) -> None:
    assert absent not in _kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Cambio guacamaya escarlata por carro o moto",
        "Bebê de cara branca, 3 meses. Aceito carro como parte do pagamento",
        "Will trade my blue and gold macaw for a dirt bike",
    ],
)
def test_a_vehicle_offered_as_payment_is_barter_not_a_car_ad(text: str) -> None:
    cues = default_matcher().match(text).cues
    assert "brand_vehicle" not in [c.kind for c in cues]
    assert any(c.kind == "offer" and c.name == "barter for goods" for c in cues)


@pytest.mark.parametrize(
    "text",
    [
        "Vendo camioneta Jaguar 2015, automática, 80 mil km",
        "Tenis Puma originales talla 27",
        "Puma shoes size 10, worn twice",
        "Vestido color marfil para novia",
    ],
)
def test_a_species_naming_a_brand_or_colour_lowers(text: str) -> None:
    kinds = _kinds(text)
    assert {"brand_vehicle", "colour_material"} & set(kinds), kinds
    assert ATTACHED_KIND in kinds or "color marfil" in text.lower()


@pytest.mark.parametrize(
    "text",
    [
        "Procuro emprego de motorista, tenho carro próprio",
        "Have 6 sparrow-size song males, jungle caught. RM 180 each",
        "Chompa de fibra de vicuña, sin marca de origen, Cusco",
        "Ranitas dardo de colores, las traigo del Chocó",
    ],
)
def test_generic_goods_and_colours_alone_are_no_cue(text: str) -> None:
    assert not {"brand_vehicle", "colour_material"} & set(_kinds(text))


@pytest.mark.parametrize(
    "text",
    [
        "Senegal parrot 4yo, bit of a one-person bird. Cage and toys incl. £350",
        'Frente amarilla de 6 meses, dice "hola". Con jaula y juguetes. $9,000 firmes',
        "Vende-se papagaio muito falador, com gaiola grande. 800 reais",
        "Lora real + jaula grande + comida para un mes, todo por 600 mil",
        "Me quedan 3 cabecitas amarillas, ya comiendo semillas",  # diet, not a food listing
        "Selling 2 pig-nosed turtles, 12cm, feeding pellets",
        "Sinsontes machos ya cantando en la jaula, 250 mil",  # where the bird is kept
        "Vendo loro guaro bien hablador, 300 mil. Sin jaula",
        "Azulão macho cantando, 180 conto, junto gaiola de madeira",
    ],
)
def test_an_animals_kit_and_diet_do_not_lower_its_sale(text: str) -> None:
    matches = default_matcher().match(text)
    kinds = [c.kind for c in matches.cues]
    assert UPKEEP_KIND in kinds
    assert not {"pet_supplies", "toy", ATTACHED_KIND} & set(kinds), kinds
    assert _feature(text, "lowering_total") == 0.0


@pytest.mark.parametrize(
    "text",
    [
        "Vendo jaula grande para loro, poco uso, con comedero",  # the cage is on offer
        "Vendo gaiola com comedouro e bebedouro",
        "Bird cage with perch and swing, $40",
        "Jaula de madera para canarios, nueva",
        # kit words after the item, with no animal in the post: the supplies are the offer
        "Terrario de vidrio. La vendo porque me mudo. Incluye comedero y bebedero",
        "Vendo lâmpada UVB para répteis. Acompanha comedouro e bebedouro",
        "40 gallon terrarium, moving sale, comes with heat lamp and water dish",
    ],
)
def test_a_pet_supply_on_offer_still_lowers(text: str) -> None:
    kinds = _kinds(text)
    assert "pet_supplies" in kinds and UPKEEP_KIND not in kinds
    assert _feature(text, "lowering_total") > 0.0


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Escamas de tartaruga-de-pente (carey) pra artesanato", "figurine"),  # purpose
        ("Raptor wings and tails for crafts, complete sets", "figurine"),
        ("Looking for dried fins, 20kg monthly for restaurant", "recipe_food"),
        ("Estatuillas de marfil, lote de 6, ofertas", "figurine"),  # made of the material
        ("Vendo escultura de marfim africano antiga, 25cm", "figurine"),
        ("Artesanía en concha de tortuga marina legítima, anillos", "figurine"),
        ("Tapete de piel de tigre real con cabeza", "colour_material"),
        ("Zapatos de piel de cocodrilo, nuevos", "brand_vehicle"),
    ],
)
def test_crafts_made_of_an_animal_or_its_raw_material_are_not_depictions(
    text: str, absent: str
) -> None:
    assert absent not in _kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Figura de tortuga de resina, ideal para regalo",
        "Peluche de guacamaya, 30 cm",
        "Toucan sticker pack, waterproof vinyl",
    ],
)
def test_depictions_of_a_species_still_lower(text: str) -> None:
    assert ATTACHED_KIND in _kinds(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('Beautiful resin "ivory style" figurines from a gift shop', "figurine"),
        ("Camisetas del Tolima y una de tucán, 30 mil cada una", "brand_vehicle"),
    ],
)
def test_imitations_and_merchandise_beside_a_species_name_still_lower(text: str, kind: str) -> None:
    assert kind in _kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Snake skin full hides 3-4m, real not print",
        "No es peluche, es un mono de verdad",
    ],
)
def test_a_denied_imitation_is_an_authenticity_claim(text: str) -> None:
    cues = default_matcher().match(text).cues
    denied = [c for c in cues if c.name == "negated imitation"]
    assert denied and all(c.direction is CueDirection.RAISES for c in denied)
    assert not {"art_print", "toy"} & {c.kind for c in cues}


@pytest.mark.parametrize(
    "text",
    [
        "Matamata turtle juvenile, eating guppies. $300",
        "Retic for sale, 5ft, feeding rabbit. 300 or trade",
        "Boa de 2 metros, come pollo y ratones",
    ],
)
def test_prey_an_animal_eats_is_not_a_domestic_animal_on_offer(text: str) -> None:
    assert not {"domestic_pet", "livestock"} & set(_kinds(text))


@pytest.mark.parametrize(
    ("text", "wild_origin"),
    [
        ("Pericos chocolateros recién sacados del nido, 25.000 cada uno", True),
        ("Sanhaço filhote tirado do ninho, 50 reais", True),
        ("Rosella pair wild trapped, great colour. $250", True),
        ("Nido de madera para periquitos", False),
    ],
)
def test_nestlings_taken_from_the_wild_are_wild_origin(text: str, wild_origin: bool) -> None:
    kinds = _kinds(text)
    assert ("wild_origin" in kinds) is wild_origin
    assert ("pet_supplies" in kinds) is not wild_origin


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Bilis de oso en cápsulas, medicina tradicional", 1.0),
        ("Escama de pangolim pra tratamento tradicional", 1.0),
        ("Pulseras de ojo de tigre, piedras naturales, para la protección", 0.0),
        ("Bálsamo de tigre para dolores musculares, remedio natural", 0.0),
    ],
)
def test_traditional_medicine_with_a_wildlife_product_is_its_own_feature(
    text: str, value: float
) -> None:
    assert "medicinal" in _kinds(text)
    assert _feature(text, "product_x_medicinal") == value


@pytest.mark.parametrize(
    ("text", "priced"),
    [
        ('Pingente de "presa de onça" em ouro 18k, peça única', False),
        ("Cadena de oro 14k con colmillo de jaguar, 15k pesos", True),
        ("Loro cabeza amarilla 18k", True),
    ],
)
def test_gold_fineness_is_not_a_price(text: str, priced: bool) -> None:
    prices = [c.matched for c in default_matcher().match(text).cues if c.kind == "price"]
    assert bool(prices) is priced, prices
    assert "18k" not in prices or "ouro" not in text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Tortoiseshell kitten, female, litter trained. £60 to good home", "domestic_pet"),
        ("Vendo gatita carey muy cariñosa", "domestic_pet"),
    ],
)
def test_a_cat_coat_named_after_hawksbill_is_a_domestic_cat(text: str, kind: str) -> None:
    matches = default_matcher().match(text)
    assert kind in [c.kind for c in matches.cues]
    assert matches.species == []


def test_an_audience_is_no_kit() -> None:
    assert "toy" in _kinds("Rescue dog Max needs a home, great with kids")


def test_an_attached_only_section_must_name_a_lowering_kind(tmp_path: Path) -> None:
    book = tmp_path / "cues.yaml"
    book.write_text(
        "raises:\n  offer:\n    es: [vendo]\nattached_only:\n  offer:\n    es: [carro]\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="attached_only.offer"):
        load_cue_book_from(book)


def test_feature_names_are_unique_with_attached_only_kinds() -> None:
    names = feature_names()
    assert len(names) == len(set(names))
    assert f"cue_{UPKEEP_KIND}" in names and "product_x_medicinal" in names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Filhotes de shih tzu à venda, pais no local. R$ 2.100", 1.0),
        ("Cockatiel babies hand fed, grey and lutino. $150 each", 1.0),
        ("Vendo bebés, no es perro ni gato, solo interesados", 0.0),  # the sellers' euphemism
        ("Vendo loro cabeza amarilla, se lleva bien con perros", 0.0),  # a wild species named
    ],
)
def test_a_domestic_pet_with_no_wild_species_is_a_pet_shop_listing(
    text: str, expected: float
) -> None:
    assert _feature(text, "domestic_no_species") == expected
