"""Zoonotic risk: a rule over each taxon's order and class, for live animals and meat only."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifiers.lexicon import Taxon, load_lexicon
from classifiers.types import Product, ZoonoticRisk
from classifiers.zoonotic import TaxonomyError, load_taxonomy, load_taxonomy_from

BY_ID = load_lexicon().by_id()


@pytest.mark.parametrize(
    ("taxon_id", "group"),
    [
        ("callithrix-jacchus", ZoonoticRisk.PRIMATE),
        ("primates", ZoonoticRisk.PRIMATE),
        ("potos-flavus", ZoonoticRisk.CARNIVORE),  # procyonid
        ("nasua-narica", ZoonoticRisk.CARNIVORE),
        ("lontra-longicaudis", ZoonoticRisk.CARNIVORE),  # mustelid
        ("vulpes-zerda", ZoonoticRisk.CARNIVORE),  # canid
        ("leopardus-pardalis", ZoonoticRisk.CARNIVORE),
        ("tremarctos-ornatus", ZoonoticRisk.CARNIVORE),
        ("hydrochoerus-hydrochaeris", ZoonoticRisk.RODENT),
        ("cuniculus-paca", ZoonoticRisk.RODENT),
        ("ara-macao", ZoonoticRisk.BIRD),
        ("ramphastidae", ZoonoticRisk.BIRD),
        ("harpia-harpyja", ZoonoticRisk.BIRD),
        ("manidae-scales", ZoonoticRisk.PANGOLIN),
        ("manis-javanica", ZoonoticRisk.PANGOLIN),
        ("wild-meat", ZoonoticRisk.BUSHMEAT),
        ("bradypus-variegatus", None),  # sloths, armadillos, tapirs, deer: not a listed group
        ("dasypus-novemcinctus", None),
        ("tapirus-terrestris", None),
        ("iguana-iguana", None),
        ("dendrobatidae", None),
        ("theraphosidae", None),
        ("chelonia-mydas", None),
    ],
)
def test_the_spill_over_group_follows_taxonomy(taxon_id: str, group: ZoonoticRisk | None) -> None:
    assert load_taxonomy().group_of(BY_ID[taxon_id]) is group


@pytest.mark.parametrize(
    ("sci", "group"),
    [
        ("Pteropodidae", ZoonoticRisk.BAT),  # fruit bats
        ("Viverridae", ZoonoticRisk.CARNIVORE),  # civets
        ("Herpestidae", ZoonoticRisk.CARNIVORE),  # mongooses
        ("Sciuridae", ZoonoticRisk.RODENT),
    ],
)
def test_a_new_taxon_is_placed_by_its_family(sci: str, group: ZoonoticRisk) -> None:
    """The rule covers taxa the lexicon does not list yet: a bat is a bat without a hand tag."""
    taxon = Taxon(sci, sci, "mammal", None, None, {"en": [sci.lower()]})
    assert load_taxonomy().group_of(taxon) is group


@pytest.mark.parametrize(
    ("product", "risk"),
    [
        (Product.LIVE, ZoonoticRisk.PRIMATE),
        (Product.MEAT, ZoonoticRisk.PRIMATE),
        (Product.SKIN, None),
        (Product.SKULL, None),
        (Product.BODY, None),
        (Product.GOODS, None),
    ],
)
def test_the_risk_applies_to_live_animals_and_meat(product: Product, risk: ZoonoticRisk) -> None:
    assert load_taxonomy().risk(BY_ID["sapajus-apella"], product) is risk


def test_every_mammal_is_placed_in_an_order() -> None:
    """Groups that mix orders need every genus in the taxonomy, or a new mammal's risk is
    silently unknown; only the unnamed-vertebrate catch-alls have no order."""
    taxonomy = load_taxonomy()
    for taxon in load_lexicon().taxa:
        if taxon.group in ("mammal", "mammal_product", "primate", "wild_cat"):
            placement = taxonomy.place(taxon)
            if not taxon.scientific_name.startswith("Vertebrata"):
                assert placement.order, taxon.id


def test_an_unknown_risk_group_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.yaml"
    path.write_text("groups: {}\norders: {}\nzoonotic: {Rodentia: rodents}\n")
    with pytest.raises(TaxonomyError, match="zoonotic"):
        load_taxonomy_from(path)
