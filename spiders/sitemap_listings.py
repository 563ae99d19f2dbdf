"""Sitemaps: every listing URL a site publishes, read with a site profile or generically.

Starts from sitemap URLs or a ``robots.txt`` (its ``Sitemap:`` lines); follows sitemap indexes,
reads url sets (plain or gzip), keeps the ``<loc>`` URLs matching ``pattern`` (and, with
``since``, whose ``<lastmod>`` is that day or later, so a daily run reads only what changed),
and extracts each page with the site profile's detail selectors when ``profile`` is given, else
with :func:`spiders.page_extraction.extract_page`. A listing URL answering 404 or 410 yields a
"removed" listing. A sitemap listing no URLs is counted in ``wildwatch/sitemap/empty_sitemaps``;
a blank answer is a parse error (``sitemap_empty_body``).

Arguments: ``sitemaps`` (URLs separated by spaces or commas), ``pattern`` (regular
expression, default any URL), ``profile`` (site profile name or path), ``since``
(YYYY-MM-DD), ``max_urls`` (default 10000), ``platform`` (default: the site's host).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import date
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from crawler.items import ListingItem
from spiders.api_responses import count_parse_error
from spiders.listing_fields import url_list
from spiders.page_extraction import GONE, extract_page, gone_listing, platform_of
from spiders.parse_errors import fetch_error

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps protocol's own limit, uncompressed


class SitemapListingsSpider(scrapy.Spider):
    """Follows sitemaps to listing pages and yields one listing per page."""

    name = "sitemap_listings"

    def __init__(
        self,
        sitemaps: str = "",
        pattern: str = "",
        profile: str | None = None,
        since: str | None = None,
        max_urls: str | int = 10_000,
        platform: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.sitemaps = url_list(sitemaps)
        if not self.sitemaps:
            raise ValueError("sitemap_listings needs sitemaps=<sitemap or robots.txt URL>")
        try:
            self.pattern = re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"pattern is not a valid regular expression: {exc}") from exc
        self.since = date.fromisoformat(since) if since else None
        self.max_urls = int(max_urls)
        self.reader = None
        if profile:
            from spiders.sitemap_profile import ProfileReader

            self.reader = ProfileReader.load(profile)
        self.platform = platform or (self.reader.platform if self.reader else None)
        self.queued = 0

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.sitemaps:
            yield scrapy.Request(url, callback=self.parse_sitemap, errback=self.on_error)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        if response.url.endswith("/robots.txt"):
            for url in sitemap_urls_from_robots(response.text, base_url=response.url):
                yield scrapy.Request(url, callback=self.parse_sitemap, errback=self.on_error)
            return
        body = response.body
        if gzip_magic_number(response):
            try:
                body = gunzip(body, max_size=MAX_SITEMAP_BYTES)
            except (OSError, ValueError) as exc:
                count_parse_error(self, "sitemap_bad_gzip", response.url, str(exc))
                return
        if not body.strip():
            # An empty (or blank) answer: lxml's recovering parser raises StopIteration on it.
            count_parse_error(self, "sitemap_empty_body", response.url)
            return
        try:
            sitemap = Sitemap(body)
        except (ValueError, SyntaxError) as exc:
            count_parse_error(self, "sitemap_invalid", response.url, str(exc)[:80])
            return
        if sitemap.type not in {"sitemapindex", "urlset"}:
            count_parse_error(self, "sitemap_invalid", response.url, f"root <{sitemap.type}>")
            return
        entries = list(sitemap)
        if not entries:
            self.crawler.stats.inc_value("wildwatch/sitemap/empty_sitemaps")
            self.logger.info("%s lists no URLs", response.url)
            return
        for entry in entries:
            loc = (entry.get("loc") or "").strip()
            if not loc:
                continue
            if sitemap.type == "sitemapindex":
                yield scrapy.Request(loc, callback=self.parse_sitemap, errback=self.on_error)
            elif self._wanted(loc, entry.get("lastmod")):
                self.queued += 1
                yield scrapy.Request(
                    loc,
                    callback=self.parse_listing,
                    errback=self.on_error,
                    meta={"handle_httpstatus_list": GONE, **self._browser_meta()},
                )

    def _wanted(self, loc: str, lastmod: str | None) -> bool:
        if not self.pattern.search(loc) or self.queued >= self.max_urls:
            return False
        if self.since and lastmod:
            try:
                return date.fromisoformat(lastmod.strip()[:10]) >= self.since
            except ValueError:
                count_parse_error(self, "sitemap_bad_lastmod", loc, lastmod)
        return True

    def _browser_meta(self) -> dict[str, Any]:
        return self.reader.browser_meta() if self.reader else {}

    def parse_listing(self, response: Response) -> Iterator[ListingItem]:
        platform = self.platform or platform_of(response.url)
        if response.status in GONE:
            yield gone_listing(response.url, platform)
            return
        if not isinstance(response, TextResponse):
            count_parse_error(self, "not_a_text_page", response.url)
            return
        if self.reader is not None:
            yield self.reader.item(response)
        else:
            yield extract_page(response, platform)

    def on_error(self, failure: Any) -> None:
        fetch_error(self, failure)
