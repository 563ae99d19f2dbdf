"""``wildwatch db``: create or upgrade the schema of the configured database."""

from __future__ import annotations

import typer

from crawler.config import get_settings
from crawler.progress import console
from storage.db import DatabaseUnavailable
from storage.db import upgrade as upgrade_schema

app = typer.Typer(no_args_is_help=True)


@app.command("upgrade")
def upgrade() -> None:
    """Run every Alembic migration up to the newest on WILDWATCH_DATABASE_URL."""
    url = get_settings().database_url
    try:
        upgrade_schema(url)
    except DatabaseUnavailable as exc:
        console.print(f"[red]Database unavailable:[/red] {exc}")
        raise typer.Exit(code=2) from exc
    console.print(f"database is at the newest schema: {url.split('@')[-1]}")
