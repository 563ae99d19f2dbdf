"""StorePipeline: write ListingItems to the database in batches, tagged with the crawl run.

Opens the database at spider open (running migrations with ``storage.db.upgrade``), buffers
items and calls :func:`storage.listings.store_listings` every
``WILDWATCH_STORE_BATCH_SIZE`` items and at close. When the database goes away it retries
the batch, then fails the run loudly (finish reason ``wildwatch_store_failed``) and
writes every unsaved item to a JSONL spill file under the data folder.

Settings: ``WILDWATCH_STORE_ENABLED`` (bool, True), ``WILDWATCH_DATABASE_URL`` (str, the
``crawler.config`` URL), ``WILDWATCH_STORE_BATCH_SIZE`` (int, 100),
``WILDWATCH_STORE_RETRIES`` (int, 3), ``WILDWATCH_STORE_RETRY_DELAY`` (float, 1.0 s,
doubled each retry), ``WILDWATCH_STORE_SPILL_DIR`` (path, ``<data dir>/spill``).
Stats: ``wildwatch/stored/{items,new_listings,new_snapshots,unchanged,events}``,
``wildwatch/stored/by_source/<platform>``, ``wildwatch/store/{retries,spilled,failed}``,
``wildwatch/dropped/store_rejected``.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro
from sqlalchemy import Engine
from sqlalchemy.exc import (
    DataError,
    DBAPIError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.orm import Session, sessionmaker

from crawler.config import get_settings
from crawler.items import ListingItem
from crawler.pipelines.drops import drop
from crawler.pipelines.spill import SpillFile
from storage.db import DatabaseUnavailable, describe_url, make_engine, session_factory, upgrade
from storage.listings import store_listings

logger = logging.getLogger(__name__)

STORED = "wildwatch/stored"
STORE = "wildwatch/store"
FAILED_REASON = "wildwatch_store_failed"
#: Errors that concern one record's content, not the database connection.
REFUSED = (IntegrityError, DataError, ValueError)


def to_record(item: ListingItem) -> dict[str, Any]:
    """The mapping storage takes: the item's fields plus its key."""
    return {**dataclasses.asdict(item), "key": item.key}


class StorePipeline:
    """Buffers items and stores them in batches; never loses an item silently."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("WILDWATCH_STORE_ENABLED", True):
            raise NotConfigured("WILDWATCH_STORE_ENABLED is off")
        config = get_settings()
        self.crawler = crawler
        self.stats = crawler.stats
        self.url = settings.get("WILDWATCH_DATABASE_URL") or config.database_url
        self.batch_size = max(1, settings.getint("WILDWATCH_STORE_BATCH_SIZE", 100))
        self.retries = max(0, settings.getint("WILDWATCH_STORE_RETRIES", 3))
        self.retry_delay = max(0.0, settings.getfloat("WILDWATCH_STORE_RETRY_DELAY", 1.0))
        self.spill_dir = Path(
            settings.get("WILDWATCH_STORE_SPILL_DIR") or config.data_dir / "spill"
        )
        self.buffer: list[dict[str, Any]] = []
        self.failure: str | None = None
        self.engine: Engine | None = None
        self.sessions: sessionmaker[Session] | None = None
        self.spill: SpillFile | None = None
        self.closing = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def _spider_name(self) -> str:
        spider = self.crawler.spider
        return str(getattr(spider, "name", None) or "crawl")

    def open_spider(self) -> None:
        try:
            upgrade(self.url)
            self.engine = make_engine(self.url)
        except DatabaseUnavailable as exc:
            logger.error("wildwatch cannot store this crawl: %s", exc)
            raise
        self.sessions = session_factory(self.engine)
        self.spill = SpillFile(self.spill_dir, self._spider_name())

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ListingItem):
            raise drop(self.stats, "not_listing_item", type(item).__name__)
        self.buffer.append(to_record(item))
        if len(self.buffer) >= self.batch_size:
            self.flush()
        return item

    def close_spider(self) -> None:
        self.closing = True
        self.flush()
        if self.spill is not None and self.spill.count:
            logger.error(
                "%d items of this crawl were NOT stored in the database; they are kept in %s",
                self.spill.count,
                self.spill.path,
            )
        if self.engine is not None:
            self.engine.dispose()

    def flush(self) -> None:
        """Store the buffered records now (or spill them once the store has failed)."""
        batch, self.buffer = self.buffer, []
        if not batch:
            return
        if self.failure is not None:
            self._spill(batch, self.failure)
            return
        for attempt in range(self.retries + 1):
            try:
                self._store(batch)
                return
            except REFUSED:
                # A record the database refuses: store the others one by one, spill it.
                self._store_one_by_one(batch)
                return
            except (OperationalError, InterfaceError) as exc:
                if attempt == self.retries:
                    self._fail(batch, exc)
                    return
                self.stats.inc_value(f"{STORE}/retries")
                delay = self.retry_delay * (2**attempt)
                logger.warning("database write failed (%s); retrying in %.1f s", exc.orig, delay)
                time.sleep(delay)
            except DBAPIError as exc:
                self._fail(batch, exc)
                return

    def _store(self, batch: list[dict[str, Any]]) -> None:
        assert self.sessions is not None, "open_spider() opens the database first"
        run_id = self.stats.get_value("wildwatch/run_id")
        with self.sessions.begin() as session:
            result = store_listings(session, batch, run_id)
        for name, value in dataclasses.asdict(result).items():
            self.stats.inc_value(f"{STORED}/{'items' if name == 'stored' else name}", value)
        for record in batch:
            self.stats.inc_value(f"{STORED}/by_source/{record['platform']}")

    def _store_one_by_one(self, batch: list[dict[str, Any]]) -> None:
        for record in batch:
            try:
                self._store([record])
            except REFUSED as exc:
                self.stats.inc_value("wildwatch/dropped/store_rejected")
                logger.warning("database refused %s: %s", record.get("source_url"), exc)
                self._spill([record], f"store_rejected: {exc}")

    def _fail(self, batch: list[dict[str, Any]], exc: SQLAlchemyError) -> None:
        self.failure = (
            f"the database {describe_url(self.url)} stopped answering "
            f"({getattr(exc, 'orig', exc)}); the crawl stops"
        )
        self.stats.set_value(f"{STORE}/failed", 1)
        self._spill(batch, self.failure)
        logger.error(
            "wildwatch cannot store this crawl: %s. Unsaved items are kept in %s",
            self.failure,
            self.spill.path if self.spill else self.spill_dir,
        )
        if self.closing:
            return
        try:
            engine = self.crawler.engine
        except RuntimeError:  # no crawl running (the pipeline driven by hand)
            return
        if engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason=FAILED_REASON))

    def _spill(self, batch: list[dict[str, Any]], reason: str) -> None:
        if self.spill is None:
            self.spill = SpillFile(self.spill_dir, self._spider_name())
        self.spill.write(batch, reason)
        self.stats.inc_value(f"{STORE}/spilled", len(batch))
