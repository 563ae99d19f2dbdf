"""``marketplace_search``: search or browse a marketplace described by a YAML site profile.

    scrapy crawl marketplace_search -a profile=mercado_es -a queries="perezoso,guacamaya"
    scrapy crawl marketplace_search -a profile=feira_pt -a base_url=http://127.0.0.1:8711

With ``queries`` the spider searches each one; without, it browses the profile's browse URLs.
It follows result pages up to ``max_pages`` per query or browse URL and yields one
:class:`~crawler.items.ListingItem` per detail page. Profiles with ``browser: true`` are
fetched through scrapy-playwright, one browser context per site.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.http import Response
from scrapy_playwright.page import PageMethod
from w3lib.url import canonicalize_url

from crawler.items import ListingItem
from spiders.listing_fields import comma_list, iso_datetime, positive_int, whatsapp_numbers
from spiders.parse_errors import as_text, fetch_error, parse_error
from spiders.site_profile import SiteProfile, extract_fields, load_profile, select, select_nodes

BROWSER_TIMEOUT_MS = 15_000


class MarketplaceSearchSpider(scrapy.Spider):
    """Search or browse one marketplace described by a site profile."""

    name = "marketplace_search"

    def __init__(
        self,
        profile: str,
        base_url: str | None = None,
        queries: str | None = None,
        max_pages: str | int = 20,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        loaded = load_profile(profile)
        self.profile: SiteProfile = loaded.with_base_url(base_url) if base_url else loaded
        self.queries = comma_list(queries)
        self.max_pages = positive_int(max_pages, "max_pages")
        if not self.queries and not self.profile.browse_urls:
            raise ValueError(f"profile {self.profile.name!r} has no browse_urls; pass queries=")

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.queries:
            for query in self.queries:
                yield self._request(self.profile.search(query), self.parse_results, page=1)
        else:
            for url in self.profile.browse(page=1):
                yield self._request(url, self.parse_results, page=1)

    def _request(self, url: str, callback: Callable[..., Any], page: int = 0) -> scrapy.Request:
        meta: dict[str, Any] = {"wildwatch_page": page}
        if self.profile.browser:
            meta.update(playwright=True, playwright_context=self.profile.name)
            if self.profile.wait_for:
                meta["playwright_page_methods"] = [
                    PageMethod(
                        "wait_for_selector", self.profile.wait_for, timeout=BROWSER_TIMEOUT_MS
                    )
                ]
        return scrapy.Request(url, callback=callback, errback=self.on_error, meta=meta)

    def on_error(self, failure: Any) -> None:
        fetch_error(self, failure)

    def parse_results(self, response: Response) -> Iterator[scrapy.Request]:
        page = as_text(self, response)
        if page is None:
            return
        results = self.profile.results
        nodes = select_nodes(page, results.item)
        if not nodes:
            if results.empty and select(page, results.empty):
                self.crawler.stats.inc_value(
                    "wildwatch/marketplace/empty_result_pages", spider=self
                )
            else:
                parse_error(self, page, "results_not_found", f"no {results.item!r} on the page")
            return
        for node in nodes:
            links = select(node, results.link)
            if not links:
                parse_error(self, page, "result_without_link")
                continue
            yield self._request(page.urljoin(links[0]), self.parse_detail)
        number = int(page.meta.get("wildwatch_page", 1))
        next_links = select(page, results.next_page) if results.next_page else []
        if next_links and number < self.max_pages:
            yield self._request(page.urljoin(next_links[0]), self.parse_results, page=number + 1)
        elif next_links:
            self.crawler.stats.inc_value("wildwatch/marketplace/max_pages_reached")

    def parse_detail(self, response: Response) -> Iterator[ListingItem]:
        page = as_text(self, response)
        if page is None:
            return
        fields = extract_fields(self.profile, page)
        if not (fields.get("title") or fields.get("text") or fields.get("price")):
            parse_error(self, page, "empty_detail", "no title, text or price found")
            return
        yield profile_listing(self.profile, page, fields)


def profile_listing(
    profile: SiteProfile, response: Response, fields: dict[str, list[str]]
) -> ListingItem:
    """The item of a detail page from what ``profile``'s selectors found; missing fields stay empty.

    ``marketplace_search`` and ``sitemap_listings`` (with a profile) both build items here, so
    one profile maps selector values to ListingItem fields the same way in either spider.
    """

    def one(name: str) -> str | None:
        values = fields.get(name) or []
        return values[0] if values else None

    seller_url = one("seller_url")
    seller_url = response.urljoin(seller_url) if seller_url else None
    price_raw = one("price")
    posted_raw = one("posted")
    country = one("country") or profile.country
    return ListingItem(
        platform=profile.platform,
        source_url=response.url,
        canonical_url=canonicalize_url(response.url),
        platform_id=one("platform_id"),
        title=one("title") or "",
        text="\n".join(fields.get("text") or []),
        price_raw=price_raw,
        # The site's currency only for listings from the site's own country.
        currency=profile.currency if price_raw and country == profile.country else None,
        location=one("location"),
        seller_handle=seller_url.rstrip("/").rsplit("/", 1)[-1] if seller_url else None,
        seller_name=one("seller"),
        seller_url=seller_url,
        phones=list(dict.fromkeys(p.removeprefix("tel:") for p in fields.get("phones") or [])),
        whatsapp=whatsapp_numbers(fields.get("whatsapp") or []),
        emails=[e.removeprefix("mailto:") for e in fields.get("emails") or []],
        profile_urls=[seller_url] if seller_url else [],
        posted_at=iso_datetime(posted_raw),
        posted_raw=posted_raw,
        image_urls=[response.urljoin(u) for u in fields.get("images") or []],
        language=profile.language,
        country=country,
        fetched_at=datetime.now(UTC),
    )
