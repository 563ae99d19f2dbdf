"""Canonical forms of contact values, so one number or address written two ways is one contact.

Phones become E.164 (``+5511912345678``) with :mod:`phonenumbers`, using the listing's
country as the region hint; e-mails are lower-cased; URLs canonicalised with :mod:`w3lib`.
The crawl's normalise pipeline and storage both call these functions.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat
from w3lib.url import canonicalize_url

_EMAIL = re.compile(r"^[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,24}$")
_NOT_DIAL = re.compile(r"[^\d+]")
MIN_DIGITS = 7
MAX_DIGITS = 17
# Mexico dropped the mobile "1" after the country code in 2019; old posts still carry it.
_MX_OLD_MOBILE = re.compile(r"^\+521(\d{10})$")


def region_hint(country: str | None) -> str | None:
    """An ISO 3166 alpha-2 region for :mod:`phonenumbers`, or None when ``country`` is not one."""
    if not country:
        return None
    code = country.strip().upper()
    if len(code) == 2 and code in phonenumbers.SUPPORTED_REGIONS:
        return code
    return None


def _parse(raw: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(raw, region)
    except NumberParseException:
        return None


def normalize_phone(raw: str, country: str | None = None) -> str | None:
    """``raw`` as an E.164 number, or None when it cannot be a phone number.

    Without a leading ``+`` the country is tried first, then the digits as an
    international number (``5511912345678`` is Brazilian whatever the hint).
    """
    compact = _NOT_DIAL.sub("", raw[:64])
    digits = compact.lstrip("+")
    if not MIN_DIGITS <= len(digits) <= MAX_DIGITS or "+" in digits:
        return None
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    region = region_hint(country)
    attempts: list[tuple[str, str | None]] = []
    if compact.startswith("+"):
        attempts.append((compact, None))
    else:
        if region:
            attempts.append((raw[:64], region))
        attempts.append(("+" + digits, None))
    possible: str | None = None
    for text, hint in attempts:
        number = _parse(text, hint)
        if number is None:
            continue
        e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
        old = _MX_OLD_MOBILE.match(e164)
        if old and not phonenumbers.is_valid_number(number):
            e164 = "+52" + old.group(1)
            number = phonenumbers.parse(e164, None)
        if phonenumbers.is_valid_number(number):
            return e164
        if possible is None and phonenumbers.is_possible_number(number):
            possible = e164
    return possible


def normalize_email(raw: str) -> str | None:
    """A lower-cased e-mail address, or None when ``raw`` is not one."""
    value = raw.strip().strip("<>.,;:").lower()
    if value.startswith("mailto:"):
        value = value[len("mailto:") :].split("?", 1)[0]
    return value if len(value) <= 254 and _EMAIL.match(value) else None


def normalize_url(raw: str) -> str | None:
    """A canonical http(s) URL (sorted query, no fragment, no trailing slash), or None."""
    value = raw.strip()
    if not value.lower().startswith(("http://", "https://")) or len(value) > 2000:
        return None
    try:
        canonical = canonicalize_url(value, keep_fragments=False)
    except ValueError:
        return None
    scheme, _, rest = canonical.partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}://{host.lower()}{slash}{path}".rstrip("/")


def normalize_handle(raw: str) -> str | None:
    """A platform handle without the leading ``@`` and in lower case, or None when empty."""
    value = " ".join(raw.replace("\x00", "").split()).lstrip("@").lower()
    return value[:300] or None
