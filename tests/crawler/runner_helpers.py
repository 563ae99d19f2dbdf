"""Run ``python -m crawler.runner`` in a subprocess against a local site (one reactor each)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from crawler.runner_report import CrawlReport

ROOT = Path(__file__).resolve().parents[2]

#: Fast and deterministic against 127.0.0.1; items are not stored unless a test says so.
FAST = {
    "SPIDER_MODULES": ["tests.crawler.hygiene_site"],
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "ITEM_PIPELINES": {},
    "LOG_LEVEL": "INFO",
    "WILDWATCH_RETRY_AFTER_BACKOFF_BASE": 0.2,
    "WILDWATCH_GONE_ENABLED": False,
}


def runner_command(
    targets: list[tuple[str, dict[str, str]]], settings: dict[str, Any] | None = None
) -> list[str]:
    command = [sys.executable, "-m", "crawler.runner", "--targets-json", json.dumps(targets)]
    for name, value in {**FAST, **(settings or {})}.items():
        command += ["--set", f"{name}={json.dumps(value)}"]
    return command


def runner_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WILDWATCH_")}
    env.update(WILDWATCH_DATA_DIR=str(data_dir), **extra)
    return env


def run_runner(
    targets: list[tuple[str, dict[str, str]]],
    data_dir: Path,
    settings: dict[str, Any] | None = None,
    timeout: float = 60,
    **env: str,
) -> tuple[CrawlReport, subprocess.CompletedProcess[str]]:
    """Run one crawl to its end; the report as parsed from stdout, and the process."""
    done = subprocess.run(
        runner_command(targets, settings),
        cwd=ROOT,
        env=runner_env(data_dir, **env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, f"no report (exit {done.returncode}):\n{done.stderr[-4000:]}"
    return CrawlReport.from_dict(json.loads(lines[-1])), done
