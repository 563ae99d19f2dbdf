"""HTTP cache policy of a monitor: revalidate every visit, replay a killed job's pages.

Used by Scrapy's ``HttpCacheMiddleware`` (``HTTPCACHE_POLICY``). Scrapy's
``RFC2616Policy`` already sends ``If-None-Match`` / ``If-Modified-Since`` from a cached
response's ``ETag`` / ``Last-Modified`` and hands the cached page to the spider when the
server answers ``304 Not Modified`` (``httpcache/revalidate`` in stats). The spider then
yields the same item, the store sees an unchanged content hash, and no snapshot is
written. Two changes make it fit a monitor:

- A cached page is never "fresh" by heuristics (RFC 2616 would trust a page modified ten
  days ago for a day): every visit asks the site, conditionally.
- Except within one job: a page cached after the current job started
  (``WILDWATCH_JOB_STARTED_AT``, set by :mod:`crawler.runner`) was fetched by this same job
  before it was killed, so the resumed job replays it from the cache without a request
  (``httpcache/hit`` in stats).

Only GET requests without a browser are cached; only 200 responses are stored; a server
error is never masked by a cached copy (so retries and ``Retry-After`` still apply).
"""

from __future__ import annotations

from scrapy.extensions.httpcache import RFC2616Policy
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings

CACHEABLE_METHODS = frozenset({"GET", "HEAD"})


class RevalidatingPolicy(RFC2616Policy):
    """RFC 2616 revalidation on every visit; replay of pages fetched earlier in the same job."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        started = settings.getfloat("WILDWATCH_JOB_STARTED_AT", 0.0)
        self.job_started_at: float | None = started or None

    def should_cache_request(self, request: Request) -> bool:
        if request.method not in CACHEABLE_METHODS or request.meta.get("playwright"):
            return False
        return super().should_cache_request(request)

    def should_cache_response(self, response: Response, request: Request) -> bool:
        if response.status != 200:
            return False
        return b"no-store" not in self._parse_cachecontrol(response)

    def is_cached_response_fresh(self, cachedresponse: Response, request: Request) -> bool:
        stored_at = request.meta.get("cache_timestamp")
        if (
            self.job_started_at is not None
            and isinstance(stored_at, (int, float))
            and stored_at >= self.job_started_at
        ):
            return True
        self._set_conditional_validators(request, cachedresponse)
        return False

    def is_cached_response_valid(
        self, cachedresponse: Response, response: Response, request: Request
    ) -> bool:
        return response.status == 304
