"""The species column of ``wildwatch flagged``: what is offered and its zoonotic risk."""

from __future__ import annotations

from typing import Any

import pytest

from crawler.commands.classify import _species_cell


@pytest.mark.parametrize(
    ("species", "cell"),
    [
        (
            {"taxon": "tufted capuchin", "cites_appendix": "II", "product": "live"},
            "tufted capuchin (II): live animal",
        ),
        (
            {
                "taxon": "ocelot",
                "cites_appendix": "I",
                "product": "live",
                "zoonotic_risk": "carnivore",
            },
            "ocelot (I): live animal, zoonotic: carnivore",
        ),
        (
            {"taxon": "totoaba", "cites_appendix": "I", "product": "swim_bladder"},
            "totoaba (I): swim bladder",
        ),
        ({"taxon": "macaw", "cites_appendix": "II"}, "macaw (II)"),  # stored before products
        ({"taxon": "shark", "cites_appendix": None, "product": "gills_v2"}, "shark (-): gills v2"),
    ],
)
def test_the_terminal_queue_names_product_and_risk(species: dict[str, Any], cell: str) -> None:
    assert _species_cell(species) == cell
