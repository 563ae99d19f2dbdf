"""A local MercadoLibre API answering like api.mercadolibre.com documents it.

``/sites/<SITE>/search`` pages by ``offset``/``limit`` with ``paging{total,offset,limit}``;
``/items/<id>`` and ``/items/<id>/description``; errors as ``{message, error, status, cause}``.
MLM ``loro`` has five results: MLM1 active, MLM2 closed and sold out, MLM3 deleted (item 404),
MLM4 without a description (404), MLM5 whose item body is truncated. ``nada`` finds nothing,
``roto`` answers a truncated search body, ``limite`` always answers 429, ``mal`` a 400.
"""

from __future__ import annotations

import re
from typing import Any

from tests.spiders.formats.server import FakeRequest, Reply

RESULTS: dict[str, list[dict[str, Any]]] = {
    "MLM:loro": [
        {
            "id": f"MLM{n}",
            "title": title,
            "price": price,
            "currency_id": "MXN",
            "permalink": f"https://articulo.mercadolibre.com.mx/MLM-{n}-x-_JM",
            "thumbnail": f"http://http2.mlstatic.com/D_{n}-I.jpg",
            "condition": "new",
            "available_quantity": 1,
            "seller": {"id": 100 + n, "nickname": f"VENDEDOR{n}"},
            "address": {"state_name": "Jalisco", "city_name": "Guadalajara"},
        }
        for n, title, price in [
            (1, "Loro cabeza amarilla ejemplar exclusivo", 15000),
            (2, "Peluche loro verde", 250),
            (3, "Guacamaya bebé con papeles", 30000),
            (4, "Jaula para loro grande", 1800.5),
            (5, "Loro frente naranja", 6000),
        ]
    ],
    "MLB:papagaio": [
        {
            "id": "MLB9",
            "title": "Filhote de papagaio verdadeiro",
            "price": 2500,
            "currency_id": "BRL",
            "permalink": "https://produto.mercadolivre.com.br/MLB-9-x-_JM",
            "thumbnail": "",
            "seller": {"id": 9, "nickname": "ZAPEXOTICOS"},
            "address": {"state_name": "São Paulo"},
        },
    ],
}
ITEMS: dict[str, dict[str, Any]] = {
    "MLM1": {
        "status": "active",
        "sold_quantity": 0,
        "available_quantity": 1,
        "date_created": "2025-11-20T14:03:11.000Z",
        "pictures": [{"id": "1", "url": "http://x/1.jpg", "secure_url": "https://x/1.jpg"}],
        "seller_address": {
            "city": {"name": "Zapopan"},
            "state": {"name": "Jalisco"},
            "country": {"id": "MX", "name": "Mexico"},
        },
    },
    "MLM2": {"status": "closed", "sold_quantity": 3, "available_quantity": 0, "pictures": []},
    "MLM4": {"status": "paused", "pictures": [{"secure_url": "https://x/4.jpg"}]},
    "MLB9": {"status": "active", "pictures": [{"secure_url": "https://x/9.jpg"}]},
}
DESCRIPTIONS = {
    "MLM1": "Entrega inmediata, solo interesados. Respondo por inbox.",
    "MLM2": "Peluche suave de 30 cm.",
    "MLB9": "Chama no zap.",
}


def _error(status: int, error: str, message: str) -> Reply:
    return Reply.json({"message": message, "error": error, "status": status, "cause": []}, status)


def mercadolibre(request: FakeRequest) -> Reply:
    if m := re.fullmatch(r"/sites/(\w+)/search", request.path):
        q = request.arg("q")
        if q == "limite":
            return _error(429, "too_many_requests", "Too many requests")
        if q == "mal":
            return _error(400, "bad_request", "Invalid query")
        if q == "roto":
            return Reply(200, b'{"paging": {"total": 3', {"Content-Type": "application/json"})
        found = RESULTS.get(f"{m.group(1)}:{q}", [])
        offset, limit = int(request.arg("offset", "0")), int(request.arg("limit", "50"))
        return Reply.json(
            {
                "site_id": m.group(1),
                "query": q,
                "paging": {
                    "total": len(found),
                    "primary_results": len(found),
                    "offset": offset,
                    "limit": limit,
                },
                "results": found[offset : offset + limit],
                "sort": {"id": "relevance"},
                "filters": [],
            }
        )
    if m := re.fullmatch(r"/items/(\w+)(/description)?", request.path):
        item_id, description = m.group(1), m.group(2)
        if item_id == "MLM5" and not description:
            return Reply(
                200, b'{"id": "MLM5", "status": "act', {"Content-Type": "application/json"}
            )
        if item_id not in ITEMS and item_id != "MLM5":
            return _error(404, "not_found", f"Item with id {item_id} not found")
        if description:
            if item_id not in DESCRIPTIONS:
                return _error(404, "not_found", f"Description of item {item_id} not found")
            return Reply.json(
                {
                    "text": "",
                    "plain_text": DESCRIPTIONS[item_id],
                    "last_updated": "2025-11-20T14:03:11.000Z",
                }
            )
        return Reply.json({"id": item_id, "site_id": item_id[:3], **ITEMS[item_id]})
    return _error(404, "not_found", "resource not found")
