"""Resume after a kill, unchanged pages cost nothing, changes become snapshots and events."""

from __future__ import annotations

import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crawler import settings as project_settings
from storage.db import make_engine, session_factory
from storage.enums import EventKind, ListingStatus
from storage.models import Listing, ListingEvent, Snapshot
from tests.crawler.hygiene_site import HygieneSite, SiteState
from tests.crawler.runner_helpers import ROOT, run_runner, runner_command, runner_env

#: Items go through the real pipelines into the SQLite database of the data folder.
STORING = {
    "ITEM_PIPELINES": project_settings.ITEM_PIPELINES,
    "WILDWATCH_GONE_ENABLED": True,
    "WILDWATCH_STORE_BATCH_SIZE": 20,
}


def _sessions(data_dir: Path) -> sessionmaker[Session]:
    return session_factory(make_engine(f"sqlite:///{data_dir / 'wildwatch.db'}"))


def _snapshots_per_listing(session: Session) -> Counter[int]:
    rows = session.execute(
        select(Listing.platform_id, func.count(Snapshot.id))
        .join(Snapshot, Snapshot.listing_id == Listing.id)
        .group_by(Listing.platform_id)
    ).all()
    return Counter({int(str(pid)): int(n) for pid, n in rows})


def test_killed_crawl_resumes_and_stores_every_post_exactly_once(tmp_path: Path) -> None:
    posts = 270  # and 27 listing pages: about 300 pages
    state = SiteState(posts=posts, latency=0.02)
    settings = {**STORING, "CONCURRENT_REQUESTS_PER_DOMAIN": 8}
    with HygieneSite(state) as site:
        targets = [("hygiene_site", {"base_url": site.url})]
        first = subprocess.Popen(
            runner_command(targets, settings),
            cwd=ROOT,
            env=runner_env(tmp_path),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while sum(site.post_hits().values()) < posts // 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        fetched_before_kill = set(site.post_hits())
        assert 0 < len(fetched_before_kill) < posts

        resumed, done = run_runner(targets, tmp_path, settings, timeout=120)
        assert done.returncode == 0, done.stderr[-3000:]
        run = resumed.spiders[0]
        assert run.resumed == "killed"
        # Pages the killed job had fetched are replayed from the cache, not asked again.
        assert run.replayed_from_cache >= len(fetched_before_kill) - 16
        twice = [p for p, n in site.post_hits().items() if n > 1]
        assert len(twice) <= 16, twice  # at most what was in flight at the kill
        assert len(site.post_hits()) == posts

    with _sessions(tmp_path)() as session:
        per_listing = _snapshots_per_listing(session)
    assert sorted(per_listing) == list(range(1, posts + 1))  # none lost
    assert set(per_listing.values()) == {1}  # none stored twice


def _events(session: Session) -> set[tuple[str, str]]:
    rows = session.execute(
        select(Listing.platform_id, ListingEvent.kind).join(
            ListingEvent, ListingEvent.listing_id == Listing.id
        )
    ).all()
    return {(str(pid), str(kind)) for pid, kind in rows if kind != EventKind.FIRST_SEEN}


def test_changes_between_crawls_become_snapshots_and_events(tmp_path: Path) -> None:
    state = SiteState(posts=12)
    with HygieneSite(state) as site:
        targets = [("hygiene_site", {"base_url": site.url})]
        first, _ = run_runner(targets, tmp_path, STORING)
        assert first.spiders[0].new_listings == 12

        state.prices[2] = 5000
        state.texts[3] = "Vendo loro numero 3, con papeles"
        state.removed[4] = 410
        state.removed[5] = 404
        state.sold.add(6)
        second, _ = run_runner(targets, tmp_path, STORING)
        assert second.spiders[0].new_snapshots == 2  # the price and the text edit
        assert second.spiders[0].stats["wildwatch/gone/marked"] == 2

        del state.removed[4]
        hits_before = Counter(state.hits)
        third, _ = run_runner(targets, tmp_path, STORING)
        # Unchanged pages were asked for conditionally and answered 304: no new snapshot.
        asked = {p: n - hits_before[p] for p, n in state.hits.items() if p != "/robots.txt"}
        assert set(asked.values()) == {1}
        assert third.spiders[0].not_modified >= len(asked) - 1  # all but post 4, back again

    with _sessions(tmp_path)() as session:
        events = _events(session)
        statuses = {
            str(pid): status
            for pid, status in session.execute(select(Listing.platform_id, Listing.status))
        }
    assert events == {
        ("2", EventKind.PRICE_CHANGED),
        ("3", EventKind.TEXT_EDITED),
        ("4", EventKind.REMOVED),
        ("5", EventKind.REMOVED),
        ("6", EventKind.SOLD),
        ("4", EventKind.REAPPEARED),
    }
    assert statuses["4"] == ListingStatus.ACTIVE
    assert statuses["5"] == ListingStatus.REMOVED
    assert statuses["6"] == ListingStatus.SOLD
    assert third.spiders[0].new_snapshots == 0
