"""RSS and Atom feeds: one listing per entry, optionally completed from the entry's page.

Sites that publish feeds (classifieds by category, blogs, forum boards, search results as RSS)
are parsed with feedparser, which reads RSS 0.9x/1.0/2.0 and Atom and survives most broken
XML. Entries give the link, title, text (content, else summary), date, author, enclosures and
Media RSS images, and a Google Merchant ``g:price`` when present. Atom paging (RFC 5005
``<link rel="next">``) is followed up to ``max_pages``. With ``follow=1`` each entry's page is
fetched and read by :func:`spiders.page_extraction.extract_page` (feeds often carry a teaser);
a page answering 404 or 410 yields the listing as "removed".

Arguments: ``feeds`` (URLs separated by spaces or commas), ``follow`` (0/1), ``max_pages``
(default 3), ``platform`` (default: the feed's host), ``language``, ``country``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import feedparser
import scrapy
from scrapy.http import Response, TextResponse
from w3lib.html import remove_tags, replace_entities
from w3lib.url import canonicalize_url

from crawler.items import ListingItem
from spiders.api_responses import count_parse_error
from spiders.listing_fields import url_list
from spiders.page_extraction import GONE, extract_page, platform_of
from spiders.parse_errors import fetch_error

BLOCKS = re.compile(r"<br\s*/?>|</p>|</div>|</li>", re.IGNORECASE)
# Declared and actual encodings or content types differ: common, and feedparser copes.
HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


def html_text(html: str) -> str:
    """Plain text of an entry's HTML, block ends kept as line breaks."""
    text = replace_entities(remove_tags(BLOCKS.sub("\n", html or "")))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


class FeedEntriesSpider(scrapy.Spider):
    """Reads RSS/Atom feeds and yields one listing per entry."""

    name = "feed_entries"

    def __init__(
        self,
        feeds: str = "",
        follow: str = "0",
        max_pages: str | int = 3,
        platform: str | None = None,
        language: str | None = None,
        country: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.feeds = url_list(feeds)
        if not self.feeds:
            raise ValueError("feed_entries needs feeds=<URL>[,<URL>...]")
        self.follow = str(follow).lower() in {"1", "true", "yes"}
        self.max_pages = int(max_pages)
        self.platform = platform
        self.language = language
        self.country = country

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.feeds:
            yield scrapy.Request(url, callback=self.parse_feed, errback=self.on_error)

    def parse_feed(self, response: Response, page: int = 1) -> Iterator[Any]:
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        parsed = feedparser.parse(
            response.body,
            response_headers={"content-location": response.url, "content-type": content_type},
        )
        problem = parsed.get("bozo_exception") if parsed.bozo else None
        if problem is not None and not isinstance(problem, HARMLESS):
            # feedparser salvages what it can from broken XML; count the feed, keep the entries.
            count_parse_error(self, "malformed_feed", response.url, type(problem).__name__)
        if not parsed.entries:
            return
        platform = self.platform or platform_of(response.url)
        for entry in parsed.entries:
            item = self._entry_item(entry, platform, response.url)
            if item is None:
                continue
            if self.follow:
                yield scrapy.Request(
                    item.source_url,
                    callback=self.parse_page,
                    errback=self.on_error,
                    meta={"handle_httpstatus_list": GONE},
                    cb_kwargs={"entry_item": item},
                )
            else:
                yield item
        nxt = next(
            (ln.get("href") for ln in parsed.feed.get("links", []) if ln.get("rel") == "next"), None
        )
        if nxt and page < self.max_pages:
            yield response.follow(nxt, callback=self.parse_feed, cb_kwargs={"page": page + 1})

    def _entry_item(self, entry: Any, platform: str, feed_url: str) -> ListingItem | None:
        link = entry.get("link")
        if not link:
            count_parse_error(self, "feed_entry_without_link", feed_url)
            return None
        contents = entry.get("content") or []
        html = contents[0].get("value", "") if contents else entry.get("summary", "")
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        author = entry.get("author_detail") or {}
        price_raw = entry.get("g_price") or entry.get("price")
        return ListingItem(
            platform=platform,
            source_url=link,
            canonical_url=canonicalize_url(link),
            platform_id=entry.get("id") or None,
            title=html_text(entry.get("title", "")),
            text=html_text(html),
            price_raw=str(price_raw) if price_raw else None,
            seller_name=author.get("name") or entry.get("author") or None,
            seller_url=author.get("href") or None,
            emails=[author["email"]] if author.get("email") else [],
            posted_at=datetime.fromtimestamp(calendar.timegm(stamp), UTC) if stamp else None,
            posted_raw=entry.get("published") or entry.get("updated"),
            image_urls=_images(entry),
            language=self.language,
            country=self.country,
            fetched_at=datetime.now(UTC),
        )

    def parse_page(self, response: Response, entry_item: ListingItem) -> Iterator[ListingItem]:
        if response.status in GONE:
            yield replace(entry_item, status="removed", fetched_at=datetime.now(UTC))
            return
        if not isinstance(response, TextResponse):
            count_parse_error(self, "not_a_text_page", response.url)
            yield entry_item
            return
        page = extract_page(response, entry_item.platform)
        # The feed's identity, date and author stand; the page fills what the feed left out.
        yield replace(
            entry_item,
            title=entry_item.title or page.title,
            text=page.text if len(page.text) > len(entry_item.text) else entry_item.text,
            price_raw=entry_item.price_raw or page.price_raw,
            currency=page.currency,
            location=page.location,
            seller_name=entry_item.seller_name or page.seller_name,
            seller_url=entry_item.seller_url or page.seller_url,
            phones=page.phones,
            whatsapp=page.whatsapp,
            emails=entry_item.emails or page.emails,
            image_urls=entry_item.image_urls or page.image_urls,
            language=entry_item.language or page.language,
            status=page.status,
            fetched_at=datetime.now(UTC),
        )

    def on_error(self, failure: Any) -> None:
        fetch_error(self, failure)


def _images(entry: Any) -> list[str]:
    urls = [
        e.get("href") or e.get("url")
        for e in entry.get("enclosures") or []
        if str(e.get("type", "")).startswith("image/")
    ]
    urls += [
        m.get("url")
        for m in entry.get("media_content") or []
        if m.get("medium", "image") == "image"
    ]
    urls += [m.get("url") for m in entry.get("media_thumbnail") or []]
    return list(dict.fromkeys(u for u in urls if u))
