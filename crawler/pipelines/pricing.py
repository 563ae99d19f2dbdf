"""Prices as people write them ("1.500", "2,300", "R$ 1.200,00", "a tratar") to amount + ISO code."""

from __future__ import annotations

import re
from decimal import Decimal

from price_parser import Price

MAX_PRICE = Decimal("1e13")

#: Symbols that name one currency wherever they appear.
SYMBOLS = {
    "R$": "BRL",
    "US$": "USD",
    "U$S": "USD",
    "U$D": "USD",
    "€": "EUR",
    "£": "GBP",
    "S/": "PEN",
    "S/.": "PEN",
    "Bs": "VES",
    "Bs.": "VES",
    "₡": "CRC",
    "₲": "PYG",
    "Gs": "PYG",
    "₹": "INR",
    "¥": "CNY",
    "₫": "VND",
    "฿": "THB",
    "Rp": "IDR",
}
#: Where "$" alone is written, the country says which dollar or peso it is.
DOLLAR_BY_COUNTRY = {
    "MX": "MXN",
    "AR": "ARS",
    "CO": "COP",
    "CL": "CLP",
    "UY": "UYU",
    "DO": "DOP",
    "US": "USD",
    "EC": "USD",
    "SV": "USD",
    "PA": "USD",
    "PR": "USD",
    "CA": "CAD",
    "AU": "AUD",
}
WORDS = {
    "soles": "PEN",
    "reais": "BRL",
    "reales": "BRL",
    "dolares": "USD",
    "dólares": "USD",
    "dollars": "USD",
    "euros": "EUR",
    "bolivares": "VES",
    "bolívares": "VES",
    "quetzales": "GTQ",
    "lempiras": "HNL",
    "colones": "CRC",
}
_ISO = re.compile(
    r"\b(USD|EUR|BRL|MXN|ARS|COP|CLP|PEN|UYU|PYG|BOB|VES|GTQ|HNL|NIO|CRC|DOP|CUP|GBP|CNY|IDR|VND|THB|INR|CAD|AUD)\b"
)
_SYMBOL_PATTERNS = [
    (
        sym,
        re.compile(
            r"(?<![A-Za-z])" + re.escape(sym) + (r"(?![A-Za-z])" if sym[-1].isalpha() else "")
        ),
    )
    for sym in sorted(SYMBOLS, key=len, reverse=True)
]
_THOUSAND_WORD = re.compile(r"\d\s*(?:mil|k)\b", re.I)


def currency_of(raw: str, symbol: str | None, country: str | None) -> str | None:
    """The ISO 4217 code named by the text, its symbol, or "$" plus the country."""
    if found := _ISO.search(raw.upper()):
        return found.group(1)
    if symbol:
        sym = symbol.strip()
        if sym.upper() in {c for c in DOLLAR_BY_COUNTRY.values()} | set(SYMBOLS.values()):
            return sym.upper()
        if sym in SYMBOLS:
            return SYMBOLS[sym]
        if sym == "$":
            return DOLLAR_BY_COUNTRY.get((country or "").upper())
    for sym, pattern in _SYMBOL_PATTERNS:
        if pattern.search(raw):
            return SYMBOLS[sym]
    lowered = raw.lower()
    for word, code in WORDS.items():
        if word in lowered:
            return code
    return None


def parse_price(raw: str | None, country: str | None = None) -> tuple[float | None, str | None]:
    """(amount, ISO currency) from a written price; (None, None) for "a tratar", "consultar"...

    A single separator followed by three digits is a thousands separator ("1.500" and
    "2,300" both mean 1500 and 2300); "mil"/"k" after a small number multiplies by 1000.
    """
    if not raw:
        return None, None
    text = raw[:200]
    parsed = Price.fromstring(text)
    amount = parsed.amount
    currency = currency_of(text, parsed.currency, country)
    if amount is None:
        return None, currency
    if amount < 1000 and _THOUSAND_WORD.search(text):
        amount *= 1000
    if amount < 0 or amount >= MAX_PRICE:
        return None, currency
    return float(amount), currency
