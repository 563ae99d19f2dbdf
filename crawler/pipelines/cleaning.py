"""Text cleaning for crawled posts: Unicode, mojibake, HTML leftovers, control characters.

Pure functions, safe on any input (binary garbage, megabytes, emoji-only strings).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import ftfy
from w3lib.html import remove_tags, remove_tags_with_content, replace_entities

#: Longest text kept (characters); longer posts are cut here before any other work.
MAX_TEXT = 100_000
MAX_LINE = 2_000

_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.S)
_BREAK = re.compile(r"<\s*(?:br|/p|/div|/li|/h[1-6]|/tr)\s*/?>", re.I)
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")
# Keep newline and tab; drop the other C0/C1 controls, lone surrogates and non-characters.
_KEEP_CONTROL = {"\n", "\t"}


def to_text(value: Any) -> str:
    """Any value as a string; bytes are decoded as UTF-8 with replacement."""
    if value is None:
        return ""
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", "replace")
    return value if isinstance(value, str) else str(value)


def _strip_controls(text: str) -> str:
    return "".join(
        ch
        for ch in text
        if ch in _KEEP_CONTROL or unicodedata.category(ch) not in ("Cc", "Cs", "Co", "Cn")
    )


def strip_html(text: str) -> str:
    """Remove tags (script and style with their content) and decode entities."""
    if "<" in text and _TAG.search(text):
        text = _BREAK.sub("\n", text)
        text = remove_tags_with_content(text, which_ones=("script", "style"))
        text = remove_tags(text)
    if "&" in text:
        text = replace_entities(text)
    return text


def clean_text(value: Any, limit: int = MAX_TEXT) -> tuple[str, bool]:
    """A readable multi-line text and whether it had to be cut at ``limit`` characters."""
    text = to_text(value)
    truncated = len(text) > limit
    text = text[:limit]
    text = strip_html(text)
    text = ftfy.fix_text(text, normalization="NFC")
    text = _strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    text = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    return text, truncated


def clean_line(value: Any, limit: int = MAX_LINE) -> str:
    """A single-line value (title, handle, location): whitespace collapsed to spaces."""
    text, _ = clean_text(value, limit * 4)
    return " ".join(text.split())[:limit]
