"""One settings object for every wildwatch process, read from ``WILDWATCH_*`` variables.

Crawl, classify, review and export all call :func:`get_settings`; nothing else reads the
environment. The embedded default works with nothing set: SQLite in ``./data``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path


class SettingsError(ValueError):
    """A ``WILDWATCH_*`` variable holds a value wildwatch cannot use."""


def _env(name: str, default: str) -> str:
    return os.environ.get(f"WILDWATCH_{name}", default).strip() or default


def _env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = _env(name, str(default))
    try:
        value = int(raw)
    except ValueError as exc:
        raise SettingsError(f"WILDWATCH_{name} must be a whole number, got {raw!r}") from exc
    if value < minimum:
        raise SettingsError(f"WILDWATCH_{name} must be at least {minimum}, got {value}")
    return value


def _env_float(name: str, default: float) -> float:
    raw = _env(name, str(default))
    try:
        return float(raw)
    except ValueError as exc:
        raise SettingsError(f"WILDWATCH_{name} must be a number, got {raw!r}") from exc


@dataclass(frozen=True)
class Settings:
    """Every knob of wildwatch; the README's settings table documents each field."""

    data_dir: Path
    database_url: str
    redis_url: str | None
    model_dir: Path
    classifier_dir: Path | None
    user_agent: str
    classify_batch_size: int
    classify_workers: int
    review_host: str
    review_port: int
    demo_host: str
    demo_port: int
    concurrent_requests_per_domain: int
    download_delay: float
    browser_path: str
    log_level: str
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def jobs_dir(self) -> Path:
        """Where Scrapy keeps each spider's JOBDIR so a killed crawl resumes."""
        return self.data_dir / "jobs"

    @property
    def captures_dir(self) -> Path:
        """Where evidence/ writes WARC captures and screenshots."""
        return self.data_dir / "captures"


def load_settings() -> Settings:
    """Read the environment now (tests call this after monkeypatching variables)."""
    data_dir = Path(_env("DATA_DIR", "data")).expanduser().resolve()
    default_db = f"sqlite:///{data_dir / 'wildwatch.db'}"
    redis_url = os.environ.get("WILDWATCH_REDIS_URL", "").strip() or None
    return Settings(
        data_dir=data_dir,
        database_url=_env("DATABASE_URL", default_db),
        redis_url=redis_url,
        model_dir=Path(_env("MODEL_DIR", str(data_dir / "models"))).expanduser().resolve(),
        classifier_dir=(
            Path(os.environ["WILDWATCH_CLASSIFIER_DIR"]).expanduser().resolve()
            if os.environ.get("WILDWATCH_CLASSIFIER_DIR", "").strip()
            else None
        ),
        user_agent=_env(
            "USER_AGENT",
            "wildwatch/0.1 (+https://github.com/wildwatch/wildwatch; wildlife-trade research)",
        ),
        classify_batch_size=_env_int("CLASSIFY_BATCH_SIZE", 512, minimum=1),
        classify_workers=_env_int("CLASSIFY_WORKERS", 0, minimum=0),
        review_host=_env("REVIEW_HOST", "127.0.0.1"),
        review_port=_env_int("REVIEW_PORT", 8700, minimum=1),
        demo_host=_env("DEMO_HOST", "127.0.0.1"),
        demo_port=_env_int("DEMO_PORT", 8710, minimum=1),
        concurrent_requests_per_domain=_env_int("CONCURRENCY_PER_DOMAIN", 2, minimum=1),
        download_delay=_env_float("DOWNLOAD_DELAY", 0.5),
        browser_path=_env("BROWSER_PATH", "/usr/bin/chromium"),
        log_level=_env("LOG_LEVEL", "INFO"),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return load_settings()
