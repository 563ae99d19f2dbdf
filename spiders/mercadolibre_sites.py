"""MercadoLibre's sites (one per country): language, country and currency of each site id."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MercadoLibreSite:
    """One MercadoLibre site as ``/sites`` lists it, with the language its sellers write."""

    site_id: str
    country: str
    language: str
    currency: str
    domain: str


SITES: dict[str, MercadoLibreSite] = {
    s.site_id: s
    for s in (
        MercadoLibreSite("MLA", "AR", "es", "ARS", "mercadolibre.com.ar"),
        MercadoLibreSite("MLB", "BR", "pt", "BRL", "mercadolivre.com.br"),
        MercadoLibreSite("MLM", "MX", "es", "MXN", "mercadolibre.com.mx"),
        MercadoLibreSite("MCO", "CO", "es", "COP", "mercadolibre.com.co"),
        MercadoLibreSite("MPE", "PE", "es", "PEN", "mercadolibre.com.pe"),
        MercadoLibreSite("MLC", "CL", "es", "CLP", "mercadolibre.cl"),
        MercadoLibreSite("MLU", "UY", "es", "UYU", "mercadolibre.com.uy"),
        MercadoLibreSite("MLV", "VE", "es", "VES", "mercadolibre.com.ve"),
        MercadoLibreSite("MEC", "EC", "es", "USD", "mercadolibre.com.ec"),
        MercadoLibreSite("MBO", "BO", "es", "BOB", "mercadolibre.com.bo"),
        MercadoLibreSite("MPY", "PY", "es", "PYG", "mercadolibre.com.py"),
        MercadoLibreSite("MCR", "CR", "es", "CRC", "mercadolibre.co.cr"),
        MercadoLibreSite("MRD", "DO", "es", "DOP", "mercadolibre.com.do"),
        MercadoLibreSite("MPA", "PA", "es", "USD", "mercadolibre.com.pa"),
        MercadoLibreSite("MGT", "GT", "es", "GTQ", "mercadolibre.com.gt"),
        MercadoLibreSite("MHN", "HN", "es", "HNL", "mercadolibre.com.hn"),
        MercadoLibreSite("MNI", "NI", "es", "NIO", "mercadolibre.com.ni"),
        MercadoLibreSite("MSV", "SV", "es", "USD", "mercadolibre.com.sv"),
    )
}


def site(site_id: str) -> MercadoLibreSite:
    """The site for an id such as ``MLM``; a clear error for an unknown one."""
    try:
        return SITES[site_id.strip().upper()]
    except KeyError:
        known = ", ".join(sorted(SITES))
        raise ValueError(f"unknown MercadoLibre site {site_id!r}; known sites: {known}") from None
