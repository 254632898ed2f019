"""INSERT ... ON CONFLICT for both databases the read model runs on (SQLite, PostgreSQL).

Statements are built once per (dialect, table, column set, kept columns) and executed with
parameters: building an ON CONFLICT clause costs far more than running it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def clean(connection: Connection, values: Mapping[str, Any]) -> dict[str, Any]:
    """PostgreSQL text cannot hold NUL characters (SQLite can): there they become U+FFFD, so
    a variable named with a NUL cannot wedge the exporter. The audit JSON keeps the original
    (JSON escapes NUL)."""
    if connection.dialect.name != "postgresql":
        return dict(values)
    return {
        k: v.replace("\x00", "\ufffd") if isinstance(v, str) and "\x00" in v else v
        for k, v in values.items()
    }


@lru_cache(maxsize=256)
def upsert_statement(
    dialect: str, table: Table, columns: tuple[str, ...], kept: frozenset[str]
) -> Any:
    key = sorted(c.name for c in table.primary_key.columns)
    if dialect == "postgresql":
        statement: Any = postgresql.insert(table)
    elif dialect == "sqlite":
        statement = sqlite.insert(table)
    else:
        raise ValueError(f"Expected SQLite or PostgreSQL, but the database is {dialect}")
    changes = {name: statement.excluded[name] for name in columns if name not in kept}
    if changes:
        return statement.on_conflict_do_update(index_elements=key, set_=changes)
    return statement.on_conflict_do_nothing(index_elements=key)


def upsert(
    connection: Connection,
    table: Table,
    values: Mapping[str, Any],
    *,
    keep: Iterable[str] = (),
) -> None:
    """Insert ``values``; on a primary-key conflict update every given column except the key
    and those in ``keep`` (columns whose first value stays, such as a creation time)."""
    kept = frozenset(keep) | {c.name for c in table.primary_key.columns}
    statement = upsert_statement(connection.dialect.name, table, tuple(sorted(values)), kept)
    connection.execute(statement, clean(connection, values))
