"""Open the configured database for a CLI command: migrate it, or stop with a clear message."""

from __future__ import annotations

import typer
from sqlalchemy.orm import Session, sessionmaker

from crawler.config import get_settings
from crawler.progress import console
from storage.db import DatabaseUnavailable, make_engine, session_factory, upgrade


def open_database(migrate: bool = True) -> sessionmaker[Session]:
    """A session factory on ``WILDWATCH_DATABASE_URL`` (SQLite in the data folder by default)."""
    url = get_settings().database_url
    try:
        if migrate:
            upgrade(url)
        return session_factory(make_engine(url))
    except DatabaseUnavailable as exc:
        console.print(f"[red]Database unavailable:[/red] {exc}")
        raise typer.Exit(code=2) from exc
