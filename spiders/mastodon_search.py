"""Mastodon: full-text search of statuses on any instance, through ``/api/v2/search``.

``GET /api/v2/search?q=&type=statuses&limit=40&offset=N`` answers ``{"accounts": [],
"statuses": [Status...], "hashtags": []}``. Mastodon refuses ``offset`` and ``resolve`` without
a token (401), so without ``access_token`` only the first page of each query is read. Statuses
that boost another carry the original in ``reblog``. ``X-RateLimit-*`` headers (reset as an ISO
time) pace the paging. ``recheck=`` takes status URLs seen before and asks
``/api/v1/statuses/:id`` for each: a 404 ``{"error": "Record not found"}`` means "removed".

Arguments: ``instances`` (comma list of base URLs), ``queries`` (comma list; default the
lexicon's for ``language``/``country`` within ``budget``), ``max_pages`` (default 3),
``access_token``, ``recheck`` (comma list of status URLs).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

import scrapy
from scrapy.http import Response
from w3lib.html import remove_tags, replace_entities
from w3lib.url import canonicalize_url

from crawler.items import ListingItem
from crawler.search_terms import resolve_queries
from spiders.api_responses import (
    api_headers,
    count_api_error,
    count_parse_error,
    load_json,
    respect_rate_limit,
)
from spiders.listing_fields import comma_list, iso_datetime
from spiders.parse_errors import fetch_error

PAGE_SIZE = 40  # Mastodon's maximum for search
BREAKS = re.compile(r"<br\s*/?>|</p>\s*<p>", re.IGNORECASE)


def status_text(html: str) -> str:
    """Plain text of a status' HTML ``content``: paragraphs and line breaks kept as newlines."""
    return replace_entities(remove_tags(BREAKS.sub("\n", html or ""))).strip()


class MastodonSearchSpider(scrapy.Spider):
    """Searches statuses on Mastodon instances and re-checks statuses seen before."""

    name = "mastodon_search"
    platform = "mastodon"

    def __init__(
        self,
        instances: str = "",
        queries: str | None = None,
        max_pages: str | int = 3,
        language: str | None = None,
        country: str | None = None,
        budget: str | int = 20,
        access_token: str | None = None,
        recheck: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.instances = [i.rstrip("/") for i in comma_list(instances)]
        self.recheck = comma_list(recheck)
        if not self.instances and not self.recheck:
            raise ValueError("mastodon_search needs instances=<base URL>[,...] or recheck=<URLs>")
        self.queries_arg = queries
        self.max_pages = int(max_pages) if access_token else 1
        self.language = language
        self.country = country
        self.budget = int(budget)
        self.headers = api_headers(access_token)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.recheck:
            yield self._recheck(url)
        if not self.instances:
            return
        queries = resolve_queries(
            self.queries_arg, self.language or "en", self.country, self.budget
        )
        for instance in self.instances:
            for query in queries:
                yield self._search(instance, query, 0, 1)

    def _search(self, instance: str, query: str, offset: int, page: int) -> scrapy.Request:
        params: dict[str, str | int] = {"q": query, "type": "statuses", "limit": PAGE_SIZE}
        if offset:
            params["offset"] = offset
        return scrapy.Request(
            f"{instance}/api/v2/search?{urlencode(params)}",
            headers=self.headers,
            callback=self.parse_search,
            errback=self.on_error,
            meta={"handle_httpstatus_list": [401, 403, 422]},
            cb_kwargs={"instance": instance, "query": query, "offset": offset, "page": page},
        )

    def _recheck(self, url: str) -> scrapy.Request:
        parts = urlsplit(url)
        status_id = parts.path.rstrip("/").rsplit("/", 1)[-1]
        api = f"{parts.scheme}://{parts.netloc}/api/v1/statuses/{status_id}"
        return scrapy.Request(
            api,
            headers=self.headers,
            callback=self.parse_status,
            errback=self.on_error,
            meta={"handle_httpstatus_list": [404, 410]},
            cb_kwargs={"seen_url": url},
        )

    async def parse_search(
        self, response: Response, instance: str, query: str, offset: int, page: int
    ) -> AsyncIterator[Any]:
        data = load_json(self, response)
        if data is None:
            return
        if response.status >= 400:
            error = data.get("error") if isinstance(data, dict) else data
            count_api_error(self, self.platform, response.status)
            self.logger.warning("Mastodon %s refused the search: %s", instance, error)
            return
        statuses = data.get("statuses") if isinstance(data, dict) else None
        if not isinstance(statuses, list):
            count_parse_error(self, "mastodon_search_shape", response.url)
            return
        for status in statuses:
            for item in self._items(status, response.url):
                yield item
        if len(statuses) >= PAGE_SIZE and page < self.max_pages:
            await respect_rate_limit(self, response, self.platform)
            yield self._search(instance, query, offset + len(statuses), page + 1)

    def parse_status(self, response: Response, seen_url: str) -> Iterator[ListingItem]:
        if response.status in (404, 410):
            yield ListingItem(
                platform=self.platform,
                source_url=seen_url,
                canonical_url=canonicalize_url(seen_url),
                platform_id=seen_url,
                fetched_at=datetime.now(UTC),
                status="removed",
            )
            return
        data = load_json(self, response)
        if data is not None:
            yield from self._items(data, response.url)

    def _items(self, status: Any, page_url: str) -> Iterator[ListingItem]:
        if not isinstance(status, dict):
            count_parse_error(self, "mastodon_status_shape", page_url)
            return
        reblog = status.get("reblog")
        original: dict[str, Any] = reblog if isinstance(reblog, dict) else status
        url = original.get("url") or original.get("uri")
        if not url or not original.get("id"):
            count_parse_error(self, "mastodon_status_without_url", page_url)
            return
        account = original.get("account") or {}
        spoiler = original.get("spoiler_text") or ""
        text = status_text(original.get("content") or "")
        created = original.get("created_at")
        yield ListingItem(
            platform=self.platform,
            source_url=url,
            canonical_url=canonicalize_url(url),
            platform_id=url,
            title=spoiler,
            text=text,
            seller_handle=account.get("acct") or account.get("username"),
            seller_name=account.get("display_name") or None,
            seller_url=account.get("url"),
            posted_at=iso_datetime(created),
            posted_raw=created,
            image_urls=_images(original),
            language=original.get("language") or self.language,
            country=self.country,
            fetched_at=datetime.now(UTC),
        )

    def on_error(self, failure: Any) -> None:
        fetch_error(self, failure)


def _images(status: dict[str, Any]) -> list[str]:
    urls: list[str] = []
    for media in status.get("media_attachments") or []:
        if isinstance(media, dict) and media.get("type") in {"image", "gifv"}:
            url = media.get("url") or media.get("remote_url")
            if url:
                urls.append(str(url))
    return urls
