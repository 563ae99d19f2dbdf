"""``mercado_es``: a Spanish-language classifieds marketplace rendered on the server.

Search ``/buscar?q=&page=``, browse ``/categoria/<slug>?page=``, details ``/anuncio/<id>``.
Some detail pages are broken on purpose (see :class:`demo.content.Defect`).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from urllib.parse import quote_plus

from demo.content import Defect, DemoPost
from demo.sites.base import Query, Reply, first, html_reply, int_param, png_reply, text_reply
from demo.sites.catalog import Catalog, Page

ROBOTS = "User-agent: *\nDisallow: /cuenta/\nAllow: /\n"
COUNTRY_NAMES = {"MX": "México", "CO": "Colombia", "AR": "Argentina"}
MONTHS = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")


def _layout(title: str, body: str, charset: bool = True) -> str:
    meta = '<meta charset="utf-8">' if charset else ""
    return (
        f'<!DOCTYPE html>\n<html lang="es"><head>{meta}<title>{escape(title)} | Mercado Local'
        '</title></head><body><header class="cabecera"><a href="/">Mercado Local</a>'
        '<form action="/buscar"><input name="q"><button>Buscar</button></form>'
        '<a href="/cuenta/ingresar">Ingresar</a></header>'
        f"{body}<footer>Mercado Local · anuncios clasificados</footer></body></html>"
    )


class MercadoSite:
    """Server-rendered marketplace in Spanish."""

    name = "mercado_es"

    def __init__(self, posts: Sequence[DemoPost]) -> None:
        self.base_url = ""
        self.catalog = Catalog(posts)

    def route(self, path: str, query: Query, client: str) -> Reply:
        if path == "/robots.txt":
            return text_reply(ROBOTS)
        if path == "/":
            return html_reply(self._home())
        if path == "/buscar":
            q = first(query, "q").strip()
            page = self.catalog.page(self.catalog.search(q), int_param(query, "page", 1))
            return html_reply(
                self._results(f"Resultados para «{q}»", page, f"/buscar?q={quote_plus(q)}&")
            )
        if path.startswith("/categoria/"):
            slug = path.removeprefix("/categoria/")
            if slug not in self.catalog.categories:
                return html_reply(_layout("No encontrado", "<h1>Categoría inexistente</h1>"), 404)
            page = self.catalog.page(self.catalog.in_category(slug), int_param(query, "page", 1))
            return html_reply(self._results(f"Categoría: {slug}", page, f"/categoria/{slug}?"))
        if path.startswith("/anuncio/"):
            post = self.catalog.by_id.get(path.removeprefix("/anuncio/"))
            if post is None:
                return html_reply(
                    _layout("No encontrado", "<h1>Este anuncio ya no existe</h1>"), 404
                )
            return self._detail(post)
        if path.startswith("/usuario/"):
            handle = path.removeprefix("/usuario/")
            mine = [p for p in self.catalog.posts if p.seller_handle == handle]
            return html_reply(
                self._results(
                    f"Anuncios de {handle}",
                    self.catalog.page(mine, int_param(query, "page", 1)),
                    f"/usuario/{handle}?",
                )
            )
        if path.startswith("/fotos/"):
            return png_reply(path.removeprefix("/fotos/"))
        if path.startswith("/cuenta/"):
            return html_reply(
                _layout("Ingresar", '<form class="login"><input name="email"></form>')
            )
        return html_reply(_layout("No encontrado", "<h1>Página no encontrada</h1>"), 404)

    def _home(self) -> str:
        links = "".join(
            f'<li><a class="categoria" href="/categoria/{c}">{escape(c)}</a></li>'
            for c in self.catalog.categories
        )
        return _layout(
            "Inicio", f'<main><h1>Categorías</h1><ul class="categorias">{links}</ul></main>'
        )

    def _results(self, heading: str, page: Page, base: str) -> str:
        if not page.items:
            body = f'<main><h1>{escape(heading)}</h1><p class="sin-resultados">No encontramos anuncios.</p></main>'
            return _layout(heading, body)
        rows = "".join(
            f'<li class="resultado" data-id="{p.post_id}"><a class="resultado-link" '
            f'href="/anuncio/{p.post_id}">{escape(p.title or "(sin título)")}</a>'
            f'<span class="precio">{escape(p.price_raw or "")}</span>'
            f'<span class="ciudad">{escape(p.city)}</span></li>'
            for p in page.items
        )
        nav = ""
        if page.number > 1:
            nav += (
                f'<a class="anterior" rel="prev" href="{base}page={page.number - 1}">Anterior</a>'
            )
        if page.has_next:
            nav += (
                f'<a class="siguiente" rel="next" href="{base}page={page.number + 1}">Siguiente</a>'
            )
        body = (
            f'<main><h1>{escape(heading)}</h1><p class="total">{page.total} anuncios</p>'
            f'<ul class="resultados">{rows}</ul><nav class="paginacion">{nav}</nav></main>'
        )
        return _layout(heading, body)

    def _detail(self, post: DemoPost) -> Reply:
        if post.defect is Defect.SERVER_ERROR:
            return html_reply(_layout("Error", "<h1>Error interno del servidor</h1>"), 500)
        if post.defect is Defect.TAG_SOUP:
            return html_reply(self._tag_soup(post))
        text = _layout(
            post.title or "Anuncio",
            self._detail_body(post),
            charset=post.defect is not Defect.NO_CHARSET,
        )
        if post.defect is Defect.BAD_ENCODING:
            return Reply(200, text.encode("latin-1", "replace"), "text/html; charset=utf-8")
        if post.defect is Defect.NO_CHARSET:
            return Reply(200, text.encode("latin-1", "replace"), "text/html")
        reply = html_reply(text)
        reply.delay = 3.0 if post.defect is Defect.SLOW else 0.0
        return reply

    def _detail_body(self, post: DemoPost) -> str:
        title = f'<h1 class="anuncio-titulo">{escape(post.title)}</h1>' if post.title else ""
        price = (
            f'<div class="precio"><span class="precio-valor">{escape(post.price_raw)}</span></div>'
            if post.price_raw
            else ""
        )
        paragraphs = "".join(
            f"<p>{escape(s if s.endswith('.') else s + '.')}</p>"
            for s in post.text.split(". ")
            if s.strip(". ")
        )
        when = post.posted_at
        contact = ""
        if post.phone:
            contact += (
                f'<a class="telefono" href="tel:{escape(post.phone)}">{escape(post.phone)}</a> '
            )
        if post.whatsapp:
            contact += f'<a class="whatsapp" href="https://wa.me/{post.whatsapp}">WhatsApp</a>'
        photos = "".join(
            f'<img class="foto" src="/fotos/{name}" alt="foto">' for name in post.images
        )
        return (
            f'<main class="anuncio" data-id="{post.post_id}">'
            f'<nav class="migas"><a href="/categoria/{post.category}">{post.category}</a></nav>'
            f"{title}{price}"
            f'<div class="galeria">{photos}</div>'
            f'<section class="descripcion">{paragraphs}</section>'
            '<ul class="datos">'
            f'<li class="ubicacion">Ubicación: <span class="lugar">{escape(post.city)}, '
            f"{escape(post.region)}</span>, "
            f'<span class="pais" data-country="{post.country}">{COUNTRY_NAMES.get(post.country, "")}</span></li>'
            f'<li class="vendedor">Vendedor: <a class="vendedor-nombre" '
            f'href="/usuario/{post.seller_handle}">{escape(post.seller)}</a></li>'
            f'<li class="publicado"><time datetime="{when.isoformat()}">Publicado el '
            f"{when.day} {MONTHS[when.month - 1]} {when.year}</time></li></ul>"
            f'<div class="contacto">{contact}</div>'
            f'<a class="guardar" href="/cuenta/favoritos?agregar={post.post_id}">Guardar</a></main>'
        )

    def _tag_soup(self, post: DemoPost) -> str:
        """An old template: upper-case tags, unquoted attributes, nested tables, nothing closed."""
        return (
            "<HTML><HEAD><TITLE>" + escape(post.title) + "</TITLE>"
            '<META http-equiv="Content-Type" content="text/html; charset=utf-8">'
            "<BODY BGCOLOR=#ffffff><TABLE WIDTH=100%><TR><TD><FONT SIZE=2>Mercado Local"
            f"<TABLE class=anuncio data-id={post.post_id}><TR><TD>"
            f"<H1 class=anuncio-titulo>{escape(post.title)}</H1><TD><TABLE><TR><TD class=precio>"
            f"<B><span class=precio-valor>{escape(post.price_raw or '')}</span></B>"
            f"<TR><TD><div class=galeria><IMG class=foto src=/fotos/{post.images[0]}></div>"
            "</TABLE><TR><TD COLSPAN=2><section class=descripcion><P>"
            + escape(post.text).replace(". ", ".<P>")
            + f"<TR><TD><ul class=datos><li class=ubicacion>Ubicación: <span class=lugar>{escape(post.city)}"
            f", {escape(post.region)}</span> <span class=pais data-country={post.country}>"
            f'<li class=vendedor>Vendedor: <a class=vendedor-nombre href="/usuario/{post.seller_handle}">'
            f"{escape(post.seller)}</a><li class=publicado><time datetime={post.posted_at.isoformat()}>"
            "Publicado</time></ul><div class=contacto>"
            + (
                f"<a class=whatsapp href=https://wa.me/{post.whatsapp}>WhatsApp</a>"
                if post.whatsapp
                else ""
            )
            + "</TABLE></TABLE>"
        )
