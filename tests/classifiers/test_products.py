"""What a post offers of each species it names, and the zoonotic risk of that offer."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifiers.explain import species_hits
from classifiers.lexicon import load_lexicon
from classifiers.matcher import default_matcher
from classifiers.product_words import ProductWordsError, inflections, load_product_words_from
from classifiers.products import default_product_reader
from classifiers.types import Product, SpeciesHit, ZoonoticRisk

LIVE, MEAT = Product.LIVE, Product.MEAT
PRIMATE, BIRD, CARNIVORE = ZoonoticRisk.PRIMATE, ZoonoticRisk.BIRD, ZoonoticRisk.CARNIVORE
RODENT, PANGOLIN, BUSHMEAT = ZoonoticRisk.RODENT, ZoonoticRisk.PANGOLIN, ZoonoticRisk.BUSHMEAT


def _hits(text: str) -> list[SpeciesHit]:
    return list(species_hits(default_matcher().match(text), text))


@pytest.mark.parametrize(
    ("text", "scientific_name", "name", "product", "risk"),
    [
        # Parts named before the species (es, pt), singular, plural and diminutive.
        ("Vendo colmillo de jaguar auténtico", "Panthera onca", "jaguar", Product.FANG, None),
        ("Colmillos de jaguar grandes, envío", "Panthera onca", "jaguar", Product.FANG, None),
        ("Vendo colmillitos de jaguar", "Panthera onca", "jaguar", Product.FANG, None),
        ("Dente de onça legítimo", "Panthera onca", "jaguar", Product.FANG, None),
        ("cráneo de jaguar", "Panthera onca", "jaguar", Product.SKULL, None),
        ("Pele de jaguatirica inteira", "Leopardus pardalis", "ocelot", Product.SKIN, None),
        ("Aleta de tiburón seca", "Selachimorpha", "shark", Product.FIN, None),
        ("aletas de tiburón por kilo", "Selachimorpha", "shark", Product.FIN, None),
        ("buche de totoaba", "Totoaba macdonaldi", "totoaba", Product.SWIM_BLADDER, None),
        ("bilis de oso en cápsulas", "Ursidae", "bear", Product.BILE, None),
        ("cuerno de rinoceronte en polvo", "Rhinocerotidae", "rhino", Product.HORN, None),
        ("huevitos de tortuga", "Cheloniidae", "turtle", Product.EGG, None),
        ("ovos de tracajá", "Cheloniidae", "turtle", Product.EGG, None),
        ("plumas de guacamaya", "Psittaciformes (feathers)", "macaw", Product.FEATHER, None),
        ("Pluma de quetzal", "Pharomachrus mocinno", "resplendent quetzal", Product.FEATHER, None),
        ("caballitos de mar secos", "Hippocampus spp.", "seahorse", Product.BODY, None),
        ("loro disecado", "Psittacidae", "parrot", Product.BODY, None),
        # "Dried" says how a part is kept, not which: a dried hammerhead is its fins.
        (
            "Compramos tiburón martillo seco",
            "Sphyrna lewini",
            "scalloped hammerhead",
            Product.FIN,
            None,
        ),
        # English: the part follows the species.
        ("tiger claw pendant", "Panthera tigris", "tiger", Product.CLAW, None),
        ("dried shark fins", "Selachimorpha", "shark", Product.FIN, None),
        ("pangolin scales", "Manidae", "pangolin", Product.SCALE, None),
        ("manta ray gill plates", "Mobulidae", "manta ray", Product.GILL_PLATE, None),
        ("python skin belt", "Serpentes (CITES-listed)", "python", Product.SKIN, None),
        # Ivory, however it is called: an elephant's "colmillo" is a tusk.
        ("Ivory carving, antique", "Loxodonta africana", "elephant", Product.IVORY, None),
        ("vendo colmillo de elefante", "Loxodonta africana", "elephant", Product.IVORY, None),
        ("narwhal tusk", "Monodon monoceros", "narwhal", Product.IVORY, None),
        # Objects are their material: a comb of carey is shell, a belt of python is skin.
        (
            "Peineta de carey antigua",
            "Eretmochelys imbricata",
            "hawksbill turtle",
            Product.SHELL,
            None,
        ),
        ("cinturón de pitón", "Python bivittatus", "burmese python", Product.SKIN, None),
        # A list shares the product named before it.
        ("Vendo pieles de ocelote y margay", "Leopardus wiedii", "margay", Product.SKIN, None),
        # Live animals: a young or live word, or no product word at all.
        (
            "Filhote de papagaio verdadeiro",
            "Amazona aestiva",
            "turquoise-fronted amazon",
            LIVE,
            BIRD,
        ),
        ("filhotes de arara-azul", "Anodorhynchus hyacinthinus", "hyacinth macaw", LIVE, BIRD),
        ("Loro cabeza amarilla macho", "Amazona oratrix", "yellow-headed amazon", LIVE, BIRD),
        ("Vendo mono araña bebé", "Ateles geoffroyi", "geoffroy's spider monkey", LIVE, PRIMATE),
        ("baby capuchin monkey for sale", "Sapajus apella", "tufted capuchin", LIVE, PRIMATE),
        ("Tigrillo bebé", "Leopardus pardalis", "ocelot", LIVE, CARNIVORE),
        ("Vendo martucha bebé", "Potos flavus", "kinkajou", LIVE, CARNIVORE),
        ("pair of fennec fox kits", "Vulpes zerda", "fennec fox", LIVE, CARNIVORE),
        ("capivara filhote", "Hydrochoerus hydrochaeris", "capybara", LIVE, RODENT),
        ("Vendo pangolín vivo", "Manidae", "pangolin", LIVE, PANGOLIN),
        ("Selling baby sloth", "Bradypus variegatus", "brown-throated sloth", LIVE, None),
        ("tortuga carey viva", "Eretmochelys imbricata", "hawksbill turtle", LIVE, None),
        # Meat carries the risk of its animal; unnamed wild meat is bushmeat.
        ("carne de pangolín", "Manidae", "pangolin", MEAT, PANGOLIN),
        ("carne de monte", "Vertebrata (wild meat)", "bushmeat", MEAT, BUSHMEAT),
        ("carne de tortuga", "Testudines (meat)", "turtle", MEAT, None),
        # Not the animal: a toy or a cage for it.
        ("Peluche de perezoso", "Bradypus variegatus", "brown-throated sloth", Product.GOODS, None),
        ("Jaula grande para loro", "Psittacidae", "parrot", Product.GOODS, None),
    ],
)
def test_the_species_card_names_what_is_offered(
    text: str,
    scientific_name: str,
    name: str,
    product: Product,
    risk: ZoonoticRisk | None,
) -> None:
    cards = {(h.scientific_name, h.taxon, h.product, h.zoonotic_risk) for h in _hits(text)}
    assert (scientific_name, name, product, risk) in cards, cards


@pytest.mark.parametrize(
    ("text", "products"),
    [
        ("Tengo dos tigrillos bebés y una piel de jaguar", [LIVE, Product.SKIN]),
        ("Vendo tucán bebé y plumas de guacamaya", [LIVE, Product.FEATHER]),
    ],
)
def test_each_species_reads_its_own_product(text: str, products: list[Product]) -> None:
    assert [h.product for h in sorted(_hits(text), key=lambda h: h.start)] == products


def test_every_product_taxon_has_a_product_and_an_animal() -> None:
    """A product taxon with nothing attached still says what it is: its names say it, or the
    product word list names it; a new product taxon cannot silently fall to "other part"."""
    reader = default_product_reader()
    listed_as_part = {t for t, p in reader.words.taxon_kinds.items() if p is Product.PART}
    for taxon in load_lexicon().taxa:
        if not taxon.product:
            assert reader.kind(taxon) is Product.LIVE
            continue
        kind = reader.kind(taxon)
        assert kind is not Product.GOODS, taxon.id
        assert kind is not Product.PART or taxon.id in listed_as_part, taxon.id
        assert reader.animal_name(taxon).strip(), taxon.id


@pytest.mark.parametrize(
    ("word", "language", "forms"),
    [
        ("garra", "es", {"garras", "garrita", "garritas"}),
        ("colmillo", "es", {"colmillos", "colmillito", "colmillitos"}),
        ("piel", "es", {"pieles"}),
        ("pico", "es", {"picos", "piquito"}),
        ("dente", "pt", {"dentes", "dentinho"}),
        ("fang", "en", {"fangs"}),
        ("fin", "en", {"fins"}),
    ],
)
def test_product_words_match_their_plurals_and_diminutives(
    word: str, language: str, forms: set[str]
) -> None:
    assert forms <= inflections(word, language)


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("troco pelo papagaio", LIVE),  # "pelo" (by the) is not "pele" (skin)
        ("vale la pena el loro", LIVE),  # nor is Spanish "pena" Portuguese "pena" (feather)
        ("ya vino el loro", LIVE),
        ("el fin de semana vendo loro", LIVE),  # "fin" is only a fin in English
    ],
)
def test_words_that_only_look_like_products_are_not_read(text: str, product: Product) -> None:
    assert [h.product for h in _hits(text)] == [product]


@pytest.mark.parametrize(
    ("stored", "product", "risk"),
    [
        ({"product": "fang", "zoonotic_risk": None}, Product.FANG, None),
        ({"product": "live", "zoonotic_risk": "primate"}, LIVE, PRIMATE),
        ({}, None, None),  # a verdict stored before products
        ({"product": "gills_v2", "zoonotic_risk": "fish"}, None, None),  # a newer classifier's
    ],
)
def test_a_stored_species_reads_back_its_product(
    stored: dict[str, str | None], product: Product | None, risk: ZoonoticRisk | None
) -> None:
    hit = SpeciesHit("jaguar", "Panthera onca", "I", "colmillo de jaguar", 0, 18)
    read = SpeciesHit.from_dict({**hit.to_dict(), **stored})
    assert (read.product, read.zoonotic_risk) == (product, risk)
    assert SpeciesHit.from_dict(read.to_dict()) == read


def test_a_product_word_file_with_an_unknown_product_names_it(tmp_path: Path) -> None:
    path = tmp_path / "product_words.yaml"
    path.write_text(
        "products: {tusk: {en: [tusk]}}\nobjects: {}\nlinks: []\nprepositions: []\n"
        "list_words: []\ngroup_materials: {}\n"
    )
    with pytest.raises(ProductWordsError, match="'tusk' is not a product"):
        load_product_words_from(path)
