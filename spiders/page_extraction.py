"""Generic extraction of one post from any HTML page: JSON-LD, OpenGraph, microdata, then text.

Used where no site profile exists (submitted URLs, sitemap listings without a profile).
Structured data wins because sites write it for search engines: JSON-LD ``Product``/``Offer``
(price, currency, availability, seller) and ``SocialMediaPosting``/``Article`` (author, date),
then OpenGraph and ``product:price:*`` tags, then schema.org microdata, then the page's title,
main text and contact links (tel:, mailto:, wa.me).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import dateparser
from parsel import Selector
from scrapy.http import TextResponse
from w3lib.html import replace_entities
from w3lib.url import canonicalize_url

from crawler.items import ListingItem
from spiders.listing_fields import WHATSAPP_LINK

POST_TYPES = {
    "SocialMediaPosting",
    "DiscussionForumPosting",
    "BlogPosting",
    "Article",
    "NewsArticle",
}
PRODUCT_TYPES = {"Product", "IndividualProduct", "ProductModel", "Offer", "Vehicle"}
SOLD = re.compile(r"(SoldOut|OutOfStock)$")
REMOVED = re.compile(r"Discontinued$")
GONE = [404, 410]  # a listing page answering these was taken down
MAX_TEXT = 20_000
MAIN_TEXT = (
    "[itemprop=description]",
    "article",
    "main",
    "[role=main]",
    "#content",
    ".description",
)
BOILERPLATE = "script, style, noscript, nav, header, footer, template, svg, form"


def platform_of(url: str) -> str:
    """The platform name for a page without a dedicated spider: its host without ``www.``."""
    return (urlsplit(url).hostname or "web").removeprefix("www.")


def gone_listing(url: str, platform: str | None = None) -> ListingItem:
    """The "removed" listing of a page that answered one of :data:`GONE`."""
    return ListingItem(
        platform=platform or platform_of(url),
        source_url=url,
        canonical_url=canonicalize_url(url),
        fetched_at=datetime.now(UTC),
        status="removed",
    )


def json_ld(sel: Selector) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, ``@graph`` and lists flattened; bad blocks skipped."""
    found: list[dict[str, Any]] = []
    for raw in sel.css('script[type="application/ld+json"]::text').getall():
        try:
            data = json.loads(raw.strip())
        except ValueError:
            continue
        found.extend(_flatten(data))
    return found


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for entry in data:
            yield from _flatten(entry)
    elif isinstance(data, dict):
        yield data
        yield from _flatten(data.get("@graph") or [])


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type") or []
    return {str(k).rsplit("/", 1)[-1] for k in (kind if isinstance(kind, list) else [kind])}


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _name(value: Any) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("name") or value.get("alternateName")
    return str(value).strip() if value else None


def _urls(value: Any) -> list[str]:
    out: list[str] = []
    for entry in value if isinstance(value, list) else [value]:
        if isinstance(entry, dict):
            entry = entry.get("contentUrl") or entry.get("url")
        if isinstance(entry, str) and entry.strip():
            out.append(entry.strip())
    return out


def _meta(sel: Selector, *names: str) -> str | None:
    for name in names:
        value = sel.xpath(f"//meta[@property='{name}' or @name='{name}']/@content").get()
        if value and value.strip():
            return value.strip()
    return None


def _main_text(sel: Selector) -> str:
    for css in MAIN_TEXT:
        node = sel.css(css)
        if node:
            text = _text_of(node[0])
            if len(text) >= 20:
                return text
    body = sel.css("body")
    return _text_of(body[0]) if body else ""


def _text_of(node: Selector) -> str:
    parts = node.xpath(
        ".//text()[not(ancestor::script or ancestor::style or ancestor::noscript"
        " or ancestor::nav or ancestor::header or ancestor::footer or ancestor::template)]"
    ).getall()
    lines = [" ".join(p.split()) for p in parts]
    return "\n".join(line for line in lines if line)[:MAX_TEXT]


def _time(raw: str | None) -> datetime | None:
    if not raw:
        return None
    parsed = dateparser.parse(raw, settings={"TIMEZONE": "UTC", "RETURN_AS_TIMEZONE_AWARE": True})
    return parsed.astimezone(UTC) if parsed else None


def _offer(product: dict[str, Any]) -> dict[str, Any]:
    if "Offer" in _types(product) or "AggregateOffer" in _types(product):
        return product
    offer = _first(product.get("offers"))
    return offer if isinstance(offer, dict) else {}


