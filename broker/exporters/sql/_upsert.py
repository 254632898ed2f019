"""INSERT ... ON CONFLICT for both databases the read model runs on (SQLite, PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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


def insert(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        connection.execute(table.insert(), [clean(connection, row) for row in rows])


def upsert(
    connection: Connection,
    table: Table,
    values: Mapping[str, Any],
    *,
    keep: Iterable[str] = (),
) -> None:
    """Insert ``values``; on a primary-key conflict update every given column except the key
    and those in ``keep`` (columns whose first value stays, such as a creation time)."""
    values = clean(connection, values)
    key = {c.name for c in table.primary_key.columns}
    kept = set(keep) | key
    dialect = connection.dialect.name
    if dialect == "postgresql":
        statement: Any = postgresql.insert(table).values(**values)
    elif dialect == "sqlite":
        statement = sqlite.insert(table).values(**values)
    else:
        raise ValueError(f"Expected SQLite or PostgreSQL, but the database is {dialect}")
    changes = {name: statement.excluded[name] for name in values if name not in kept}
    if changes:
        statement = statement.on_conflict_do_update(index_elements=sorted(key), set_=changes)
    else:
        statement = statement.on_conflict_do_nothing(index_elements=sorted(key))
    connection.execute(statement)
