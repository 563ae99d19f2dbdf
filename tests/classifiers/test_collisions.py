"""The fold blocklist generator: which dictionary words count as collisions with a species name."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifiers.collisions import collisions, is_form_of_name
from classifiers.folding import BLOCKLIST_FILE
from classifiers.lexicon import load_lexicon_from

_TAXA = """
group: bird
taxa:
  - {id: owl, sci: Strigiformes, cites: "II", es: [coruja, lechuza], pt: [passarinho]}
  - {id: dolphin, sci: Inia geoffrensis, cites: "II", pt: [boto], es: [tiburón]}
  - {id: seedeater, sci: Sporophila albogularis, cites: null, pt: [golinha]}
"""


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("corujas", "coruja"),
        ("lechuzas", "lechuza"),
        ("passarinhos", "passarinho"),
        ("tiburones", "tiburon"),
        ("tiburoncitos", "tiburon"),
        ("monitos", "mono"),
        ("tortuguitas", "tortuga"),
        ("macaquinhos", "macaco"),
        ("corujazinha", "coruja"),
        ("spiderlings", "spiderling"),
        ("leoes", "leao"),
        ("serpientes", "serpiente"),
    ],
)
def test_plurals_and_diminutives_are_forms_of_a_name(word: str, name: str) -> None:
    assert is_form_of_name(word, name)


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("passar", "passarinho"),  # the verb, not a form of the bird
        ("botas", "boto"),  # boots, not river dolphins
        ("coleira", "coleirinha"),  # a collar: the word a bird's name is made from
        ("gola", "golinha"),
        ("leona", "leon"),  # another gender is another listed name, not a form
        ("snacks", "snake"),
    ],
)
def test_words_that_only_fold_alike_are_not_forms(word: str, name: str) -> None:
    assert not is_form_of_name(word, name)


def test_collisions_block_everyday_words_and_keep_forms(tmp_path: Path) -> None:
    (tmp_path / "birds.yaml").write_text(_TAXA, encoding="utf-8")
    words = ["corujas", "lechuzas", "passarinhos", "passar", "botas", "bota", "tiburones", "gola"]
    blocked = collisions(load_lexicon_from(tmp_path), iter((w, w) for w in words))
    assert blocked == {"passar", "botas", "bota", "gola"}


def test_the_shipped_blocklist_keeps_plurals_and_blocks_known_collisions() -> None:
    shipped = set(BLOCKLIST_FILE.read_text(encoding="utf-8").split())
    assert {"passar", "botas", "snacks", "crocs", "gola", "burma", "coleira"} <= shipped
    assert not {"passarinhos", "corujas", "lechuzas", "tortuguitas", "monitos"} & shipped
