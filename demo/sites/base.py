"""HTTP plumbing of the demo sites: replies, a threaded server per site, tiny images."""

from __future__ import annotations

import json
import struct
import threading
import time
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from hashlib import sha256
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

Query = dict[str, list[str]]


@dataclass
class Reply:
    """What a site answers to one request."""

    status: int = 200
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (the slow page)


class Site(Protocol):
    """A demo site: answers GET requests for paths under its own base URL."""

    name: str
    base_url: str

    def route(self, path: str, query: Query, client: str) -> Reply: ...


def html_reply(text: str, status: int = 200) -> Reply:
    return Reply(status=status, body=text.encode("utf-8"))


def json_reply(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Reply:
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return Reply(status, body, "application/json; charset=utf-8", dict(headers or {}))


def text_reply(text: str, status: int = 200) -> Reply:
    return Reply(status, text.encode("utf-8"), "text/plain; charset=utf-8")


def first(query: Query, name: str, default: str = "") -> str:
    values = query.get(name)
    return values[0] if values else default


def int_param(query: Query, name: str, default: int, low: int = 1, high: int = 10**6) -> int:
    try:
        value = int(first(query, name, str(default)))
    except ValueError:
        return default
    return max(low, min(high, value))


@lru_cache(maxsize=4096)
def png_bytes(name: str) -> bytes:
    """An 8x8 PNG of one colour derived from ``name`` (so photos differ and hash stably)."""
    r, g, b = sha256(name.encode()).digest()[:3]
    raw = b"".join(b"\x00" + bytes((r, g, b)) * 8 for _ in range(8))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def png_reply(name: str) -> Reply:
    return Reply(200, png_bytes(name), "image/png", {"Cache-Control": "max-age=86400"})


class _Handler(BaseHTTPRequestHandler):
    """Routes every GET to the site bound to the server."""

    protocol_version = "HTTP/1.1"
    server: _SiteServer

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def _answer(self, with_body: bool) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query, keep_blank_values=True)
        reply = self.server.site.route(parts.path, query, self.client_address[0])
        if reply.delay:
            time.sleep(reply.delay)
        self.send_response(reply.status)
        if reply.content_type:
            self.send_header("Content-Type", reply.content_type)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if with_body:
            self.wfile.write(reply.body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Quiet: a crawl makes thousands of requests."""


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], site: Site) -> None:
        self.site = site
        super().__init__(address, _Handler)


@dataclass
class RunningSite:
    """A site listening on its own port, served from a background thread."""

    site: Site
    server: ThreadingHTTPServer
    thread: threading.Thread

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def serve(site: Site, host: str, port: int) -> RunningSite:
    """Bind ``site`` to host:port (0 = any free port) and serve it in a daemon thread."""
    server = _SiteServer((host, port), site)
    bound_port = server.server_address[1]
    site.base_url = f"http://{host}:{bound_port}"
    thread = threading.Thread(
        target=server.serve_forever, name=f"demo-{site.name}", kwargs={"poll_interval": 0.2}
    )
    thread.daemon = True
    thread.start()
    return RunningSite(site, server, thread)
