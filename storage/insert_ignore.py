"""``INSERT ... ON CONFLICT DO NOTHING`` for SQLite and PostgreSQL.

Two crawl workers storing the same listing, seller or contact at once both insert; the
loser's insert does nothing and it reads the winner's row. No exception, no retry loop.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import FromClause
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_ignore(
    session: Session,
    table: FromClause,
    values: Mapping[str, Any],
    conflict: Sequence[str],
) -> int | None:
    """Insert ``values`` unless a row with the same ``conflict`` columns exists.

    Returns the new row's primary key, or None when the row already existed.
    """
    dialect = session.get_bind().dialect.name
    module: Any
    if dialect == "postgresql":
        module = postgresql
    elif dialect == "sqlite":
        module = sqlite
    else:
        raise NotImplementedError(f"wildwatch supports SQLite and PostgreSQL, not {dialect}")
    stmt = module.insert(table).values(**values).on_conflict_do_nothing(index_elements=conflict)
    pk = list(table.primary_key)
    if len(pk) == 1:
        return session.execute(stmt.returning(pk[0])).scalar_one_or_none()
    session.execute(stmt)
    return None
