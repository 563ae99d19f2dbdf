"""Feeds as sites publish them: RSS 2.0 with Media RSS and Google Merchant price, paged Atom."""

from __future__ import annotations

from tests.spiders.formats.server import FakeRequest, Reply

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:g="http://base.google.com/ns/1.0"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Clasificados - Animales</title><link>{base}/animales</link>
<item>
  <title>Tucán pico iris &amp; jaula</title><link>{base}/anuncio/1</link><guid isPermaLink="false">ad-1</guid>
  <description>&lt;p&gt;Tucán manso&lt;br/&gt;entrega inmediata&lt;/p&gt;</description>
  <pubDate>Sat, 22 Nov 2025 09:15:00 -0600</pubDate><author>ventas@aves.local (Aves del Sur)</author>
  <g:price>7500 MXN</g:price>
  <media:content url="https://cdn.local/t1.jpg" medium="image"/>
</item>
<item>
  <title>Loro cabeza amarilla</title><link>{base}/anuncio/2</link><guid>ad-2</guid>
  <content:encoded><![CDATA[<div>Loro hablador, con papeles.</div><div>Solo interesados.</div>]]></content:encoded>
  <enclosure url="https://cdn.local/l2.jpg" type="image/jpeg" length="100"/>
</item>
<item><title>Anuncio borrado</title><link>{base}/anuncio/3</link><guid>ad-3</guid>
  <description>Teaser</description></item>
</channel></rss>"""

ATOM_PAGE = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Forum: vendo</title><id>urn:forum</id>
<updated>2025-11-22T10:00:00Z</updated>{next}
<entry><title>{title}</title><id>urn:post:{n}</id><link rel="alternate" href="{base}/t/{n}"/>
<published>2025-11-2{n}T10:00:00Z</published><updated>2025-11-2{n}T10:00:00Z</updated>
<author><name>criador{n}</name><uri>{base}/u/criador{n}</uri></author>
<summary type="html">&lt;b&gt;{title}&lt;/b&gt; chama no zap</summary></entry>
</feed>"""

ENTRY_PAGE = """<html lang="es"><head><title>x</title></head><body><article>
<h1>Tucán pico iris</h1><p>Tucán pico iris muy manso, acostumbrado a la mano, con jaula grande.</p>
<a href="https://wa.me/5215512345678">WhatsApp</a></article></body></html>"""


def feeds(request: FakeRequest) -> Reply:
    base = f"http://{request.headers.get('Host')}"
    if request.path == "/rss":
        return Reply.xml(RSS.format(base=base), content_type="application/rss+xml")
    if request.path == "/atom":
        page = int(request.arg("page", "1"))
        nxt = f'<link rel="next" href="{base}/atom?page={page + 1}"/>' if page < 2 else ""
        title = "Jabuti filhote" if page == 1 else "Sagui com nota"
        return Reply.xml(
            ATOM_PAGE.format(base=base, next=nxt, n=page, title=title),
            content_type="application/atom+xml",
        )
    if request.path == "/busy" and request.hits == 1:
        return Reply(429, b"Too Many Requests", {"Retry-After": "1", "Content-Type": "text/plain"})
    if request.path == "/busy":
        return Reply.xml(
            ATOM_PAGE.format(base=base, next="", n=3, title="Arara azul"),
            content_type="application/atom+xml",
        )
    if request.path == "/broken":
        return Reply.xml("<rss><channel><item><title>half", content_type="application/rss+xml")
    if request.path == "/empty":
        return Reply.xml(
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Nada</title></channel></rss>'
        )
    if request.path == "/anuncio/1":
        return Reply.html(ENTRY_PAGE)
    if request.path == "/anuncio/2":
        return Reply.html("<html><body><article><p>Loro</p></article></body></html>")
    return Reply.html("<html><body>No existe</body></html>", status=410)
