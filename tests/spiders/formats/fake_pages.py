"""Single post pages as real sites write them: JSON-LD, OpenGraph, microdata, a JS shell."""

from __future__ import annotations

import json

from tests.spiders.formats.server import FakeRequest, Reply

PRODUCT_LD = {
    "@context": "https://schema.org",
    "@graph": [
        {"@type": "BreadcrumbList", "itemListElement": []},
        {
            "@type": "Product",
            "name": "Guacamaya roja bebé",
            "description": "Ejemplar exclusivo, linaje cerrado. Entrega inmediata en CDMX.",
            "image": ["/img/g1.jpg", {"@type": "ImageObject", "url": "https://cdn.local/g2.jpg"}],
            "offers": {
                "@type": "Offer",
                "price": "18500",
                "priceCurrency": "MXN",
                "availability": "https://schema.org/InStock",
                "seller": {"@type": "Person", "name": "Exóticos Norte", "url": "/u/exoticos"},
                "availableAtOrFrom": {"@type": "Place", "name": "Monterrey, NL"},
            },
        },
    ],
}
SOLD_LD = {
    "@type": "Product",
    "name": "Tortuga morrocoy adulta",
    "offers": {
        "@type": "Offer",
        "price": 90,
        "priceCurrency": "USD",
        "availability": "http://schema.org/SoldOut",
    },
}


def _ld(data: object, body: str = "") -> str:
    return (
        '<html lang="es-MX"><head><title>Anuncio</title>'
        f'<script type="application/ld+json">{json.dumps(data)}</script></head>'
        f"<body>{body}</body></html>"
    )


PAGES: dict[str, str] = {
    "/anuncio/guacamaya": _ld(PRODUCT_LD, "<nav>Inicio | Ayuda</nav><p>Ver fotos</p>"),
    "/anuncio/morrocoy": _ld(SOLD_LD, "<p>Tortuga morrocoy adulta, muy mansa, vendida.</p>"),
    "/post/123": (
        '<html lang="pt-BR"><head>'
        '<meta property="og:title" content="Filhote de sagui">'
        '<meta property="og:description" content="Chama no zap">'
        '<meta property="og:image" content="https://cdn.local/sagui.jpg">'
        '<meta property="og:url" content="https://feira.local/post/123?utm_source=x">'
        '<meta property="article:published_time" content="2025-11-21T08:30:00-03:00">'
        "</head><body><header>Feira</header><article><p>Filhote de sagui, manso, no precinho."
        '</p><p>Chama no zap <a href="https://wa.me/5511987654321">WhatsApp</a> ou '
        '<a href="tel:+55 11 98765-4321">ligue</a> <a href="mailto:sagui@ex.local">e-mail</a>'
        "</p></article><footer>(c) Feira</footer></body></html>"
    ),
    "/soup": (
        "<html><body><table><tr><td><div itemscope itemtype='https://schema.org/Product'>"
        "<h1 itemprop='name'>Colmillos de jaguar<td><span itemprop='description'>Par de colmillos"
        " naturales, envío discreto a todo el país<b>solo interesados"
        "<span itemprop='price' content='4000'>$4,000</span>"
        "<meta itemprop='priceCurrency' content='MXN'></table>"
    ),
    "/shell": (
        "<html><head><title>Feira</title></head><body><div id='app'>Carregando...</div>"
        "<script>setTimeout(function(){document.getElementById('app').innerHTML="
        "'<article><h1>Jabuti piranga filhote</h1><p>Jabuti piranga com nota, envio para todo o "
        "Brasil, chama no pv.</p><img src=\\'/fotos/jabuti.jpg\\'></article>';}, 50);</script>"
        "</body></html>"
    ),
}


def pages(request: FakeRequest) -> Reply:
    if request.path == "/ocupado" and request.hits == 1:
        return Reply(429, b"Too Many Requests", {"Retry-After": "1", "Content-Type": "text/plain"})
    if request.path == "/ocupado":
        return Reply.html(PAGES["/anuncio/guacamaya"])
    if request.path in PAGES:
        return Reply.html(PAGES[request.path])
    if request.path == "/photo.png":
        return Reply(200, b"\x89PNG\r\n\x1a\n" + bytes(64), {"Content-Type": "image/png"})
    return Reply.html("<html><body>Este anuncio ya no existe</body></html>", status=404)
