"""A tiny local HTTP server for format tests: one route function answers every request.

Each fake service is a function ``(request) -> Reply``; the server (a
:class:`tests.fixtures.local_server.LocalSite`) runs it in a thread on an ephemeral port,
counts hits per path, and stops when the ``with`` block ends.
"""

from __future__ import annotations

import gzip
import json
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.fixtures.local_server import LocalSite, QuietHandler


@dataclass
class FakeRequest:
    """What a route function sees of an incoming request."""

    path: str
    query: dict[str, str]
    headers: dict[str, str]
    hits: int  # how often this exact URL (path and query) was asked for, this one included

    def arg(self, name: str, default: str = "") -> str:
        return self.query.get(name, default)


@dataclass
class Reply:
    """What a route function answers."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Reply:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        return cls(
            status, body, {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
        )

    @classmethod
    def html(cls, text: str, status: int = 200) -> Reply:
        return cls(status, text.encode("utf-8"), {"Content-Type": "text/html; charset=utf-8"})

    @classmethod
    def xml(cls, text: str, content_type: str = "application/xml", gz: bool = False) -> Reply:
        body = text.encode("utf-8")
        if gz:
            return cls(200, gzip.compress(body), {"Content-Type": "application/x-gzip"})
        return cls(200, body, {"Content-Type": f"{content_type}; charset=utf-8"})


Route = Callable[[FakeRequest], Reply]


class LocalServer(LocalSite):
    """Serves ``route`` on 127.0.0.1:<ephemeral port> in a background thread."""

    def __init__(self, route: Route) -> None:
        self.route = route
        self.hits: Counter[str] = Counter()  # by path
        self.url_hits: Counter[str] = Counter()  # by path and query: a retry hits the same URL
        self.requests: list[FakeRequest] = []
        self._lock = threading.Lock()
        server = self

        class Handler(QuietHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                parts = urlsplit(self.path)
                with server._lock:
                    server.hits[parts.path] += 1
                    server.url_hits[self.path] += 1
                    hits = server.url_hits[self.path]
                query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                request = FakeRequest(parts.path, query, dict(self.headers.items()), hits)
                with server._lock:
                    server.requests.append(request)
                reply = server.route(request)
                self.answer(reply.status, reply.body, reply.headers)

        super().__init__(Handler)
