"""Trueque Verde (:mod:`tests.fixtures.trueque_site`) with the faults a marketplace shows.

Browse page 2 (``/explorar?p=2``) answers 429 with ``Retry-After: 1`` the first time; the
search ``roto`` answers a maintenance page with neither results nor the "no results" notice;
listing 9's page is cut off before its details; listing 17 was deleted (404).
"""

from __future__ import annotations

from urllib.parse import unquote

from tests.fixtures.trueque_site import ADS, route
from tests.spiders.formats.server import FakeRequest, Reply

BROKEN = ADS[8]  # listing 9


def marketplace(request: FakeRequest) -> Reply:
    if request.path == "/explorar" and request.arg("p") == "2" and request.hits == 1:
        return Reply(
            429, b"Demasiadas consultas", {"Retry-After": "1", "Content-Type": "text/plain"}
        )
    if request.path == "/s" and request.arg("texto") == "roto":
        return Reply.html("<html><body><h1>Volvemos en unos minutos</h1></body></html>")
    if request.path == BROKEN.path:
        return Reply.html(
            '<!doctype html><html><head><title>Trueque</title></head><body><main class="fi'
        )
    status, content_type, body = route(unquote(request.path), request.query)
    host = f"http://{request.headers.get('Host')}"
    return Reply(
        status,
        body.replace("http://HOST", host).encode("utf-8"),
        {"Content-Type": f"{content_type}; charset=utf-8"},
    )
