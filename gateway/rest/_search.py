"""The shape every `POST /v2/<resource>/search` shares, and its translation to the read model.

    {"filter": {"state": "ACTIVE", "processInstanceKey": {"$in": ["2251799813685251"]}},
     "sort": [{"field": "startDate", "order": "DESC"}],
     "page": {"limit": 20, "after": "<endCursor of the previous page>"}}
    -> {"items": [...], "page": {"totalItems": 42, "startCursor": "...", "endCursor": "..."}}

A filter value is a plain value (equality) or an object of operators (`$eq`, `$neq`,
`$exists`, `$in`, `$notIn`, `$like`, `$gt`, `$gte`, `$lt`, `$lte`), as Camunda's advanced
filters. Each resource declares its fields (`Field`): the v2 name, the read model's column,
and how values convert (keys are strings in JSON, dates ISO 8601; the read model keeps
integers and epoch milliseconds). Unknown fields and operators are 400s naming them.
Pagination is the read model's keyset cursor; `before` (paging backwards) is not offered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from broker.exporters.sql import Page, Sort

from ..errors import invalid_argument
from ._fields import epoch_ms

Kind = Literal["key", "text", "int", "bool", "date"]


@dataclass(frozen=True, slots=True)
class SearchField:
    column: str  # the read model's field
    kind: Kind = "text"
    sortable: bool = True


class SortRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    field: str = Field(max_length=100)
    order: Literal["ASC", "DESC", "asc", "desc"] = "ASC"


class PageRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    limit: int = Field(default=100, ge=1, le=10_000)
    after: str | None = Field(default=None, max_length=4096)


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    filter: dict[str, Any] | None = None
    sort: list[SortRequest] | None = Field(default=None, max_length=10)
    page: PageRequest | None = None


class PageResponse(BaseModel):
    totalItems: int
    startCursor: str | None = None
    endCursor: str | None = None


_OPERATORS = {"$eq", "$neq", "$exists", "$in", "$notIn", "$like", "$gt", "$gte", "$lt", "$lte"}


def _convert(value: Any, kind: Kind, name: str) -> Any:
    if value is None:
        return None
    if kind == "key":
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 19:
            return int(value)
        raise invalid_argument(f"Expected filter '{name}' to be a key, but got {value!r:.60}")
    if kind == "int":
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**63:
            return value
        raise invalid_argument(f"Expected filter '{name}' to be an integer, but got {value!r:.60}")
    if kind == "bool":
        if isinstance(value, bool):
            return value
        raise invalid_argument(f"Expected filter '{name}' to be a boolean, but got {value!r:.60}")
    if kind == "date":
        return epoch_ms(value, name)
    if isinstance(value, str) and len(value) <= 10_000:
        return value
    raise invalid_argument(f"Expected filter '{name}' to be a string, but got {value!r:.60}")


def _operand(op: str, operand: Any, kind: Kind, name: str) -> Any:
    if op not in _OPERATORS:
        raise invalid_argument(
            f"Expected a filter operator for '{name}' ({', '.join(sorted(_OPERATORS))}), "
            f"but got {op!r:.60}"
        )
    if op == "$exists":
        if not isinstance(operand, bool):
            raise invalid_argument(f"Expected '{name}.$exists' to be a boolean")
        return operand
    if op in ("$in", "$notIn"):
        if not isinstance(operand, list) or len(operand) > 1000:
            raise invalid_argument(f"Expected '{name}.{op}' to be a list of at most 1000 values")
        return [_convert(v, kind, name) for v in operand]
    if op == "$like":
        if not isinstance(operand, str) or kind != "text":
            raise invalid_argument(f"Expected '{name}.$like' on a text field, with a string")
        return operand
    return _convert(operand, kind, name)


def read_model_filter(
    fields: Mapping[str, SearchField], filter: Mapping[str, Any] | None
) -> dict[str, Any]:
    converted: dict[str, Any] = {}
    for name, value in (filter or {}).items():
        field = fields.get(name)
        if field is None:
            raise invalid_argument(
                f"Expected a filter field ({', '.join(sorted(fields))}), but got {name!r:.60}"
            )
        if isinstance(value, dict):
            if not value:
                raise invalid_argument(f"Expected at least one operator for filter '{name}'")
            converted[field.column] = {
                op: _operand(op, operand, field.kind, name) for op, operand in value.items()
            }
        else:
            converted[field.column] = _convert(value, field.kind, name)
    return converted


def read_model_sort(
    fields: Mapping[str, SearchField], sort: list[SortRequest] | None
) -> list[Sort]:
    result = []
    for item in sort or []:
        field = fields.get(item.field)
        if field is None or not field.sortable:
            sortable = sorted(n for n, f in fields.items() if f.sortable)
            raise invalid_argument(
                f"Expected a sort field ({', '.join(sortable)}), but got {item.field!r:.60}"
            )
        order: Literal["ASC", "DESC"] = "DESC" if item.order.upper() == "DESC" else "ASC"
        result.append(Sort(field.column, order))
    return result


@dataclass(frozen=True)
class SearchQuery:
    filter: dict[str, Any]
    sort: list[Sort]
    limit: int
    after: str | None


def search_query(
    fields: Mapping[str, SearchField],
    request: SearchRequest | None,
    extra_filter: Mapping[str, Any] | None = None,
) -> SearchQuery:
    request = request or SearchRequest()
    page = request.page or PageRequest()
    filter = read_model_filter(fields, request.filter)
    filter.update(extra_filter or {})
    return SearchQuery(filter, read_model_sort(fields, request.sort), page.limit, page.after)


def page_response(page: Page[Any], item: Callable[[Any], Any]) -> dict[str, Any]:
    return {
        "items": [item(i) for i in page.items],
        "page": PageResponse(
            totalItems=page.total, startCursor=page.start_cursor, endCursor=page.end_cursor
        ),
    }
