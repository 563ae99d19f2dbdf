"""Small parsers every spider shares: spider arguments, HTML to text, ISO dates, WhatsApp links.

Spiders keep values as the page shows them; the normalise pipeline parses prices and phones.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from w3lib.html import remove_tags, replace_entities

WHATSAPP_LINK = re.compile(r"(?:wa\.me/|api\.whatsapp\.com/send\?phone=)\+?(\d{6,15})")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_PARAGRAPH = re.compile(r"</p>\s*<p[^>]*>", re.IGNORECASE)


def positive_int(value: str | int, name: str) -> int:
    """A spider argument that must be a whole number of at least 1."""
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a whole number, got {value!r}") from exc
    if number < 1:
        raise ValueError(f"{name} must be at least 1, got {number}")
    return number


def comma_list(value: str | None) -> list[str]:
    """``"a, b,,c"`` -> ``["a", "b", "c"]`` (spider arguments arrive as strings)."""
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def url_list(value: str) -> list[str]:
    """URLs separated by spaces or commas, as ``sitemaps=`` and ``feeds=`` take them."""
    return [part for part in re.split(r"[\s,]+", value) if part]


def html_to_text(html: str) -> str:
    """Text of an HTML fragment: paragraphs become blank lines, ``<br>`` a line break."""
    text = _PARAGRAPH.sub("\n\n", _BREAK.sub("\n", html))
    lines = (" ".join(line.split()) for line in replace_entities(remove_tags(text)).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def iso_datetime(raw: object) -> datetime | None:
    """An ISO 8601 timestamp (any JSON value) as an aware UTC datetime; None when not ISO."""
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(str(raw).strip())
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def whatsapp_numbers(values: list[str]) -> list[str]:
    """``https://wa.me/5215512345678`` -> ``+5215512345678``; plain numbers are kept."""
    numbers = []
    for value in values:
        match = WHATSAPP_LINK.search(value)
        numbers.append(f"+{match.group(1)}" if match else value)
    return list(dict.fromkeys(numbers))
