"""A small marketplace on 127.0.0.1 for the crawl-hygiene tests, and the spider that reads it.

The site serves ``/robots.txt``, numbered listing pages (``/list?page=N``, ten posts each)
and posts (``/post/<n>``) with an ``ETag`` and ``Last-Modified``; it answers conditional
requests with ``304``, can be slow, can answer 429/503 with ``Retry-After`` a few times,
can remove posts (404/410) or mark them sold, and counts what it was asked. The spider is
loaded by the runner subprocess through ``SPIDER_MODULES=["tests.crawler.hygiene_site"]``.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import scrapy
from scrapy.http import Response

from crawler.items import ListingItem
from tests.fixtures.local_server import LocalSite, QuietHandler

PER_PAGE = 10


@dataclass
class SiteState:
    """What the site serves and what it has seen (read by the tests)."""

    posts: int = 30
    latency: float = 0.0
    robots: str = "User-agent: *\nDisallow: /private/\n"
    prices: dict[int, int] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)
    removed: dict[int, int] = field(default_factory=dict)  # post -> 404 or 410
    sold: set[int] = field(default_factory=set)
    #: path -> list of (status, Retry-After or None) answered before the real page.
    failures: dict[str, list[tuple[int, str | None]]] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    conditional: Counter[str] = field(default_factory=Counter)
    not_modified: Counter[str] = field(default_factory=Counter)
    times: dict[str, list[float]] = field(default_factory=dict)
    agents: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def post_html(self, n: int) -> str:
        price = self.prices.get(n, 100 + n)
        status = "sold" if n in self.sold else "active"
        text = self.texts.get(n, f"Vendo loro numero {n}, entrega inmediata")
        return (
            f"<html><body><h1>Loro {n}</h1><p class='text'>{text}</p>"
            f"<span class='price'>${price}</span>"
            f"<span class='status'>{status}</span></body></html>"
        )

    def list_html(self, page: int) -> str:
        first = (page - 1) * PER_PAGE + 1
        last = min(self.posts, page * PER_PAGE)
        links = "".join(f"<a class='post' href='/post/{n}'>{n}</a>" for n in range(first, last + 1))
        if last < self.posts:
            links += f"<a class='next' href='/list?page={page + 1}'>next</a>"
        return f"<html><body>{links}<a href='/private/x'>x</a></body></html>"


class _Handler(QuietHandler):
    """Answers for one :class:`SiteState` (bound by :class:`HygieneSite`)."""

    state: ClassVar[SiteState]

    def do_GET(self) -> None:
        state = self.state
        path = self.path
        with state.lock:
            state.hits[path] += 1
            state.agents[self.headers.get("User-Agent", "")] += 1
            state.times.setdefault(path, []).append(time.monotonic())
            if self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"):
                state.conditional[path] += 1
            pending = state.failures.get(path)
            failure = pending.pop(0) if pending else None
        if state.latency:
            time.sleep(state.latency)
        if failure is not None:
            status, retry_after = failure
            headers = {"Retry-After": retry_after} if retry_after is not None else {}
            self._send(status, "busy", headers)
            return
        split = urlsplit(path)
        if split.path == "/robots.txt":
            self._send(200, state.robots, {"Content-Type": "text/plain"})
        elif split.path == "/list":
            page = int(parse_qs(split.query).get("page", ["1"])[0])
            self._send_page(state.list_html(page))
        elif split.path.startswith("/post/"):
            n = int(split.path.rsplit("/", 1)[1])
            if n in state.removed:
                self._send(state.removed[n], "gone")
            elif 1 <= n <= state.posts:
                self._send_page(state.post_html(n))
            else:
                self._send(404, "no such post")
        else:
            self._send(404, "not found")

    def _send_page(self, html: str) -> None:
        etag = '"' + hashlib.sha256(html.encode()).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            with self.state.lock:
                self.state.not_modified[self.path] += 1
            self._send(304, "", {"ETag": etag})
            return
        headers = {
            "ETag": etag,
            "Last-Modified": formatdate(1_700_000_000, usegmt=True),
            "Content-Type": "text/html; charset=utf-8",
        }
        self._send(200, html, headers)

    def _send(self, status: int, body: str, headers: dict[str, str] | None = None) -> None:
        self.answer(status, body.encode(), headers or {})


class HygieneSite(LocalSite):
    """Context manager running the site in a thread on an ephemeral port."""

    def __init__(self, state: SiteState | None = None) -> None:
        self.state = state or SiteState()
        site_state = self.state

        class Handler(_Handler):
            state = site_state

        super().__init__(Handler)

    def post_hits(self) -> Counter[str]:
        return Counter({p: n for p, n in self.state.hits.items() if p.startswith("/post/")})


class HygieneSiteSpider(scrapy.Spider):
    """Walks the listing pages of a :class:`HygieneSite` and yields every post."""

    name = "hygiene_site"

    def __init__(self, base_url: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.base_url = base_url.rstrip("/")

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(f"{self.base_url}/list?page=1", callback=self.parse)

    def parse(self, response: Response) -> Iterator[scrapy.Request]:
        for href in response.css("a.post::attr(href)").getall():
            yield response.follow(href, callback=self.parse_post)
        for href in response.css("a.next::attr(href), a[href^='/private']::attr(href)").getall():
            yield response.follow(href, callback=self.parse)

    def parse_post(self, response: Response) -> Iterator[ListingItem]:
        number = response.url.rsplit("/", 1)[1]
        yield ListingItem(
            platform="hygiene_site",
            source_url=response.url,
            canonical_url=response.url,
            platform_id=number,
            title=response.css("h1::text").get(default=""),
            text=response.css("p.text::text").get(default=""),
            price_raw=response.css("span.price::text").get(),
            status=response.css("span.status::text").get(default="active"),
        )
