"""Filters, sorting and cursor pagination over one table, as the REST v2 search endpoints
offer them.

A search names fields, never columns: each entity declares which fields may be filtered and
sorted. A filter value is either a plain value (equality), or a dict of Camunda's advanced
operators: ``$eq``, ``$neq``, ``$exists``, ``$in``, ``$notIn``, ``$like`` (``*`` and ``?``
wildcards), ``$gt``, ``$gte``, ``$lt``, ``$lte``.

Pagination is keyset ("seek"): results are ordered by the requested sort fields and then by
the primary key, so the order is total, and the cursor after an item encodes that item's sort
values and key (base64url JSON, opaque to callers). The next page is the rows strictly after
``after`` in that order (the previous page: strictly before ``before``); rows inserted
meanwhile never shift a page the way offsets would. Nullable
sort fields sort through a coalesced expression so the comparison stays total.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.sql import Select

T = TypeVar("T")

Order = Literal["ASC", "DESC"]
_REVERSED: dict[Order, Order] = {"ASC": "DESC", "DESC": "ASC"}
MAX_LIMIT = 10_000


class SearchError(ValueError):
    """A search names a field, operator, order or cursor that does not exist."""


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of results. ``end_cursor`` asks for the page after this one and
    ``start_cursor`` (as ``before``) for the one before it (both None when this page is
    empty); ``total`` counts every match, not just this page."""

    items: list[T]
    total: int
    start_cursor: str | None
    end_cursor: str | None


@dataclass(frozen=True, slots=True)
class Sort:
    field: str
    order: Order = "ASC"


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps(list(values), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, width: int) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise SearchError(f"Expected a cursor from a previous page, but got {cursor!r}") from None
    if not isinstance(values, list) or len(values) != width:
        raise SearchError(f"Expected a cursor from a previous page, but got {cursor!r}")
    return values


def _like(pattern: str) -> str:
    escaped = pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped.replace("*", "%").replace("?", "_")


def condition(column: ColumnElement[Any], name: str, value: Any) -> ColumnElement[bool]:
    """The WHERE clause for one filter field."""
    if not isinstance(value, Mapping):
        return column.is_(None) if value is None else column == value
    parts: list[ColumnElement[bool]] = []
    for op, operand in value.items():
        if op == "$eq":
            parts.append(column == operand)
        elif op == "$neq":
            parts.append(column != operand)
        elif op == "$exists":
            parts.append(column.is_not(None) if operand else column.is_(None))
        elif op in ("$in", "$notIn"):
            if not isinstance(operand, list):
                raise SearchError(f"Expected a list for {name}.{op}, but got {operand!r}")
            parts.append(column.in_(operand) if op == "$in" else column.not_in(operand))
        elif op == "$like":
            parts.append(column.like(_like(str(operand)), escape="\\"))
        elif op == "$gt":
            parts.append(column > operand)
        elif op == "$gte":
            parts.append(column >= operand)
        elif op == "$lt":
            parts.append(column < operand)
        elif op == "$lte":
            parts.append(column <= operand)
        else:
            raise SearchError(f"Expected a filter operator for {name}, but got {op!r}")
    if not parts:
        raise SearchError(f"Expected at least one operator for {name}")
    return and_(*parts)


def _after(keys: list[tuple[ColumnElement[Any], Order]], values: list[Any]) -> ColumnElement[bool]:
    # (k1 > v1) OR (k1 = v1 AND k2 > v2) OR ..., each ">" flipped for a descending key.
    clauses = []
    for i, (column, order) in enumerate(keys):
        beyond = column > values[i] if order == "ASC" else column < values[i]
        equal = [keys[j][0] == values[j] for j in range(i)]
        clauses.append(and_(*equal, beyond))
    return or_(*clauses)


@dataclass(frozen=True)
class Entity(Generic[T]):
    """What may be searched in one table and how rows become ``T``."""

    query: Select[Any]  # the base SELECT (table columns, maybe joins)
    key: ColumnElement[Any]  # the unique tie-breaker
    filters: Mapping[str, ColumnElement[Any]]
    sorts: Mapping[str, ColumnElement[Any]]
    build: Any  # Callable[[Row mapping], T]

    def search(
        self,
        connection: Any,
        filter: Mapping[str, Any] | None = None,
        sort: Sequence[Sort] = (),
        limit: int = 100,
        after: str | None = None,
        extra: Sequence[ColumnElement[bool]] = (),
        before: str | None = None,
    ) -> Page[T]:
        if after is not None and before is not None:
            raise SearchError("Expected at most one of after and before, but got both")
        if not 1 <= limit <= MAX_LIMIT:
            raise SearchError(f"Expected a limit in 1..{MAX_LIMIT}, but got {limit}")
        where = list(extra)
        for name, value in (filter or {}).items():
            column = self.filters.get(name)
            if column is None:
                raise SearchError(
                    f"Expected a filter field ({', '.join(sorted(self.filters))}), but got {name!r}"
                )
            where.append(condition(column, name, value))
        keys: list[tuple[ColumnElement[Any], Order]] = []
        for item in sort:
            column = self.sorts.get(item.field)
            if column is None:
                raise SearchError(
                    f"Expected a sort field ({', '.join(sorted(self.sorts))}), "
                    f"but got {item.field!r}"
                )
            if item.order not in ("ASC", "DESC"):
                raise SearchError(f"Expected ASC or DESC, but got {item.order!r}")
            keys.append((column, item.order))
        keys.append((self.key, "ASC"))
        labels = [f"_sort{i}" for i in range(len(keys))]
        base = self.query.where(*where)
        total = connection.execute(
            select(func.count()).select_from(base.order_by(None).subquery())
        ).scalar_one()
        # Paging backwards walks the reversed order from the cursor, then turns the page round.
        walk = [(c, _REVERSED[o]) for c, o in keys] if before is not None else keys
        page = base
        cursor = after if after is not None else before
        if cursor is not None:
            page = page.where(_after(walk, decode_cursor(cursor, len(keys))))
        page = page.add_columns(*(c.label(n) for (c, _), n in zip(keys, labels, strict=True)))
        page = page.order_by(*(c.asc() if o == "ASC" else c.desc() for c, o in walk))
        rows = list(connection.execute(page.limit(limit)).mappings().all())
        if before is not None:
            rows.reverse()
        items = [self.build(row) for row in rows]
        cursors = [encode_cursor([row[n] for n in labels]) for row in rows]
        return Page(
            items=items,
            total=total,
            start_cursor=cursors[0] if cursors else None,
            end_cursor=cursors[-1] if cursors else None,
        )
