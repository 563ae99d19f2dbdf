"""Contact values in canonical form: phones as written in Latin America and elsewhere."""

from __future__ import annotations

import pytest

from storage.contact_values import normalize_email, normalize_phone, normalize_url

PHONES = [
    ("+55 11 91234-5678", None, "+5511912345678"),
    ("5511912345678", None, "+5511912345678"),
    ("(11) 91234-5678", "BR", "+5511912345678"),
    ("11 91234 5678", "br", "+5511912345678"),
    ("+52 1 55 1234 5678", None, "+525512345678"),
    ("55 1234 5678", "MX", "+525512345678"),
    ("0052 55 1234 5678", None, "+525512345678"),
    ("300 123 4567", "CO", "+573001234567"),
    ("011 4321-8765", "AR", "+541143218765"),
    ("099 123 4567", "EC", "+593991234567"),
    ("+1 (415) 555-0132", "MX", "+14155550132"),
    ("wa.me/5215512345678", None, "+525512345678"),
    ("123", "MX", None),
    ("no tengo", "MX", None),
    ("1" * 40, None, None),
    ("🦜📞", None, None),
]


@pytest.mark.parametrize(("raw", "country", "expected"), PHONES)
def test_phones_become_e164(raw: str, country: str | None, expected: str | None) -> None:
    assert normalize_phone(raw, country) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" Vendas.Exoticos@Gmail.COM ", "vendas.exoticos@gmail.com"),
        ("mailto:fauna@example.org?subject=loro", "fauna@example.org"),
        ("<ana@correo.com.mx>", "ana@correo.com.mx"),
        ("arroba@", None),
        ("no es correo", None),
    ],
)
def test_emails_are_lower_case(raw: str, expected: str | None) -> None:
    assert normalize_email(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://Instagram.com/exoticos_br/", "https://instagram.com/exoticos_br"),
        ("http://example.org/p?b=2&a=1#frag", "http://example.org/p?a=1&b=2"),
        ("javascript:alert(1)", None),
    ],
)
def test_urls_are_canonical(raw: str, expected: str | None) -> None:
    assert normalize_url(raw) == expected
