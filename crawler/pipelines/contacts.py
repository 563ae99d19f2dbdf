"""Contacts of a post: listed ones to canonical form, and phones/e-mails found in its text."""

from __future__ import annotations

import re
from collections.abc import Iterable

import phonenumbers
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher

from storage.contact_values import normalize_email, normalize_phone, normalize_url, region_hint

#: Characters of text scanned for phones and e-mails (contacts sit near the start or end).
SCAN = 20_000
_EMAIL = re.compile(
    r"[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63})*\.[A-Za-z]{2,24}"
)
_WA_LINK = re.compile(r"(?:wa\.me/|api\.whatsapp\.com/send\?phone=)\+?(\d{8,15})", re.I)
_WA_WORD = re.compile(r"whats|wsp|wpp|zap\b|zapzap|wasap|guasap", re.I)
_WINDOW = 40


def unique(values: Iterable[str | None]) -> list[str]:
    """Values in first-seen order without None or repeats."""
    seen: dict[str, None] = {}
    for value in values:
        if value:
            seen.setdefault(value, None)
    return list(seen)


def canonical_phones(raw: Iterable[str], country: str | None) -> tuple[list[str], int]:
    """E.164 numbers and how many entries were not phone numbers."""
    parsed = [normalize_phone(str(p), country) for p in raw]
    return unique(parsed), sum(1 for p in parsed if p is None)


def canonical_emails(raw: Iterable[str]) -> list[str]:
    """Lower-cased valid e-mail addresses."""
    return unique(normalize_email(str(e)) for e in raw)


def canonical_urls(raw: Iterable[str]) -> list[str]:
    """Canonical http(s) URLs."""
    return unique(normalize_url(str(u)) for u in raw)


def phones_in_text(text: str, country: str | None) -> tuple[list[str], list[str]]:
    """(phones, whatsapp numbers) written in ``text``; a number near "WhatsApp"/"zap" is WhatsApp."""
    sample = text[:SCAN]
    phones: list[str] = []
    whatsapp = [n for m in _WA_LINK.finditer(sample) if (n := normalize_phone("+" + m.group(1)))]
    region = region_hint(country) or "ZZ"
    for match in PhoneNumberMatcher(sample, region, leniency=Leniency.VALID, max_tries=200):
        number = phonenumbers.format_number(match.number, PhoneNumberFormat.E164)
        around = sample[max(0, match.start - _WINDOW) : match.end + _WINDOW]
        (whatsapp if _WA_WORD.search(around) else phones).append(number)
    return unique(phones), unique(whatsapp)


def emails_in_text(text: str) -> list[str]:
    """E-mail addresses written in ``text``."""
    return unique(normalize_email(m.group(0)) for m in _EMAIL.finditer(text[:SCAN]))
