"""Posts an analyst found by hand: fetch each URL, render it when needed, extract generically.

``urls`` is a whitespace- or newline-separated list (URLs may hold commas). ``browser`` is
``auto`` (default: render in Chromium only when the plain page has no text, as JS-built pages
do), ``always`` or ``never``. A URL answering 404 or 410 yields a "removed" listing so the
analyst sees that the post is gone. Extraction: :func:`spiders.page_extraction.extract_page`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse

from crawler.browser import browser_meta
from spiders.api_responses import count_parse_error
from spiders.page_extraction import GONE, extract_page, gone_listing, has_content, platform_of
from spiders.parse_errors import fetch_error

BROWSER_MODES = {"auto", "always", "never"}


class SubmittedUrlSpider(scrapy.Spider):
    """Fetches submitted URLs one by one and yields one listing each."""

    name = "submitted_url"

    def __init__(
        self,
        urls: str | list[str] = "",
        browser: str = "auto",
        platform: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.urls = urls.split() if isinstance(urls, str) else list(urls)
        if not self.urls:
            raise ValueError("submitted_url needs urls=<URL> [<URL> ...]")
        bad = [u for u in self.urls if not u.startswith(("http://", "https://"))]
        if bad:
            raise ValueError(f"not web addresses: {', '.join(bad)}")
        if browser not in BROWSER_MODES:
            raise ValueError(f"browser must be one of {sorted(BROWSER_MODES)}, got {browser!r}")
        self.browser = browser
        self.platform = platform

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.urls:
            yield self._request(url, rendered=self.browser == "always")

    def _request(self, url: str, rendered: bool) -> scrapy.Request:
        meta: dict[str, Any] = {"handle_httpstatus_list": GONE}
        if rendered:
            meta.update(browser_meta(platform_of(url)))
        return scrapy.Request(
            url,
            callback=self.parse,
            errback=self.on_error,
            meta=meta,
            cb_kwargs={"rendered": rendered},
            dont_filter=rendered,
        )

    def parse(self, response: Response, rendered: bool = False) -> Iterator[Any]:
        stats = self.crawler.stats
        if response.status in GONE:
            yield gone_listing(response.url, self.platform)
            return
        if not isinstance(response, TextResponse):
            count_parse_error(self, "not_a_text_page", response.url)
            return
        item = extract_page(response, self.platform)
        if not has_content(item) and not rendered and self.browser == "auto":
            if stats is not None:
                stats.inc_value("wildwatch/submitted/rendered_in_browser")
            yield self._request(response.url, rendered=True)
            return
        if not has_content(item) and stats is not None:
            stats.inc_value("wildwatch/submitted/no_text")
        yield item

    def on_error(self, failure: Any) -> None:
        fetch_error(self, failure)