def extract_page(response: TextResponse, platform: str | None = None) -> ListingItem:
    """One :class:`ListingItem` from whatever the page says about itself."""
    sel = response.selector
    objects = json_ld(sel)
    product = next((o for o in objects if _types(o) & PRODUCT_TYPES), {})
    post = next((o for o in objects if _types(o) & POST_TYPES), {})
    offer = _offer(product) if product else {}
    canonical = (
        sel.css('link[rel="canonical"]::attr(href)').get() or _meta(sel, "og:url") or response.url
    )
    canonical = response.urljoin(canonical)
    title = (
        _name(product.get("name"))
        or (post.get("headline") or post.get("name"))
        or _meta(sel, "og:title", "twitter:title")
        or sel.css("h1 *::text, h1::text").get()
        or sel.css("title::text").get()
        or ""
    )
    main = _main_text(sel)
    summary = _meta(sel, "og:description", "description") or ""
    # A body with next to no text (". . .", a loader) says less than the page's own summary.
    text = str(product.get("description") or post.get("articleBody") or post.get("text") or "") or (
        summary if len(main) < 20 and len(summary) > len(main) else main
    )
    price = offer.get("price") or offer.get("lowPrice")
    price_raw = (
        str(price)
        if price is not None
        else _meta(sel, "product:price:amount", "og:price:amount")
        or sel.css("[itemprop=price]::attr(content), [itemprop=price]::text").get()
    )
    currency = (
        offer.get("priceCurrency")
        or _meta(sel, "product:price:currency", "og:price:currency")
        or sel.css("[itemprop=priceCurrency]::attr(content)").get()
    )
    availability = str(offer.get("availability") or _meta(sel, "product:availability") or "")
    status = (
        "sold"
        if SOLD.search(availability)
        else "removed"
        if REMOVED.search(availability)
        else "active"
    )
    seller = (offer.get("seller") if product else None) or post.get("author")
    seller_obj = _first(seller) if isinstance(_first(seller), dict) else {}
    images = _urls(product.get("image")) + _urls(post.get("image"))
    images += sel.xpath("//meta[@property='og:image' or @name='og:image']/@content").getall()
    if not images:
        images = sel.css("[itemprop=image]::attr(src), [itemprop=image]::attr(content)").getall()
    if not images:
        images = sel.css("article img::attr(src), main img::attr(src)").getall()
    hrefs = sel.css("a::attr(href)").getall()
    posted_raw = (
        post.get("datePublished")
        or product.get("releaseDate")
        or offer.get("validFrom")
        or _meta(sel, "article:published_time", "og:published_time")
        or sel.css("time::attr(datetime)").get()
    )
    location = _name(
        offer.get("availableAtOrFrom") or offer.get("areaServed") or post.get("contentLocation")
    )
    return ListingItem(
        platform=platform or platform_of(response.url),
        source_url=response.url,
        canonical_url=canonicalize_url(canonical),
        platform_id=None,
        title=replace_entities(" ".join(str(title).split())),
        text=replace_entities(text.strip()),
        price_raw=str(price_raw).strip() if price_raw else None,
        currency=str(currency).strip() if currency else None,
        location=location,
        seller_handle=seller_obj.get("alternateName") or None,
        seller_name=_name(seller),
        seller_url=seller_obj.get("url") or None,
        phones=_distinct(h[4:] for h in hrefs if h.startswith("tel:")),
        whatsapp=_distinct(m.group(1) for h in hrefs if (m := WHATSAPP_LINK.search(h))),
        emails=_distinct(h[7:].split("?")[0] for h in hrefs if h.startswith("mailto:")),
        posted_at=_time(str(posted_raw)) if posted_raw else None,
        posted_raw=str(posted_raw) if posted_raw else None,
        image_urls=_distinct(response.urljoin(u) for u in images),
        language=(sel.xpath("/html/@lang").get() or "").split("-")[0].lower() or None,
        fetched_at=datetime.now(UTC),
        status=status,
    )


def _distinct(values: Iterator[str] | list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        if value and value.strip():
            seen.setdefault(value.strip(), None)
    return list(seen)


def has_content(item: ListingItem) -> bool:
    """Whether a page has text (a JS shell has a title at most until a browser renders it)."""
    return len(item.text.strip()) >= 20
