"""``feira_pt``: a Brazilian marketplace whose pages are empty shells filled by JavaScript.

The HTML of ``/busca``, ``/categoria/<slug>`` and ``/anuncio/<id>`` carries no listing; a
script reads ``/api/anuncios?q=&categoria=&page=`` or ``/api/anuncios/<id>`` and renders it,
then marks ``<body data-ready="1">``. Only a browser sees the listings.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape
from typing import Any

from demo.content import DemoPost
from demo.sites.base import (
    Query,
    Reply,
    first,
    html_reply,
    int_param,
    json_reply,
    png_reply,
    text_reply,
)
from demo.sites.catalog import Catalog

ROBOTS = "User-agent: *\nDisallow: /minha-conta/\nAllow: /\n"

_LIST_SCRIPT = """
const params = new URLSearchParams(location.search);
const page = parseInt(params.get("page") || "1", 10);
const api = new URLSearchParams({page: String(page)});
if (CATEGORY) { api.set("categoria", CATEGORY); } else { api.set("q", params.get("q") || ""); }
fetch("/api/anuncios?" + api.toString()).then(r => r.json()).then(data => {
  const root = document.getElementById("conteudo");
  if (!data.anuncios.length) {
    root.innerHTML = '<p class="sem-resultados">Nenhum anúncio encontrado.</p>';
  } else {
    const ul = document.createElement("ul");
    ul.className = "anuncios";
    for (const a of data.anuncios) {
      const li = document.createElement("li");
      li.className = "anuncio-card";
      li.dataset.id = a.id;
      const link = document.createElement("a");
      link.className = "anuncio-link"; link.href = "/anuncio/" + a.id;
      link.textContent = a.titulo || "(sem título)";
      const price = document.createElement("span");
      price.className = "preco"; price.textContent = a.preco || "";
      li.append(link, price); ul.append(li);
    }
    root.append(ul);
    if (data.proxima) {
      const next = new URLSearchParams(location.search); next.set("page", String(data.proxima));
      const a = document.createElement("a");
      a.className = "proxima"; a.rel = "next"; a.textContent = "Próxima";
      a.href = location.pathname + "?" + next.toString();
      root.append(a);
    }
  }
  document.body.dataset.ready = "1";
});
"""

_DETAIL_SCRIPT = """
const text = s => s == null ? "" : String(s);
fetch("/api/anuncios/" + AD_ID).then(r => r.ok ? r.json() : null).then(a => {
  const root = document.getElementById("conteudo");
  if (!a) {
    root.innerHTML = '<p class="erro">Anúncio removido.</p>';
    document.body.dataset.ready = "1";
    return;
  }
  const art = document.createElement("article");
  art.className = "anuncio"; art.dataset.id = a.id;
  const add = (tag, cls, value) => {
    if (!value) return null;
    const el = document.createElement(tag); el.className = cls; el.textContent = text(value);
    art.append(el); return el;
  };
  add("h1", "titulo", a.titulo);
  add("p", "preco", a.preco);
  add("div", "descricao", a.descricao);
  add("p", "local", a.cidade + " - " + a.uf);
  const seller = document.createElement("a");
  seller.className = "vendedor"; seller.href = "/perfil/" + a.vendedor.apelido;
  seller.textContent = a.vendedor.nome; art.append(seller);
  const when = document.createElement("time");
  when.dateTime = a.publicado_em; when.textContent = new Date(a.publicado_em).toLocaleDateString("pt-BR");
  art.append(when);
  if (a.telefone) { add("span", "telefone", a.telefone); }
  if (a.whatsapp) {
    const wa = document.createElement("a");
    wa.className = "whatsapp"; wa.href = "https://wa.me/" + a.whatsapp; wa.textContent = "Chamar no WhatsApp";
    art.append(wa);
  }
  for (const f of a.fotos) {
    const img = document.createElement("img"); img.className = "foto"; img.src = f; art.append(img);
  }
  root.append(art);
  document.body.dataset.ready = "1";
});
"""


def _shell(title: str, script: str, constants: dict[str, str]) -> str:
    consts = "".join(f"const {k} = {json.dumps(v)};" for k, v in constants.items())
    return (
        '<!DOCTYPE html>\n<html lang="pt-BR"><head><meta charset="utf-8">'
        f"<title>{escape(title)} | Feira Online</title></head><body>"
        '<header><a href="/">Feira Online</a><form action="/busca"><input name="q"></form></header>'
        '<main id="conteudo"><noscript>Ative o JavaScript para ver os anúncios.</noscript></main>'
        f"<script>{consts}{script}</script></body></html>"
    )


def _summary(post: DemoPost) -> dict[str, Any]:
    return {"id": post.post_id, "titulo": post.title, "preco": post.price_raw, "cidade": post.city}


class FeiraSite:
    """JavaScript-rendered marketplace in Portuguese."""

    name = "feira_pt"

    def __init__(self, posts: Sequence[DemoPost]) -> None:
        self.base_url = ""
        self.catalog = Catalog(posts)

    def route(self, path: str, query: Query, client: str) -> Reply:
        if path == "/robots.txt":
            return text_reply(ROBOTS)
        if path == "/":
            links = "".join(
                f'<li><a href="/categoria/{c}">{escape(c)}</a></li>'
                for c in self.catalog.categories
            )
            return html_reply(
                f'<!DOCTYPE html><html lang="pt-BR"><body><ul>{links}</ul></body></html>'
            )
        if path == "/busca":
            return html_reply(_shell("Busca", _LIST_SCRIPT, {"CATEGORY": ""}))
        if path.startswith("/categoria/"):
            slug = path.removeprefix("/categoria/")
            return html_reply(_shell(slug, _LIST_SCRIPT, {"CATEGORY": slug}))
        if path.startswith("/anuncio/"):
            return html_reply(
                _shell("Anúncio", _DETAIL_SCRIPT, {"AD_ID": path.removeprefix("/anuncio/")})
            )
        if path == "/api/anuncios":
            return self._api_list(query)
        if path.startswith("/api/anuncios/"):
            post = self.catalog.by_id.get(path.removeprefix("/api/anuncios/"))
            if post is None:
                return json_reply({"erro": "Anúncio não encontrado"}, status=404)
            return json_reply(self._api_detail(post))
        if path.startswith("/img/"):
            return png_reply(path.removeprefix("/img/"))
        return html_reply("<h1>Página não encontrada</h1>", status=404)

    def _api_list(self, query: Query) -> Reply:
        category = first(query, "categoria")
        items = (
            self.catalog.in_category(category)
            if category
            else self.catalog.search(first(query, "q"))
        )
        page = self.catalog.page(items, int_param(query, "page", 1))
        return json_reply(
            {
                "anuncios": [_summary(p) for p in page.items],
                "pagina": page.number,
                "proxima": page.number + 1 if page.has_next else None,
                "total": page.total,
            }
        )

    def _api_detail(self, post: DemoPost) -> dict[str, Any]:
        return {
            **_summary(post),
            "descricao": post.text,
            "uf": post.region,
            "vendedor": {"nome": post.seller, "apelido": post.seller_handle},
            "telefone": post.phone,
            "whatsapp": post.whatsapp,
            "publicado_em": post.posted_at.isoformat(),
            "fotos": [f"/img/{name}" for name in post.images],
            "categoria": post.category,
        }
