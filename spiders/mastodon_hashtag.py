"""``mastodon_hashtag``: public posts of hashtag timelines through the Mastodon REST API.

    scrapy crawl mastodon_hashtag -a instance=https://mastodon.social -a tags=exoticpets,parrots

Reads ``GET /api/v1/timelines/tag/:hashtag`` and follows the ``Link: <...>; rel="next"``
header up to ``max_pages`` per tag. ``statuses`` (comma list of ids) fetches single posts
through ``GET /api/v1/statuses/:id``. A post seen under several tags is yielded once. When
the instance says the rate limit is nearly spent, the spider waits for the window to reset
(:func:`spiders.api_responses.respect_rate_limit`).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlencode

import scrapy
from scrapy.http import Response
from w3lib.url import canonicalize_url

from crawler.items import ListingItem
from spiders.api_responses import count_parse_error, load_json, respect_rate_limit
from spiders.listing_fields import comma_list, html_to_text, iso_datetime, positive_int
from spiders.parse_errors import fetch_error

PAGE_LIMIT = 40  # the most statuses Mastodon returns per timeline page
_NEXT_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="next"')


def next_link(header: str) -> str | None:
    """The rel="next" URL of a ``Link`` header, if any."""
    match = _NEXT_LINK.search(header)
    return match.group(1) if match else None


class MastodonHashtagSpider(scrapy.Spider):
    """Hashtag timelines (and single statuses) of one Mastodon instance."""

    name = "mastodon_hashtag"

    def __init__(
        self,
        instance: str,
        tags: str | None = None,
        statuses: str | None = None,
        max_pages: str | int = 10,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.instance = instance.rstrip("/")
        self.tags = [t.lstrip("#") for t in comma_list(tags)]
        self.status_ids = comma_list(statuses)
        self.max_pages = positive_int(max_pages, "max_pages")
        if not self.tags and not self.status_ids:
            raise ValueError("mastodon_hashtag needs tags= (or statuses=)")
        self._seen: set[str] = set()

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for tag in self.tags:
            url = f"{self.instance}/api/v1/timelines/tag/{quote(tag)}?{urlencode({'limit': PAGE_LIMIT})}"
            yield scrapy.Request(
                url, self.parse_timeline, errback=self.on_error, meta={"wildwatch_page": 1}
            )
        for status_id in self.status_ids:
            url = f"{self.instance}/api/v1/statuses/{quote(status_id)}"
            yield scrapy.Request(url, self.parse_status, errback=self.on_error)

    def on_error(self, failure: Any) -> None:
        fetch_error(self, failure)

    async def parse_timeline(
        self, response: Response
    ) -> AsyncIterator[ListingItem | scrapy.Request]:
        data = load_json(self, response)
        if data is None:
            return
        if not isinstance(data, list):
            count_parse_error(self, "mastodon_timeline_shape", response.url)
            return
        for status in data:
            item = self.listing(response, status)
            if item is not None:
                yield item
        link = next_link((response.headers.get("Link") or b"").decode("latin-1"))
        page = int(response.meta.get("wildwatch_page", 1))
        if link and data and page < self.max_pages:
            await respect_rate_limit(self, response, "mastodon")
            yield scrapy.Request(
                link, self.parse_timeline, errback=self.on_error, meta={"wildwatch_page": page + 1}
            )

    def parse_status(self, response: Response) -> Iterator[ListingItem]:
        data = load_json(self, response)
        if data is None:
            return
        item = self.listing(response, data)
        if item is not None:
            yield item

    def listing(self, response: Response, status: Any) -> ListingItem | None:
        """The item of one Status entity (its reblogged post for a boost), None if unreadable."""
        if not isinstance(status, dict):
            count_parse_error(self, "mastodon_status_shape", response.url)
            return None
        reblog = status.get("reblog")
        original: dict[str, Any] = reblog if isinstance(reblog, dict) else status
        url = original.get("url") or original.get("uri")
        account = original.get("account")
        if not url or not isinstance(account, dict):
            count_parse_error(self, "mastodon_status_without_url", response.url)
            return None
        if url in self._seen:
            self.crawler.stats.inc_value("wildwatch/mastodon/duplicate_statuses")
            return None
        self._seen.add(url)
        media = original.get("media_attachments") or []
        return ListingItem(
            platform="mastodon",
            source_url=url,
            canonical_url=canonicalize_url(url),
            platform_id=url,  # as mastodon_search does, so both spiders agree on the key
            title=original.get("spoiler_text") or "",
            text=html_to_text(original.get("content") or ""),
            seller_handle=account.get("acct") or account.get("username"),
            seller_name=account.get("display_name") or None,
            seller_url=account.get("url"),
            profile_urls=[account["url"]] if account.get("url") else [],
            posted_at=iso_datetime(original.get("created_at")),
            posted_raw=original.get("created_at"),
            image_urls=[m["url"] for m in media if isinstance(m, dict) and m.get("url")],
            language=original.get("language"),
            fetched_at=datetime.now(UTC),
        )
