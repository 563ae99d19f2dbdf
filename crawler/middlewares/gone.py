"""Posts that vanished: a known listing's URL answering 404 or 410 becomes a ``removed`` event.

Spiders never see these answers (Scrapy's HttpErrorMiddleware drops them), so this
downloader middleware looks at every final response: when its status is in
``WILDWATCH_GONE_HTTP_CODES`` and the URL belongs to a stored listing of the spider's
platform, :func:`storage.listings.mark_removed` records the status change and its event
(storage adds ``reappeared`` when the post is seen again later). Unknown URLs (a listing
page, a post never stored) are only counted. Robots.txt answers are ignored.

Settings: ``WILDWATCH_GONE_ENABLED`` (bool, True), ``WILDWATCH_GONE_HTTP_CODES`` (list,
``[404, 410]``). The crawl run id comes from the ``wildwatch/run_id`` stat when the
crawl-run extension sets it. Stats: ``wildwatch/gone/marked``, ``wildwatch/gone/unknown``,
``wildwatch/gone/db_errors``.
"""

from __future__ import annotations

import logging

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from crawler.config import get_settings
from storage.db import make_engine, session_factory
from storage.listings import mark_removed

logger = logging.getLogger(__name__)


class GoneListingMiddleware:
    """Downloader middleware marking stored listings removed when their URL is gone."""

    STATS = "wildwatch/gone"

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("WILDWATCH_GONE_ENABLED", True):
            raise NotConfigured("WILDWATCH_GONE_ENABLED is off")
        self.crawler = crawler
        self.codes = {int(c) for c in settings.getlist("WILDWATCH_GONE_HTTP_CODES", [404, 410])}
        self.database_url = settings.get("WILDWATCH_DATABASE_URL") or get_settings().database_url
        self._sessions: sessionmaker[Session] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> GoneListingMiddleware:
        return cls(crawler)

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        if response.status in self.codes and not request.url.endswith("/robots.txt"):
            self.mark(request.url, self.crawler.spider)
        return response

    def mark(self, url: str, spider: Spider | None) -> bool:
        """Mark the listing at ``url`` removed; False (and counted) when it is not stored."""
        stats = self.crawler.stats
        platform = str(getattr(spider, "platform", None) or getattr(spider, "name", ""))
        run_id = stats.get_value("wildwatch/run_id")
        try:
            with self.sessions().begin() as session:
                found = mark_removed(session, platform, url, run_id)
        except SQLAlchemyError as exc:
            stats.inc_value(f"{self.STATS}/db_errors")
            logger.warning("could not mark %s removed: %s", url, exc)
            return False
        stats.inc_value(f"{self.STATS}/{'marked' if found else 'unknown'}")
        return found

    def sessions(self) -> sessionmaker[Session]:
        if self._sessions is None:
            self._sessions = session_factory(make_engine(self.database_url))
        return self._sessions
