"""StorePipeline and CrawlRunExtension: batches, run tagging, a database that goes away, a real crawl."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crawler.extensions.crawl_run import CrawlRunExtension, run_status
from crawler.items import ListingItem
from crawler.pipelines.spill import read_spill
from crawler.pipelines.store import StorePipeline
from storage.db import make_engine, session_factory
from storage.enums import RunStatus
from storage.listings import store_listings
from storage.models import CrawlRun, Listing, Snapshot
from storage.runs import crawl_summary

ROOT = Path(__file__).resolve().parents[2]


class PipelineDemoSpider(Spider):
    """Yields listings straight from ``start()``: good ones, a duplicate and unusable ones."""

    name = "pipeline_demo"

    async def start(self) -> AsyncIterator[Any]:
        for i in range(7):
            yield ListingItem(
                platform="demo_market",
                source_url=f"http://127.0.0.1:8710/l/{i}",
                platform_id=str(i),
                title=f"Loro {i}",
                text="Vendo loro hablador, WhatsApp +55 11 91234-5678",
                price_raw="R$ 1.200,00",
                country="BR",
            )
        yield ListingItem(
            platform="demo_market", source_url="http://127.0.0.1:8710/l/0", platform_id="0"
        )
        yield ListingItem(
            platform="demo_market",
            source_url="http://127.0.0.1:8710/l/1",
            platform_id="1",
            title="Loro 1",
            text="repetido",
        )
        yield ListingItem(platform="demo_market", source_url="", title="sin url")
        yield {"not": "an item"}


def crawl_main() -> None:
    """Entry point of the subprocess crawl (one Twisted reactor per process)."""
    from scrapy.crawler import CrawlerProcess

    process = CrawlerProcess(
        {
            "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
            "ITEM_PIPELINES": {
                "crawler.pipelines.normalize.NormalizePipeline": 100,
                "crawler.pipelines.dedupe.DedupePipeline": 200,
                "crawler.pipelines.store.StorePipeline": 300,
            },
            "EXTENSIONS": {"crawler.extensions.crawl_run.CrawlRunExtension": 500},
            "WILDWATCH_STORE_BATCH_SIZE": 3,
            "TELNETCONSOLE_ENABLED": False,
            "LOG_LEVEL": "WARNING",
        }
    )
    process.crawl(PipelineDemoSpider)
    process.start()


def _crawl(url: str, data_dir: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WILDWATCH_")}
    env.update(WILDWATCH_DATABASE_URL=url, WILDWATCH_DATA_DIR=str(data_dir))
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from tests.crawler.test_pipelines_store import crawl_main; crawl_main()",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def test_a_crawl_stores_listings_and_records_its_run(db_url: str, tmp_path: Path) -> None:
    _crawl(db_url, tmp_path / "data")
    _crawl(db_url, tmp_path / "data")
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as session:
            runs = session.execute(select(CrawlRun).order_by(CrawlRun.id)).scalars().all()
            assert [(r.spider, r.status) for r in runs] == [
                ("pipeline_demo", RunStatus.FINISHED)
            ] * 2
            first, second = crawl_summary(session, [runs[0].id, runs[1].id])
            assert first.dropped_reasons == {
                "duplicate_in_run": 1,
                "no_text": 1,
                "no_url": 1,
                "not_listing_item": 1,
            }
            assert first.stored == 7 and first.new_listings_by_source == {"demo_market": 7}
            assert first.stats["wildwatch/stored/new_snapshots"] == 7
            assert second.stats["wildwatch/stored/unchanged"] == 7
            assert second.new_snapshots_by_source == {}
            tagged = session.execute(
                select(func.count()).where(Snapshot.crawl_run_id == runs[0].id)
            )
            assert tagged.scalar_one() == 7
            price = session.execute(select(Snapshot.price, Snapshot.currency).limit(1)).one()
            assert (float(price[0]), price[1]) == (1200.0, "BRL")
    finally:
        engine.dispose()


def _store_crawler(url: str, tmp_path: Path, **settings: Any) -> Crawler:
    crawler = get_crawler(
        PipelineDemoSpider,
        settings_dict={
            "WILDWATCH_DATABASE_URL": url,
            "WILDWATCH_STORE_SPILL_DIR": str(tmp_path / "spill"),
            "WILDWATCH_STORE_RETRY_DELAY": 0,
            **settings,
        },
    )
    crawler.spider = PipelineDemoSpider()
    crawler.stats.open_spider()
    return crawler


def _items(n: int) -> list[ListingItem]:
    return [
        ListingItem(
            platform="demo_market",
            source_url=f"http://127.0.0.1/l/{i}",
            platform_id=str(i),
            title=f"t{i}",
        )
        for i in range(n)
    ]


def _count(sessions: sessionmaker[Session], model: type) -> int:
    with sessions() as session:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def test_items_are_written_per_batch_and_at_close(
    db_url: str, tmp_path: Path, sessions: sessionmaker[Session]
) -> None:
    crawler = _store_crawler(db_url, tmp_path, WILDWATCH_STORE_BATCH_SIZE=4)
    crawler.stats.set_value("wildwatch/run_id", None)
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    for item in _items(6):
        pipeline.process_item(item)
    assert _count(sessions, Listing) == 4  # one full batch; two items wait in the buffer
    pipeline.close_spider()
    assert _count(sessions, Listing) == 6
    assert crawler.stats.get_value("wildwatch/stored/new_listings") == 6
    assert crawler.stats.get_value("wildwatch/stored/by_source/demo_market") == 6


def test_a_database_that_goes_away_fails_the_run_and_spills_every_item(
    sqlite_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    crawler = _store_crawler(
        sqlite_url, tmp_path, WILDWATCH_STORE_BATCH_SIZE=2, WILDWATCH_STORE_RETRIES=2
    )
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    pipeline.process_item(_items(1)[0])
    # The server vanishes: every connection now fails.
    pipeline.sessions = session_factory(
        make_engine("postgresql+psycopg://postgres@127.0.0.1:1/x", check=False)
    )
    for item in _items(5)[1:]:
        pipeline.process_item(item)
    pipeline.close_spider()
    assert crawler.stats.get_value("wildwatch/store/failed") == 1
    assert crawler.stats.get_value("wildwatch/store/retries") == 2
    assert pipeline.spill is not None
    spilled = read_spill(pipeline.spill.path)
    assert sorted(r["platform_id"] for r in spilled) == ["0", "1", "2", "3", "4"]
    assert "NOT stored" in caplog.text and "stopped answering" in caplog.text
    # The spill file is ready to be stored once the database is back.
    engine = make_engine(sqlite_url)
    with session_factory(engine).begin() as session:
        assert store_listings(session, spilled, None).new_listings == 5
    engine.dispose()


def test_a_record_the_database_refuses_is_spilled_and_the_rest_stored(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import crawler.pipelines.store as store_module

    real = store_module.store_listings

    def picky(session: Session, records: Any, run_id: Any) -> Any:
        if any(r["platform_id"] == "2" for r in records):
            raise ValueError("record 2 is refused")
        return real(session, records, run_id)

    monkeypatch.setattr(store_module, "store_listings", picky)
    crawler = _store_crawler(sqlite_url, tmp_path, WILDWATCH_STORE_BATCH_SIZE=10)
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    for item in _items(4):
        pipeline.process_item(item)
    pipeline.close_spider()
    assert crawler.stats.get_value("wildwatch/stored/new_listings") == 3
    assert crawler.stats.get_value("wildwatch/dropped/store_rejected") == 1
    assert pipeline.spill is not None
    assert [r["platform_id"] for r in read_spill(pipeline.spill.path)] == ["2"]


@pytest.mark.parametrize(
    ("reason", "status"),
    [
        ("finished", RunStatus.FINISHED),
        ("closespider_itemcount", RunStatus.FINISHED),
        ("shutdown", RunStatus.KILLED),
        ("cancelled", RunStatus.KILLED),
        ("wildwatch_store_failed", RunStatus.FAILED),
        ("start_error", RunStatus.FAILED),
    ],
)
def test_finish_reason_gives_the_run_status(
    configured_db: str, reason: str, status: RunStatus
) -> None:
    crawler = _store_crawler(configured_db, Path("/nonexistent"))
    ext = CrawlRunExtension.from_crawler(crawler)
    ext.spider_opened(crawler.spider)
    run_id = crawler.stats.get_value("wildwatch/run_id")
    crawler.stats.inc_value("httperror/response_ignored_status_count/404", 2)
    ext.spider_closed(crawler.spider, reason)
    assert run_status(reason) is status
    engine = make_engine(configured_db)
    with session_factory(engine)() as session:
        run = session.get(CrawlRun, run_id)
        assert run is not None and run.status is status
        assert run.stats["finish_reason"] == reason
        assert run.stats["httperror/response_ignored_status_count/404"] == 2
    engine.dispose()


def test_unreachable_database_at_open_is_a_clear_error(tmp_path: Path) -> None:
    from storage.db import DatabaseUnavailable

    crawler = _store_crawler("postgresql+psycopg://postgres@127.0.0.1:1/x", tmp_path)
    with pytest.raises(DatabaseUnavailable, match="make services"):
        StorePipeline.from_crawler(crawler).open_spider()
    ext = CrawlRunExtension.from_crawler(crawler)
    ext.spider_opened(crawler.spider)
    assert crawler.stats.get_value("wildwatch/crawl_run/db_errors") == 1
    assert json.dumps(crawler.stats.get_stats(), default=str)
