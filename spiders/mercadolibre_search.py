"""MercadoLibre: the public search API per site, then each item and its description.

``/sites/<SITE>/search?q=&offset=&limit=`` answers ``{"paging": {"total", "offset", "limit"},
"results": [...]}``; pages advance by ``offset`` until ``total`` (the API serves at most offset
1000). Each result is completed from ``/items/<id>`` (pictures, seller address, ``status``) and
``/items/<id>/description`` (``plain_text``). An item answering 404, or with ``status`` closed or
inactive, becomes a "removed" listing ("sold" when it closed with everything sold). Errors come
as ``{"message", "error", "status", "cause"}`` and are counted by their ``error`` code.

Arguments: ``sites`` (comma list of site ids, default MLM), ``queries`` (comma list; default
the lexicon's queries for each site's language and country within ``budget``), ``max_pages``
(default 5), ``page_size`` (default 50), ``access_token`` (sent as a Bearer token when given),
``api_url`` (default https://api.mercadolibre.com).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response
from w3lib.url import canonicalize_url

from crawler.items import ListingItem
from crawler.search_terms import resolve_queries
from spiders.api_responses import api_headers, count_api_error, count_parse_error, load_json
from spiders.listing_fields import comma_list, iso_datetime
from spiders.mercadolibre_sites import MercadoLibreSite, site
from spiders.parse_errors import fetch_error

MAX_OFFSET = 1000  # the public search API refuses offsets past this
API_ERRORS = [400, 401, 403, 404, 410]


class MercadoLibreSearchSpider(scrapy.Spider):
    """Searches MercadoLibre sites and reads each result's item and description."""

    name = "mercadolibre_search"
    platform = "mercadolibre"

    def __init__(
        self,
        sites: str = "MLM",
        queries: str | None = None,
        max_pages: str | int = 5,
        page_size: str | int = 50,
        budget: str | int = 20,
        access_token: str | None = None,
        api_url: str = "https://api.mercadolibre.com",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.sites = [site(s) for s in comma_list(sites)]
        self.queries_arg = queries
        self.max_pages = int(max_pages)
        self.page_size = min(int(page_size), 50)
        self.budget = int(budget)
        self.api_url = api_url.rstrip("/")
        self.headers = api_headers(access_token)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for ml_site in self.sites:
            queries = resolve_queries(
                self.queries_arg, ml_site.language, ml_site.country, self.budget
            )
            for query in queries:
                yield self._search(ml_site, query, 0, 1)

    def _request(self, url: str, callback: Any, **cb_kwargs: Any) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_error,
            headers=self.headers,
            cb_kwargs=cb_kwargs,
            meta={"handle_httpstatus_list": API_ERRORS},
        )

    def _search(
        self, ml_site: MercadoLibreSite, query: str, offset: int, page: int
    ) -> scrapy.Request:
        params = urlencode({"q": query, "offset": offset, "limit": self.page_size})
        url = f"{self.api_url}/sites/{ml_site.site_id}/search?{params}"
        return self._request(url, self.parse_search, ml_site=ml_site, query=query, page=page)

    def parse_search(
        self, response: Response, ml_site: MercadoLibreSite, query: str, page: int
    ) -> Iterator[scrapy.Request]:
        data = self._api_body(response)
        if data is None:
            return
        results = data.get("results")
        paging = data.get("paging")
        if not isinstance(results, list) or not isinstance(paging, dict):
            count_parse_error(self, "mercadolibre_search_shape", response.url)
            return
        for result in results:
            if isinstance(result, dict) and result.get("id"):
                url = f"{self.api_url}/items/{result['id']}"
                yield self._request(url, self.parse_item, ml_site=ml_site, result=result)
            else:
                count_parse_error(self, "mercadolibre_result_without_id", response.url)
        try:
            offset, limit, total = (int(paging.get(k) or 0) for k in ("offset", "limit", "total"))
        except (TypeError, ValueError):
            count_parse_error(self, "mercadolibre_paging", response.url, str(paging))
            return
        nxt = offset + (limit or len(results))
        if results and nxt < min(total, MAX_OFFSET) and page < self.max_pages:
            yield self._search(ml_site, query, nxt, page + 1)

    def parse_item(
        self, response: Response, ml_site: MercadoLibreSite, result: dict[str, Any]
    ) -> Iterator[Any]:
        if response.status in (404, 410):
            yield self._listing(ml_site, result, {}, "", status="removed")
            return
        item = self._api_body(response)
        if item is None:
            # Fall back on what the search result said rather than losing the listing.
            yield self._listing(ml_site, result, {}, "")
            return
        url = f"{self.api_url}/items/{result['id']}/description"
        yield self._request(url, self.parse_description, ml_site=ml_site, result=result, item=item)

    def parse_description(
        self,
        response: Response,
        ml_site: MercadoLibreSite,
        result: dict[str, Any],
        item: dict[str, Any],
    ) -> Iterator[ListingItem]:
        text = ""
        if response.status == 200:
            body = load_json(self, response)
            if isinstance(body, dict):
                text = str(body.get("plain_text") or "")
        yield self._listing(ml_site, result, item, text, status=_status(item))

    def _api_body(self, response: Response) -> dict[str, Any] | None:
        data = load_json(self, response)
        if data is None:
            return None
        if response.status >= 400 or not isinstance(data, dict):
            code = data.get("error", response.status) if isinstance(data, dict) else "shape"
            count_api_error(self, self.platform, code)
            self.logger.warning(
                "MercadoLibre answered %s on %s: %s", response.status, response.url, data
            )
            return None
        return data

    def _listing(
        self,
        ml_site: MercadoLibreSite,
        result: dict[str, Any],
        item: dict[str, Any],
        text: str,
        status: str = "active",
    ) -> ListingItem:
        merged = {**result, **item}
        permalink = str(merged.get("permalink") or f"{self.api_url}/items/{merged['id']}")
        seller = result.get("seller") or {}
        seller_id = seller.get("id") or item.get("seller_id")
        price = merged.get("price")
        posted = merged.get("date_created") or merged.get("start_time")
        return ListingItem(
            platform=self.platform,
            source_url=permalink,
            canonical_url=canonicalize_url(permalink),
            platform_id=str(merged["id"]),
            title=str(merged.get("title") or ""),
            text=text,
            price_raw=None
            if price is None
            else f"{price} {merged.get('currency_id') or ''}".strip(),
            price=float(price) if isinstance(price, int | float) else None,
            currency=merged.get("currency_id") or ml_site.currency,
            location=_location(result, item),
            seller_handle=seller.get("nickname") or (str(seller_id) if seller_id else None),
            seller_url=f"https://{ml_site.domain}/perfil/{seller['nickname']}"
            if seller.get("nickname")
            else None,
            posted_at=iso_datetime(posted),
            posted_raw=str(posted) if posted else None,
            image_urls=_pictures(result, item),
            language=ml_site.language,
            country=ml_site.country,
            fetched_at=datetime.now(UTC),
            status=status,
        )

    def on_error(self, failure: Any) -> None:
        fetch_error(self, failure)


def _status(item: dict[str, Any]) -> str:
    state = item.get("status") or "active"
    if state in {"active", "paused"}:
        return "active"
    if state == "closed" and item.get("sold_quantity") and not item.get("available_quantity"):
        return "sold"
    return "removed"


def _location(result: dict[str, Any], item: dict[str, Any]) -> str | None:
    address = item.get("seller_address") or {}
    parts = [(address.get(k) or {}).get("name") for k in ("city", "state", "country")]
    if not any(parts):
        legacy = result.get("address") or {}
        parts = [legacy.get("city_name"), legacy.get("state_name")]
    shown = [p for p in parts if p]
    return ", ".join(shown) or None


def _pictures(result: dict[str, Any], item: dict[str, Any]) -> list[str]:
    urls = [p.get("secure_url") or p.get("url") for p in item.get("pictures") or [] if p]
    if not urls and result.get("thumbnail"):
        urls = [result["thumbnail"]]
    return [u for u in urls if u]
