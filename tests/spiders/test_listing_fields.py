"""The small parsers all spiders share."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from spiders.listing_fields import (
    comma_list,
    html_to_text,
    iso_datetime,
    positive_int,
    whatsapp_numbers,
)


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Vendo loro</p><p>#aves</p>", "Vendo loro\n\n#aves"),
        ("Filhote<br/>chama no zap &amp; pix", "Filhote\nchama no zap & pix"),
        ('<a href="x">  many   spaces </a>', "many spaces"),
        ("", ""),
    ],
)
def test_html_to_text(html: str, text: str) -> None:
    assert html_to_text(html) == text


@pytest.mark.parametrize(
    ("values", "numbers"),
    [
        (["https://wa.me/5215512345678"], ["+5215512345678"]),
        (["https://api.whatsapp.com/send?phone=+5511987654321&text=oi"], ["+5511987654321"]),
        (["https://wa.me/573001112233", "https://wa.me/573001112233"], ["+573001112233"]),
        (["55 1234 5678"], ["55 1234 5678"]),
    ],
)
def test_whatsapp_numbers(values: list[str], numbers: list[str]) -> None:
    assert whatsapp_numbers(values) == numbers


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-11-18T21:36:11.000Z", datetime(2026, 11, 18, 21, 36, 11, tzinfo=UTC)),
        ("2026-11-18T18:36:11-03:00", datetime(2026, 11, 18, 21, 36, 11, tzinfo=UTC)),
        ("2026-11-18", datetime(2026, 11, 18, tzinfo=UTC)),
        ("hace 3 días", None),
        (None, None),
    ],
)
def test_iso_datetime(raw: str | None, expected: datetime | None) -> None:
    assert iso_datetime(raw) == expected


@pytest.mark.parametrize(("raw", "error"), [("0", "at least 1"), ("ten", "whole number")])
def test_positive_int_says_what_is_wrong(raw: str, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        positive_int(raw, "max_pages")
    assert positive_int("3", "max_pages") == 3
    assert comma_list(" a, b,,c ") == ["a", "b", "c"]
