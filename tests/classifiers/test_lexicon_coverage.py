"""Species coverage of the taxa files: pet-trade reptiles, regional songbird names, trade slang
and products are found in realistic posts (plural, unaccented, misspelt), while everyday words
that fold onto a species name stay weak and domestic pets name no taxon."""

from __future__ import annotations

import pytest

from classifiers.lexicon import load_lexicon
from classifiers.matcher import PhraseIndex, default_matcher


def _taxa(text: str) -> list[str]:
    return [s.taxon.id for s in default_matcher().match(text).species]


def _strong(text: str) -> list[str]:
    return [s.taxon.id for s in default_matcher().match(text).species if not s.weak]


@pytest.mark.parametrize(
    ("text", "taxon"),
    [
        # crocodilians and their leather
        ("Vendo cocodrilo bebe de 40 cm, ya come pollo", "crocodylidae"),
        ("baby crocodiles for sale, 2 left, call me", "crocodylidae"),
        ("Filhote de jacaretinga 30cm, 500 reais", "caiman-crocodilus"),
        ("Botas de caimán talla 8, hechas a mano", "crocodylia-skin"),
        ("Genuine croc belly hides, 40cm width, MOQ 10", "crocodylia-skin"),
        # pet-trade snakes, lizards and their slang
        ("Corn snakes hatchlings, amel and anery, $40", "pantherophis-guttatus"),
        ("Vendo serpiente del maiz albina, come ratones", "pantherophis-guttatus"),
        ("California kingsnakes, banded, 2 yrs old", "lampropeltis-spp"),
        ("Pastel enchi male, eating f/t rats, $150", "python-regius"),
        ("Rehoming my danger noodle, 5ft, with tub", "serpentes-live"),
        ("Leopard geckos for sale, mack snow and tremper", "eublepharis-macularius"),
        ("Vendo gecko leopardo macho, muy manso", "eublepharis-macularius"),
        ("Bearded dragons babies, eating greens", "pogona-vitticeps"),
        ("Blue tongue skinks, Indonesian, 3 left", "tiliqua-spp"),
        ("Uromastix pair, ornate, 3 years", "uromastyx-spp"),
        ("Western hognoze snakes, het albino", "heterodon-spp"),
        ("Bebês caninana pra coleção, 400 cada", "spilotes-pullatus"),
        # turtles
        ("Red eared sliders $10 each, pond raised", "trachemys-scripta"),
        ("Vendo tortugas japonesas pequeñas", "trachemys-scripta"),
        ("Jaboti filhote disponível, 150 cada", "testudines-wild"),
        ("jabota adulta grande, ótima pra quintal", "testudines-wild"),
        ("Se venden huevos de arribada, el ciento a 500", "sea-turtle-eggs"),
        # amphibians and invertebrates
        ("Pacman frogs for sale, eats mice", "ceratophrys-spp"),
        ("Vendo escuerzos grandes, comen ratones", "ceratophrys-spp"),
        ("Giant centipede, Scolopendra gigantea, 20 cm", "scolopendra-spp"),
        ("Vendo escolopandras gigantes vivas", "scolopendra-spp"),
        # songbirds by their regional and contest names
        ("Towa towa males for sale, strong singers", "sporophila-angolensis"),
        ("Vendo curió praia clássico batendo forte", "sporophila-angolensis"),
        ("Picoplat birds, wild caught, Trinidad", "sporophila-intermedia"),
        ("Sanhaco filhote pegado no ninho, 50 reais", "thraupis-sayaca"),
        ("Vendo tomeguin del pinar, buen canto", "tiaris-canorus"),
        ("Vendo loica y diuca de campo, buen canto", "leistes-loyca"),
        # primates and mammals
        ("Vervet monkey baby for sale, bottle fed", "chlorocebus-pygerythrus"),
        ("Small-clawed otter pups for sale, 2 months", "aonyx-cinereus"),
        # marine and mammal products
        ("Sperm whale teeth, scrimshaw pair, old", "physeter-teeth"),
        ("Dried shark fins for soup, 5 kg box", "selachimorpha-fin"),
        ("Compro asas de cação secas, pago por kg", "selachimorpha-fin"),
        ("Tenho pó de corno de rinoceronte genuíno, 20 g", "rhinocerotidae-horn"),
    ],
)
def test_new_names_are_found_in_realistic_posts(text: str, taxon: str) -> None:
    assert taxon in _taxa(text), _taxa(text)


@pytest.mark.parametrize(
    "text",
    [
        "Vendo guitarra acústica Yamaha, poco uso, $2,500",
        "Gambas al ajillo, ración 12 euros",
        "Crema de baba de caracol 50 ml, original",
        "Boletos Tigres vs Rayados, zona general",
        "Yo no sabía que era tan caro",
        "Ropa de paca por kilo, mayoreo",
        "Vestido de terciopelo negro talla M",
        "Azulejos para baño, caja de 2 m2",
        "Caixa de prego 17x27, 1 kg",
        "Café capuchino en polvo, bolsa 1 kg",
        "Porsche Cayman 2015, único dueño",
        "Colección primavera verano, blusas a 200",
        "Mandril para taladro 13 mm",
        "Fazenda no Mato Grosso, 200 hectares",
        "Viaje a Lucanas, Ayacucho, salida el viernes",
    ],
)
def test_everyday_words_do_not_name_a_species_strongly(text: str) -> None:
    assert not _strong(text), _strong(text)


