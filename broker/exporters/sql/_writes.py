"""The writes of one batch, merged per row in memory and flushed as few statements.

Projections describe changes (``upsert``, ``update`` by primary key, ``insert``,
``replace_children``) instead of executing them; ``flush`` then runs one executemany per
statement shape. A batch of 500 records becomes a dozen round trips instead of hundreds, which
is what PostgreSQL over TCP needs.

Merging keeps the meaning of running the changes one by one, in order:

- a later write of a column wins over an earlier one;
- ``keep`` columns of an upsert (a creation time) do not overwrite a value the row already
  has: neither one written earlier in the batch nor, on conflict, the stored one. A column is
  "forced" once any write sets it without keeping; on conflict, exactly the forced columns
  are updated.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, bindparam

from ._upsert import clean, upsert_statement


@dataclass
class _Row:
    values: dict[str, Any]
    forced: set[str] = field(default_factory=set)
    inserts: bool = False  # an upsert (may create the row) rather than an update


def _pk(table: Table) -> tuple[str, ...]:
    return tuple(sorted(c.name for c in table.primary_key.columns))


class Writes:
    def __init__(self) -> None:
        # Insertion-ordered: rows flush in the order they were first touched.
        self._rows: dict[Table, dict[tuple[Any, ...], _Row]] = defaultdict(dict)
        self._inserts: dict[Table, list[dict[str, Any]]] = defaultdict(list)
        # (table, parent column) -> parent key -> the complete set of child rows
        self._children: dict[tuple[Table, str], dict[Any, list[dict[str, Any]]]] = defaultdict(dict)

    def _row(self, table: Table, key: tuple[Any, ...]) -> _Row:
        rows = self._rows[table]
        row = rows.get(key)
        if row is None:
            row = rows[key] = _Row({})
        return row

    def upsert(self, table: Table, values: Mapping[str, Any], *, keep: Iterable[str] = ()) -> None:
        names = _pk(table)
        row = self._row(table, tuple(values[n] for n in names))
        kept = set(keep) | set(names)
        for name, value in values.items():
            if name in kept:
                row.values.setdefault(name, value)
            else:
                row.values[name] = value
                row.forced.add(name)
        row.inserts = True

    def update(self, table: Table, key: Any, **values: Any) -> None:
        """UPDATE by the single-column primary key (no row, no change)."""
        [name] = _pk(table)
        row = self._row(table, (key,))
        row.values.setdefault(name, key)
        row.values.update(values)
        row.forced.update(values)

    def insert(self, table: Table, row: dict[str, Any]) -> None:
        self._inserts[table].append(row)

    def replace_children(
        self, table: Table, parent: str, key: Any, rows: list[dict[str, Any]]
    ) -> None:
        """After the flush, ``table`` holds exactly ``rows`` for ``parent == key``."""
        self._children[(table, parent)][key] = rows

    def flush(self, connection: Connection) -> None:
        for table, rows in self._rows.items():
            self._flush_rows(connection, table, rows)
        for table, new in self._inserts.items():
            connection.execute(table.insert(), [clean(connection, r) for r in new])
        for (table, parent), by_key in self._children.items():
            connection.execute(
                table.delete().where(table.c[parent] == bindparam("_parent")),
                [{"_parent": key} for key in by_key],
            )
            fresh = [clean(connection, r) for children in by_key.values() for r in children]
            if fresh:
                connection.execute(table.insert(), fresh)

    def _flush_rows(self, connection: Connection, table: Table, rows: dict[Any, _Row]) -> None:
        dialect = connection.dialect.name
        upserts: dict[tuple[tuple[str, ...], frozenset[str]], list[dict[str, Any]]]
        upserts = defaultdict(list)
        updates: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        names = _pk(table)
        for row in rows.values():
            values = clean(connection, row.values)
            columns = tuple(sorted(values))
            if row.inserts:
                kept = frozenset(columns) - row.forced
                upserts[(columns, kept)].append(values)
            else:
                updates[columns].append({f"_{k}": v for k, v in values.items()})
        for (columns, kept), params in upserts.items():
            connection.execute(upsert_statement(dialect, table, columns, kept), params)
        for columns, params in updates.items():
            changed = [c for c in columns if c not in names]
            statement = (
                table.update()
                .where(*(table.c[n] == bindparam(f"_{n}") for n in names))
                .values({c: bindparam(f"_{c}") for c in changed})
            )
            connection.execute(statement, params)
