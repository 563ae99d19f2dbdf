"""Highlighting a verdict's offsets in the listing text."""

from __future__ import annotations

from typing import Any

import pytest

from review.highlight import Segment, classified_text, segments

TEXT = "vendo perezoso bebé, inbox"


def test_classified_text_joins_title_and_text_like_the_classifier() -> None:
    assert classified_text("Loro", "cabeza amarilla") == "Loro\ncabeza amarilla"
    assert classified_text(None, "solo texto") == "solo texto"
    assert classified_text("", None) == ""


SLOTH = {"start": 6, "end": 14, "taxon": "brown-throated sloth", "cites_appendix": "II"}
INBOX = {"start": 21, "end": 26, "direction": "raises", "kind": "contact", "name": "inbox"}


@pytest.mark.parametrize(
    ("species", "cues", "expected"),
    [
        ([], [], [Segment(TEXT)]),
        (
            [SLOTH],
            [INBOX],
            [
                Segment("vendo "),
                Segment("perezoso", "species", "brown-throated sloth · CITES II"),
                Segment(" bebé, "),
                Segment("inbox", "raises", "contact: inbox"),
            ],
        ),
        # A cue overlapping a species span is cut, not duplicated.
        (
            [SLOTH],
            [{"start": 10, "end": 19, "direction": "lowers", "kind": "neg", "name": "x"}],
            [
                Segment("vendo "),
                Segment("perezoso", "species", "brown-throated sloth · CITES II"),
                Segment(" bebé", "lowers", "neg: x"),
                Segment(", inbox"),
            ],
        ),
        # Cues without offsets (price present, contact found) are not highlighted; offsets
        # past the end are clipped.
        (
            [],
            [
                {"start": -1, "end": -1, "direction": "raises", "kind": "k", "name": "n"},
                {
                    "start": 21,
                    "end": 400,
                    "direction": "raises",
                    "kind": "contact",
                    "name": "inbox",
                },
            ],
            [Segment("vendo perezoso bebé, "), Segment("inbox", "raises", "contact: inbox")],
        ),
    ],
)
def test_segments_cover_the_text_once(
    species: list[dict[str, Any]], cues: list[dict[str, Any]], expected: list[Segment]
) -> None:
    result = segments(TEXT, species, cues)
    assert result == expected
    assert "".join(s.text for s in result) == TEXT
