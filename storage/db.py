"""Engines, sessions and schema migrations for SQLite and PostgreSQL.

Every process opens the database through :func:`make_engine` and migrates it with
:func:`upgrade`. Storage functions flush but never commit: the caller owns the
transaction (``with sessions.begin() as session: ...``).
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Any

from alembic.config import Config
from sqlalchemy import Engine, MetaData, create_engine, event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

import storage
from alembic import command
from storage.models import Base

#: Execution option that makes an SQLite transaction take the write lock at BEGIN, so
#: two writers queue on the busy timeout instead of failing when a reader upgrades.
WRITE_INTENT = "wildwatch_write_intent"
SQLITE_BUSY_TIMEOUT_MS = 30_000
POSTGRES_CONNECT_TIMEOUT_S = 5
_MIGRATION_LOCK_ID = 0x77696C64  # "wild": serialises concurrent `upgrade` calls on PostgreSQL


class DatabaseUnavailable(RuntimeError):
    """The configured database cannot be reached or opened; the message says what to do."""


def describe_url(url: str) -> str:
    """The URL without its password, safe for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<not a database URL>"


def _unavailable(url: str, exc: BaseException) -> DatabaseUnavailable:
    where = describe_url(url)
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0:1]
    detail = reason[0] if reason else type(exc).__name__
    if url.startswith("sqlite"):
        hint = "check that the data folder exists and is writable (WILDWATCH_DATA_DIR)"
    else:
        hint = (
            "is the server running? `make services` starts PostgreSQL here; "
            "unset WILDWATCH_DATABASE_URL to use the SQLite default"
        )
    return DatabaseUnavailable(f"cannot open the database {where}: {detail} ({hint})")


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event, not pysqlite, decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(WRITE_INTENT, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str, *, check: bool = True) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and a busy timeout.

    With ``check`` (the default) one connection is opened at once, so an unreachable
    database raises :class:`DatabaseUnavailable` here rather than mid-crawl.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseUnavailable(
            f"{url!r} is not a database URL (expected sqlite:///path or "
            "postgresql+psycopg://user@host:5432/db in WILDWATCH_DATABASE_URL)"
        ) from exc
    try:
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
            _sqlite_setup(engine)
        else:
            connect_args: dict[str, Any] = {}
            if parsed.get_backend_name() == "postgresql":
                connect_args["connect_timeout"] = POSTGRES_CONNECT_TIMEOUT_S
            engine = create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)
    except (NoSuchModuleError, ArgumentError) as exc:
        raise DatabaseUnavailable(
            f"wildwatch cannot use the database {describe_url(url)}: {exc}"
        ) from exc
    except OSError as exc:
        raise _unavailable(url, exc) from exc
    if check:
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except DBAPIError as exc:
            engine.dispose()
            raise _unavailable(url, exc) from exc
    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose objects stay readable after commit (the CLI and app print them)."""
    return sessionmaker(engine, expire_on_commit=False)


def write_intent(session: Session) -> None:
    """Declare that this transaction will write (SQLite: take the write lock at BEGIN).

    Has an effect only before the session's transaction has touched the database; later
    calls (a second write in the same transaction) leave it as it is.
    """
    if session.get_bind().dialect.name != "sqlite":
        return
    transaction = session.get_transaction()
    # SessionTransaction keeps its connections privately; once one exists BEGIN is past.
    if transaction is not None and getattr(transaction, "_connections", None):
        return
    session.connection(execution_options={WRITE_INTENT: True})


def metadata() -> MetaData:
    """The metadata of every table: imports each ``storage`` module so all models register."""
    for module in pkgutil.iter_modules(storage.__path__):
        importlib.import_module(f"storage.{module.name}")
    return Base.metadata


def migrations_dir() -> Path:
    """The ``alembic/`` folder beside the ``storage`` package (repo root or install root)."""
    return Path(__file__).resolve().parent.parent / "alembic"


def alembic_config(url: str) -> Config:
    """An Alembic config for ``url`` that needs no ``alembic.ini`` on disk."""
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["url"] = url
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Run every Alembic migration on ``url`` up to ``revision`` (idempotent, concurrent-safe)."""
    engine = make_engine(url)
    cfg = alembic_config(url)
    try:
        with engine.connect() as conn:
            conn = conn.execution_options(**{WRITE_INTENT: True})
            with conn.begin():
                if engine.dialect.name == "postgresql":
                    conn.execute(
                        text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK_ID}
                    )
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
    except DBAPIError as exc:
        raise _unavailable(url, exc) from exc
    finally:
        engine.dispose()
