"""A local Mastodon instance answering ``/api/v2/search`` and ``/api/v1/statuses/:id`` as documented.

Without a token, ``offset`` is refused with 401 (as Mastodon does). Query ``tucan`` finds 45
statuses (two pages of 40 and 5); the first page leaves ``X-RateLimit-Remaining: 0`` with a
reset one second ahead. ``vacio`` finds nothing; ``roto`` answers a truncated body; ``boost``
returns a boost whose original carries the content. Status 999 was deleted (404).

``/api/v1/timelines/tag/:hashtag`` pages newest first by ``max_id`` with a ``Link: rel="next"``
header on every non-empty page (as Mastodon does, so the last page is an empty one). Tag
``tucan`` holds the 45 statuses (first page leaves the rate limit spent for one second),
``vacio`` none, ``roto`` answers a truncated body, and ``lento`` answers 429 with
``Retry-After: 1`` the first time, then its one status.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.spiders.formats.server import FakeRequest, Reply

HOST = "masto.local"


def status(n: int, content: str, media: bool = False) -> dict[str, Any]:
    account = {
        "id": "7",
        "username": "exoticos_mx",
        "acct": "exoticos_mx",
        "display_name": "Exóticos MX",
        "url": f"https://{HOST}/@exoticos_mx",
    }
    return {
        "id": str(n),
        "created_at": "2025-11-22T10:00:00.000Z",
        "in_reply_to_id": None,
        "sensitive": False,
        "spoiler_text": "",
        "visibility": "public",
        "language": "es",
        "uri": f"https://{HOST}/users/exoticos_mx/statuses/{n}",
        "url": f"https://{HOST}/@exoticos_mx/{n}",
        "content": content,
        "reblog": None,
        "account": account,
        "tags": [],
        "emojis": [],
        "media_attachments": [
            {
                "id": "m",
                "type": "image",
                "url": f"https://{HOST}/media/{n}.jpg",
                "preview_url": f"https://{HOST}/media/{n}s.jpg",
            }
        ]
        if media
        else [],
    }


TUCAN = [
    status(n, f"<p>Tucán pico iris #{n}<br>entrega inmediata</p>", media=n == 1)
    for n in range(1, 46)
]


def _limits(remaining: int) -> dict[str, str]:
    reset = (datetime.now(UTC) + timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return {
        "X-RateLimit-Limit": "300",
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": reset,
    }


def mastodon(request: FakeRequest) -> Reply:
    authed = request.headers.get("Authorization") == "Bearer secret"
    if request.path == "/api/v2/search":
        if request.arg("offset") and not authed:
            return Reply.json(
                {"error": "Search queries pagination is not supported without authentication"}, 401
            )
        q, offset = request.arg("q"), int(request.arg("offset", "0") or 0)
        limit = int(request.arg("limit", "20"))
        if q == "roto":
            return Reply(
                200, b'{"accounts": [], "statuses": [{"id": ', {"Content-Type": "application/json"}
            )
        found: list[dict[str, Any]] = []
        if q == "tucan":
            found = TUCAN
        elif q == "boost":
            boost = status(500, "")
            boost["reblog"] = status(501, "<p>Vendo colmillos de jaguar</p>")
            found = [boost]
        page = found[offset : offset + limit]
        remaining = 0 if (q == "tucan" and offset == 0) else 250
        return Reply.json(
            {"accounts": [], "statuses": page, "hashtags": []}, headers=_limits(remaining)
        )
    if m := re.fullmatch(r"/api/v1/timelines/tag/(\w+)", request.path):
        return tag_timeline(request, m.group(1))
    if m := re.fullmatch(r"/api/v1/statuses/(\d+)", request.path):
        n = int(m.group(1))
        if n == 999:
            return Reply.json({"error": "Record not found"}, 404)
        return Reply.json(status(n, "<p>Sigue disponible</p>"))
    return Reply.json({"error": "Record not found"}, 404)


def tag_timeline(request: FakeRequest, tag: str) -> Reply:
    """One page of a hashtag timeline, newest first, paged by ``max_id``."""
    if tag == "lento" and not request.arg("max_id") and request.hits == 1:
        return Reply.json({"error": "Too many requests"}, 429, {"Retry-After": "1"})
    if tag == "roto":
        return Reply(200, b'[{"id": "1", "content": ', {"Content-Type": "application/json"})
    found = {"tucan": TUCAN, "lento": [status(300, "<p>Loro lento</p>")]}.get(tag, [])
    max_id = int(request.arg("max_id", "0") or 0)
    newest_first = sorted(found, key=lambda s: -int(s["id"]))
    older = [s for s in newest_first if not max_id or int(s["id"]) < max_id]
    page = older[: int(request.arg("limit", "20"))]
    headers = _limits(0 if tag == "tucan" and not max_id else 250)
    if page:
        base = f"http://{request.headers.get('Host')}{request.path}"
        headers["Link"] = (
            f'<{base}?limit=40&max_id={page[-1]["id"]}>; rel="next", '
            f'<{base}?limit=40&min_id={page[0]["id"]}>; rel="prev"'
        )
    return Reply.json(page, headers=headers)
