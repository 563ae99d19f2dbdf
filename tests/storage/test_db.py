"""Engines, migrations and the error a user sees when the database is unreachable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.orm import Session

from storage.db import DatabaseUnavailable, make_engine, metadata, upgrade
from storage.enums import RunStatus
from storage.models import CrawlRun


def test_upgrade_creates_every_table_and_is_idempotent(db_url: str) -> None:
    upgrade(db_url)
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        tables = set(inspect(engine).get_table_names())
        with engine.connect() as conn:
            head = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    finally:
        engine.dispose()
    assert set(metadata().tables) <= tables
    assert head  # the newest revision is recorded once


def test_migrations_match_the_models(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, metadata())
    assert diff == []


def test_sqlite_connections_use_wal_and_foreign_keys(sqlite_url: str) -> None:
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    try:
        with engine.connect() as conn:
            mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar_one()
            fks = conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one()
            busy = conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one()
    finally:
        engine.dispose()
    assert (mode, fks) == ("wal", 1)
    assert busy >= 10_000


def test_sqlite_creates_the_data_folder(tmp_path: Path) -> None:
    db = tmp_path / "deep" / "er" / "wildwatch.db"
    upgrade(f"sqlite:///{db}")
    assert db.is_file()


def test_times_come_back_in_utc(session: Session) -> None:
    started = datetime(2025, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
    session.add(CrawlRun(spider="x", started_at=started, status=RunStatus.RUNNING))
    session.commit()
    session.expunge_all()
    stored = session.execute(select(CrawlRun.started_at)).scalar_one()
    assert stored == started
    assert stored.utcoffset() == timedelta(0)
    assert stored.tzinfo is not None and stored.astimezone(UTC).hour == 14


@pytest.mark.parametrize(
    ("url", "says"),
    [
        pytest.param(
            "postgresql+psycopg://postgres@127.0.0.1:1/test",
            "make services",
            marks=pytest.mark.postgres,
            id="postgres-port-closed",
        ),
        ("sqlite:////proc/no/such/place/wildwatch.db", "writable"),
        ("not a url", "not a database URL"),
        ("mysql+nosuchdriver://x@y/z", "cannot use the database"),
    ],
)
def test_unreachable_database_gives_a_clear_error(url: str, says: str) -> None:
    with pytest.raises(DatabaseUnavailable, match=says) as caught:
        upgrade(url)
    assert "Traceback" not in str(caught.value)


def test_error_message_hides_the_password() -> None:
    with pytest.raises(DatabaseUnavailable) as caught:
        make_engine("postgresql+psycopg://analyst:s3cret@127.0.0.1:1/test")
    assert "s3cret" not in str(caught.value)
    assert "127.0.0.1:1" in str(caught.value)