@pytest.mark.parametrize(
    "text",
    [
        "Calopsita filhote arlequim, super mansa",
        "Canário belga macho cantando",
        "Budgies for sale, young, various colours",
        "Hamster ruso con jaula",
        "Periquito australiano azul, 15 mil",
    ],
)
def test_domestic_pets_name_no_taxon(text: str) -> None:
    assert not _taxa(text), _taxa(text)


def test_a_weak_name_is_not_made_strong_by_another_name_folding_alike() -> None:
    """A name listed as weak ("tigre", "mono", "loro") stays weak: no other name of any taxon
    ("tigrillo", "monito", "lora") may fold to the same key and be strong."""
    lexicon = load_lexicon()
    index = default_matcher().index
    assert isinstance(index, PhraseIndex)
    overridden = [
        (taxon.id, name)
        for taxon in lexicon.taxa
        for name in sorted(taxon.weak_names)
        if (entry := index.species.get(index.key_of(name))) is not None and not entry.weak
    ]
    assert not overridden


@pytest.mark.parametrize(
    ("text", "taxon"),
    [
        ("Vendo filhotes de Amazona aestiva, anilhados, chama no zap", "amazona-aestiva"),
        ("Pogona vitticeps hypo, 3 months old, $120 shipped", "pogona-vitticeps"),
        ("tengo 2 ara macao de 6 meses, entrega en Tabasco", "ara-macao"),
    ],
)
def test_a_post_that_writes_the_binomial_names_the_species(text: str, taxon: str) -> None:
    assert taxon in _strong(text)


def test_families_and_qualified_names_are_not_matched_as_words() -> None:
    qualified = [t for t in load_lexicon().taxa if t.binomial is None]
    assert any(t.scientific_name.endswith("idae") for t in qualified)
    assert all(" (" not in (t.binomial or "") for t in load_lexicon().taxa)
    assert _taxa("Manidae, Ursidae and Psittacidae are families") == []


@pytest.mark.parametrize(
    ("text", "taxon"),
    [
        # plurals and diminutives of listed names are forms of them, not blocked collisions
        ("Vendo passarinhos do mato, canto forte, chama no zap", "passeriformes-wild"),
        ("Tenho corujas filhotes, entrego em SP", "strigiformes"),
        ("Vendo lechuzas bebés, comen carne", "strigiformes"),
        ("Tortuguitas de agua, 300 cada una", "testudines-wild"),
        ("Avicularia spiderlings, 1cm, $25 each", "theraphosidae"),
        ("Vendo monitos tití, bebés, con pañal", "primates"),
        # regional and product names
        ("Vendo mochuelo cantor, buen canto, Montería", "sporophila-spp"),
        ("Mochuelo europeo criado a mano", "strigiformes"),
        ("Vendo anillos de carey legítimo, hechos a mano", "eretmochelys-imbricata-shell"),
        ("Peineta de carey antigua, de la abuela", "eretmochelys-imbricata-shell"),
        ("Vendo gatito del monte, ya come carne, Tabasco", "felidae-wild"),
        ("Vendo tiburones bebé para acuario grande", "selachimorpha-live"),
        ("Bear's bile capsules, 30 per bottle", "ursidae-bile"),
        ("Cápsulas de bile de urso, importadas", "ursidae-bile"),
        ("Bile pura em cápsula, frasco com 30", "ursidae-bile"),
        ("Shark's fin, dried, 2kg available", "selachimorpha-fin"),
        ("Wet fins and dry fins from the port, price per kilo", "selachimorpha-fin"),
        ("Antique carved bovine bone netsuke, fine patina", "loxodonta-africana-ivory"),
    ],
)
def test_forms_and_regional_names_are_found(text: str, taxon: str) -> None:
    assert taxon in _taxa(text)


@pytest.mark.parametrize(
    ("text", "taxon"),
    [
        ("Vendo botas de cuero talla 40, poco uso", "inia-geoffrensis"),
        ("Botas de chuva infantis, tamanho 28", "inia-geoffrensis"),
        ("Cuchillo artesanal con mango de hueso de res", "loxodonta-africana-ivory"),
        ("Faca artesanal com cabo de osso de boi", "loxodonta-africana-ivory"),
        ("Hunting knife, bovine bone handle, 4 inch blade", "loxodonta-africana-ivory"),
        ("Ox bone dog chews, pack of 10", "loxodonta-africana-ivory"),
        ("Crocs size 9, barely worn", "crocodylidae"),
        ("Healthy snacks for sale, homemade", "serpentes-live"),
        ("Camisa gola polo masculina, tamanho G", "sporophila-albogularis"),
        ("Burma teak dining table, solid wood", "python-bivittatus"),
        ("Coleira para cachorro, couro legítimo", "sporophila-caerulescens"),
        ("Para fins comerciais, emitimos nota fiscal", "selachimorpha-fin"),
    ],
)
def test_everyday_words_do_not_name_the_taxon(text: str, taxon: str) -> None:
    assert taxon not in _taxa(text)


def test_a_bare_mochuelo_is_weak() -> None:
    found = default_matcher().match("Vendo mochuelo, canta bonito").species
    assert found and all(s.weak for s in found)
