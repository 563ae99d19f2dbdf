"""Run a spider against a local server in a subprocess and return what it yielded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[3]

# Fast, deterministic crawls: no pipelines (storage is tested elsewhere), no politeness delay.
TEST_SETTINGS: dict[str, Any] = {
    "ITEM_PIPELINES": {},
    "EXTENSIONS": {},
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "LOG_LEVEL": "WARNING",
    "RETRY_TIMES": 1,
}


@dataclass
class CrawlResult:
    """Items (as dicts) and final stats of one spider run."""

    items: list[dict[str, Any]]
    stats: dict[str, Any]
    reason: str
    log: str

    def stat(self, name: str) -> int:
        return int(self.stats.get(name, 0))

    def by_id(self) -> dict[str | None, dict[str, Any]]:
        return {item.get("platform_id"): item for item in self.items}


def run_spider(
    spider: str,
    kwargs: dict[str, Any],
    settings: dict[str, Any] | None = None,
    timeout: float = 60,
) -> CrawlResult:
    """Crawl with ``spider`` in a fresh Python process (Twisted's reactor runs once)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        env = {
            **os.environ,
            "WILDWATCH_DATA_DIR": tmp,
            "SCRAPY_SETTINGS_MODULE": "crawler.settings",
        }
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "tests.spiders.formats.crawl_main",
                spider,
                json.dumps(kwargs),
                json.dumps({**TEST_SETTINGS, **(settings or {})}),
                str(out),
            ],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if proc.returncode != 0 or not out.exists():
            raise AssertionError(f"crawl of {spider} failed:\n{proc.stdout}\n{proc.stderr}")
        data = json.loads(out.read_text(encoding="utf-8"))
    return CrawlResult(data["items"], data["stats"], data.get("reason", ""), proc.stderr)
