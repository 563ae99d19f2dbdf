"""A site that publishes its listings in sitemaps: robots.txt, an index, plain and gzip url sets.

The first url set answers 429 with ``Retry-After: 1`` the first time it is asked for.
``/sitemap-empty.xml`` is a url set without URLs, ``/sitemap-index-empty.xml`` an index without
sitemaps, ``/sitemap-blank.xml`` a blank 200 answer.
"""

from __future__ import annotations

from tests.spiders.formats.server import FakeRequest, Reply

INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>{base}/sitemap-listings-1.xml</loc><lastmod>2025-11-22</lastmod></sitemap>
  <sitemap><loc>{base}/sitemap-listings-2.xml.gz</loc></sitemap>
  <sitemap><loc>{base}/sitemap-broken.xml</loc></sitemap>
</sitemapindex>"""

EMPTY_INDEX = '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></sitemapindex>'

URLSET = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>"""


def _urls(base: str, entries: list[tuple[str, str]]) -> str:
    return "".join(f"<url><loc>{base}{p}</loc><lastmod>{d}</lastmod></url>" for p, d in entries)


LISTING = """<html lang="es"><head><title>{title}</title>
<meta property="og:title" content="{title}"><meta property="product:price:amount" content="{price}">
<meta property="product:price:currency" content="COP"></head>
<body><article><h1>{title}</h1><p>{title}: ejemplar sano, envío a todo el país, solo interesados.</p>
</article></body></html>"""


def sitemaps(request: FakeRequest) -> Reply:
    base = f"http://{request.headers.get('Host')}"
    if request.path == "/robots.txt":
        return Reply(
            200,
            f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n".encode(),
            {"Content-Type": "text/plain"},
        )
    if request.path == "/sitemap.xml":
        return Reply.xml(INDEX.format(base=base))
    if request.path == "/sitemap-listings-1.xml" and request.hits == 1:
        return Reply(429, b"slow down", {"Retry-After": "1", "Content-Type": "text/plain"})
    if request.path == "/sitemap-listings-1.xml":
        entries = [
            ("/aviso/101", "2025-11-20"),
            ("/aviso/102", "2025-11-01"),
            ("/ayuda/faq", "2025-11-22"),
        ]
        return Reply.xml(URLSET.format(urls=_urls(base, entries)))
    if request.path == "/sitemap-listings-2.xml.gz":
        entries = [("/aviso/201", "2025-11-21T08:00:00+00:00"), ("/aviso/202", "2025-11-23")]
        return Reply.xml(URLSET.format(urls=_urls(base, entries)), gz=True)
    if request.path == "/sitemap-empty.xml":
        return Reply.xml(URLSET.format(urls=""))
    if request.path == "/sitemap-index-empty.xml":
        return Reply.xml(INDEX.split("\n", 2)[0] + "\n" + EMPTY_INDEX)
    if request.path == "/sitemap-blank.xml":
        return Reply.xml("  \n")
    if request.path == "/sitemap-broken.xml":
        return Reply.html("<html><body>Not a sitemap</body></html>")
    titles = {
        "/aviso/101": ("Tití gris", "350.000"),
        "/aviso/102": ("Morrocoy", "80.000"),
        "/aviso/201": ("Loro real", "1.200.000"),
        "/ayuda/faq": ("Ayuda", "0"),
    }
    if request.path in titles:
        title, price = titles[request.path]
        return Reply.html(LISTING.format(title=title, price=price))
    return Reply.html("<html><body>Aviso eliminado</body></html>", status=404)
