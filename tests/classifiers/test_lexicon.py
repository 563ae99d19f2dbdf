"""The species lexicon: coverage, required fields, and marketplace search terms."""

from __future__ import annotations

from collections import Counter

import pytest

from classifiers.lexicon import GROUP_PRIORITY, LANGUAGES, load_lexicon

REQUIRED_GROUPS = {
    "parrot",
    "songbird",
    "primate",
    "mammal",
    "amphibian",
    "turtle",
    "reptile",
    "arachnid",
    "wild_cat",
    "shark",
    "fish",
    "marine_invertebrate",
    "mammal_product",
    "bird",
}


def test_lexicon_has_at_least_400_taxa_with_required_fields() -> None:
    taxa = load_lexicon().taxa
    assert len(taxa) >= 400
    for taxon in taxa:
        assert taxon.id and taxon.scientific_name
        assert taxon.cites_appendix in (None, "I", "II", "III")
        assert set(taxon.names) == set(LANGUAGES)
        assert any(taxon.names.values()), taxon.id
    assert len({t.id for t in taxa}) == len(taxa)


def test_every_trade_group_is_covered_and_weighted_to_latin_america() -> None:
    groups = Counter(t.group for t in load_lexicon().taxa)
    assert set(groups) >= REQUIRED_GROUPS
    assert groups["parrot"] + groups["songbird"] >= 120
    with_es = sum(1 for t in load_lexicon().taxa if t.names["es"])
    with_pt = sum(1 for t in load_lexicon().taxa if t.names["pt"])
    assert with_es >= 400 and with_pt >= 400


@pytest.mark.parametrize(
    ("taxon_id", "appendix", "product"),
    [
        ("ara-macao", "I", False),
        ("psittacus-erithacus", "I", False),
        ("totoaba-macdonaldi", "I", True),
        ("eretmochelys-imbricata-shell", "I", True),
        ("manidae-scales", "I", True),
        ("vicugna-vicugna-fibre", "II", True),
        ("ambystoma-mexicanum", "II", False),
        ("gubernatrix-cristata", "II", False),
    ],
)
def test_key_taxa_carry_cites_and_product_flags(
    taxon_id: str, appendix: str, product: bool
) -> None:
    taxon = load_lexicon().by_id()[taxon_id]
    assert taxon.cites_appendix == appendix
    assert taxon.product is product


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_terms_respect_budget_and_cover_the_main_groups(language: str) -> None:
    lexicon = load_lexicon()
    terms = lexicon.search_terms(language, 40)
    assert len(terms) == 40
    assert len(set(terms)) == 40
    names_to_group = {
        n.lower(): t.group for t in lexicon.taxa for n in t.names[language] + t.code_words
    }
    groups = {names_to_group[t] for t in terms if t in names_to_group}
    assert {"parrot", "songbird", "primate", "wild_cat"} <= groups
    assert terms[0] in {
        n.lower() for t in lexicon.taxa if t.group == GROUP_PRIORITY[0] for n in t.names[language]
    }


def test_search_terms_reject_unknown_language() -> None:
    with pytest.raises(ValueError, match="language"):
        load_lexicon().search_terms("fr", 10)
