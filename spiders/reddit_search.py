"""Reddit: subreddit search and the newest posts, from Reddit's public listing JSON.

``/r/<sub>/search.json?q=...&restrict_sr=1&sort=new&after=<fullname>`` and ``/r/<sub>/new.json``
answer a ``Listing`` whose ``data.children`` are things; posts are ``kind: "t3"``. Pages chain by
the ``data.after`` cursor until it is null. ``raw_json=1`` keeps URLs unescaped. Removed posts
keep their row with ``removed_by_category`` set (or ``[removed]``/``[deleted]`` text) and become
items with status "removed"; a flair saying sold marks them "sold".

Arguments: ``subreddits`` (comma list, required), ``queries`` (comma list; default: the lexicon's
queries for ``language``/``country`` within ``budget``), ``new=1`` to also read ``new.json``,
``max_pages`` per listing (default 5), ``language`` (default: detected later; queries in
English), ``base_url`` (default https://www.reddit.com).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from html import unescape
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response
from w3lib.url import canonicalize_url

from crawler.items import ListingItem
from crawler.search_terms import resolve_queries
from spiders.api_responses import count_parse_error, load_json, respect_rate_limit
from spiders.listing_fields import comma_list
from spiders.parse_errors import fetch_error

PAGE_SIZE = 100
REMOVED_TEXT = {"[removed]", "[deleted]"}
SOLD_FLAIR = re.compile(r"\b(sold|vendid[oa]s?|vendid[oa])\b", re.IGNORECASE)
IMAGE_URL = re.compile(r"\.(jpe?g|png|gif|webp)(\?|$)", re.IGNORECASE)


class RedditSearchSpider(scrapy.Spider):
    """Searches subreddits (and optionally reads their newest posts) through listing JSON."""

    name = "reddit_search"
    platform = "reddit"

    def __init__(
        self,
        subreddits: str = "",
        queries: str | None = None,
        new: str = "0",
        max_pages: str | int = 5,
        language: str | None = None,
        country: str | None = None,
        budget: str | int = 20,
        base_url: str = "https://www.reddit.com",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.subreddits = [s.removeprefix("r/") for s in comma_list(subreddits)]
        if not self.subreddits:
            raise ValueError("reddit_search needs subreddits=<name>[,<name>...]")
        self.queries_arg = queries
        self.read_new = str(new).lower() in {"1", "true", "yes"}
        self.max_pages = int(max_pages)
        # Queries need a language; items only carry one when the user said what it is.
        self.language = language
        self.query_language = language or "en"
        self.country = country
        self.budget = int(budget)
        self.base_url = base_url.rstrip("/")

    async def start(self) -> AsyncIterator[scrapy.Request]:
        queries = resolve_queries(self.queries_arg, self.query_language, self.country, self.budget)
        for sub in self.subreddits:
            for query in queries:
                params = {"q": query, "restrict_sr": "1", "sort": "new"}
                yield self._page(sub, "search", params, None, 1)
            if self.read_new:
                yield self._page(sub, "new", {}, None, 1)

    def _page(
        self, sub: str, listing: str, params: dict[str, str], after: str | None, page: int
    ) -> scrapy.Request:
        query = {**params, "limit": str(PAGE_SIZE), "raw_json": "1"}
        if after:
            query["after"] = after
        url = f"{self.base_url}/r/{sub}/{listing}.json?{urlencode(query)}"
        return scrapy.Request(
            url,
            callback=self.parse_listing,
            errback=self.on_error,
            cb_kwargs={"sub": sub, "listing": listing, "params": params, "page": page},
        )

    async def parse_listing(
        self, response: Response, sub: str, listing: str, params: dict[str, str], page: int
    ) -> AsyncIterator[Any]:
        data = load_json(self, response)
        if data is None:
            return
        if not isinstance(data, dict) or data.get("kind") != "Listing":
            count_parse_error(self, "reddit_not_a_listing", response.url)
            return
        body = data.get("data") or {}
        for child in body.get("children") or []:
            if not isinstance(child, dict) or child.get("kind") != "t3":
                continue
            item = self._post_item(child.get("data") or {}, response)
            if item is not None:
                yield item
        after = body.get("after")
        if after and page < self.max_pages:
            await respect_rate_limit(self, response, self.platform)
            yield self._page(sub, listing, params, str(after), page + 1)

    def _post_item(self, post: dict[str, Any], response: Response) -> ListingItem | None:
        permalink = post.get("permalink")
        fullname = post.get("name") or (f"t3_{post['id']}" if post.get("id") else None)
        if not permalink or not fullname:
            count_parse_error(self, "reddit_post_without_id", response.url)
            return None
        url = f"{self.base_url}{permalink}"
        author = post.get("author")
        selftext = post.get("selftext") or ""
        removed = bool(post.get("removed_by_category")) or selftext in REMOVED_TEXT
        flair = post.get("link_flair_text") or ""
        status = "removed" if removed else ("sold" if SOLD_FLAIR.search(flair) else "active")
        posted_at = None
        if isinstance(post.get("created_utc"), int | float):
            posted_at = datetime.fromtimestamp(post["created_utc"], UTC)
        return ListingItem(
            platform=self.platform,
            source_url=url,
            canonical_url=canonicalize_url(url),
            platform_id=str(fullname),
            title=post.get("title") or "",
            text="" if selftext in REMOVED_TEXT else selftext,
            seller_handle=None if author in (None, "[deleted]") else str(author),
            seller_url=None if author in (None, "[deleted]") else f"{self.base_url}/user/{author}",
            posted_at=posted_at,
            posted_raw=str(post.get("created_utc")) if posted_at else None,
            image_urls=list(_images(post)),
            language=self.language,
            country=self.country,
            fetched_at=datetime.now(UTC),
            status=status,
        )

    def on_error(self, failure: Any) -> None:
        fetch_error(self, failure)


def _images(post: dict[str, Any]) -> Iterator[str]:
    """Full-size image URLs: preview sources, gallery media, or a direct image link."""
    seen: set[str] = set()
    candidates: list[str] = []
    for image in (post.get("preview") or {}).get("images") or []:
        source = (image or {}).get("source") or {}
        if source.get("url"):
            candidates.append(source["url"])
    for media in (post.get("media_metadata") or {}).values():
        full = (media or {}).get("s") or {}
        if full.get("u"):
            candidates.append(full["u"])
    link = post.get("url_overridden_by_dest") or post.get("url") or ""
    if IMAGE_URL.search(link):
        candidates.append(link)
    # Listing JSON served without raw_json=1 (as in the real capture the tests replay) writes
    # & as &amp; in every URL; unescaping keeps the image URLs usable either way.
    for url in (unescape(u) for u in candidates):
        if url not in seen:
            seen.add(url)
            yield url
