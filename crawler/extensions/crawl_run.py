"""CrawlRunExtension: one ``crawl_runs`` row per spider run, closed with its status and stats.

At ``spider_opened`` it inserts a ``running`` row and puts its id in the stats as
``wildwatch/run_id`` (the store pipeline tags snapshots with it, the gone middleware its
events). At ``spider_closed`` it saves the status (``finished``; ``killed`` after Ctrl-C
or SIGTERM; ``failed`` otherwise, e.g. ``wildwatch_store_failed``) and the whole stats
dict, in which drops by reason, HTTP error and download error counts already sit.

Settings: ``WILDWATCH_CRAWL_RUN_ENABLED`` (bool, True), ``WILDWATCH_DATABASE_URL`` (str,
the ``crawler.config`` URL). Stats: ``wildwatch/run_id``, ``wildwatch/crawl_run/db_errors``.
"""

from __future__ import annotations

import logging

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from crawler.config import get_settings
from storage.db import DatabaseUnavailable, make_engine, session_factory, upgrade
from storage.enums import RunStatus
from storage.runs import finish_run, start_run

logger = logging.getLogger(__name__)

RUN_ID = "wildwatch/run_id"
DB_ERRORS = "wildwatch/crawl_run/db_errors"
#: Finish reasons of a run that was stopped from outside rather than failing.
KILLED_REASONS = ("shutdown", "cancelled")


def run_status(reason: str) -> RunStatus:
    """The run status for Scrapy's finish reason."""
    if reason == "finished" or reason.startswith("closespider_"):
        return RunStatus.FINISHED
    if reason in KILLED_REASONS:
        return RunStatus.KILLED
    return RunStatus.FAILED


class CrawlRunExtension:
    """Records each spider run in ``crawl_runs`` (tables come from the store pipeline's upgrade)."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("WILDWATCH_CRAWL_RUN_ENABLED", True):
            raise NotConfigured("WILDWATCH_CRAWL_RUN_ENABLED is off")
        self.crawler = crawler
        self.url = settings.get("WILDWATCH_DATABASE_URL") or get_settings().database_url
        self.engine: Engine | None = None
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlRunExtension:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        stats = self.crawler.stats
        try:
            upgrade(self.url)  # a no-op when the store pipeline already migrated
            self.engine = make_engine(self.url)
            with session_factory(self.engine).begin() as session:
                self.run_id = start_run(session, spider.name)
        except (DatabaseUnavailable, SQLAlchemyError) as exc:
            stats.inc_value(DB_ERRORS)
            logger.error("could not record the start of this crawl run: %s", exc)
            return
        stats.set_value(RUN_ID, self.run_id)
        logger.info("crawl run %d of %s started", self.run_id, spider.name)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.engine is None or self.run_id is None:
            return
        stats = self.crawler.stats
        status = run_status(reason)
        snapshot = {**stats.get_stats(), "finish_reason": reason}
        try:
            with session_factory(self.engine).begin() as session:
                finish_run(session, self.run_id, status, snapshot)
        except SQLAlchemyError as exc:
            stats.inc_value(DB_ERRORS)
            logger.error(
                "could not record the end of crawl run %d (%s): %s", self.run_id, status, exc
            )
        else:
            logger.info("crawl run %d of %s %s (%s)", self.run_id, spider.name, status, reason)
        finally:
            self.engine.dispose()
