"""The shared Redis frontier: two crawl workers split one site and fetch each URL once."""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from scrapy.settings import Settings

from crawler.frontier import apply_frontier, clear_frontier
from tests.crawler.hygiene_site import HygieneSite, SiteState
from tests.crawler.runner_helpers import ROOT, runner_command, runner_env

#: The Redis the tests use; ``make test`` (deploy/services.sh) starts it when it is down.
REDIS_URL = os.environ.get("WILDWATCH_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def prefix() -> Iterator[str]:
    name = f"wwtest-{uuid.uuid4().hex[:10]}"
    yield name
    clear_frontier(REDIS_URL, name, "run1")


@pytest.mark.parametrize(
    ("url", "switched"),
    [(None, False), ("", False), (REDIS_URL, True)],
    ids=["unset", "empty", "set"],
)
def test_frontier_settings_only_when_a_redis_url_is_set(url: str | None, switched: bool) -> None:
    settings = Settings({"WILDWATCH_FRONTIER_PREFIX": "p", "WILDWATCH_FRONTIER_RUN": "r"})
    assert apply_frontier(settings, url) is switched
    if switched:
        assert settings["SCHEDULER"] == "scrapy_redis.scheduler.Scheduler"
        assert settings["SCHEDULER_QUEUE_KEY"] == "p:r:%(spider)s:requests"
        assert settings["SCHEDULER_PERSIST"] is True
    else:
        assert settings["SCHEDULER"] == "scrapy.core.scheduler.Scheduler"


@pytest.mark.redis
def test_two_workers_share_one_frontier_and_fetch_each_url_once(
    tmp_path: Path, prefix: str
) -> None:
    # Slow enough that the second worker, which polls an empty queue at the engine's 5 s
    # heartbeat, still finds work.
    state = SiteState(posts=40, latency=0.35)
    settings = {
        "WILDWATCH_FRONTIER_PREFIX": prefix,
        "WILDWATCH_FRONTIER_RUN": "run1",
        "WILDWATCH_FRONTIER_IDLE_WAIT": 1.0,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
        "CONCURRENT_REQUESTS": 2,  # a worker holds no more than it downloads at once
    }
    with HygieneSite(state) as site:
        targets = [("hygiene_site", {"base_url": site.url})]
        workers = [
            subprocess.Popen(
                runner_command(targets, settings),
                cwd=ROOT,
                env=runner_env(tmp_path / f"worker{i}", WILDWATCH_REDIS_URL=REDIS_URL),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for i in range(2)
        ]
        outputs = [w.communicate(timeout=90) for w in workers]
    reports = [json.loads(out.strip().splitlines()[-1])["spiders"][0] for out, _ in outputs]
    pages = {p: n for p, n in state.hits.items() if p != "/robots.txt"}
    assert len(pages) == 40 + 4  # every post and listing page...
    assert set(pages.values()) == {1}  # ...fetched exactly once across both workers
    assert sum(r["items_scraped"] for r in reports) == 40
    assert all(r["items_scraped"] > 0 for r in reports), "both workers took a share"
    client = redis.Redis.from_url(REDIS_URL)
    keys = [k.decode() for k in client.scan_iter(match=f"{prefix}:run1:*")]
    assert f"{prefix}:run1:hygiene_site:dupefilter" in keys
    ttls = [int(client.ttl(k)) for k in keys]  # type: ignore[arg-type]
    assert all(0 < ttl <= 7 * 24 * 3600 for ttl in ttls)  # finished runs expire
    client.close()
