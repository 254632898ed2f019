"""Context functions. Contexts are dicts and keep their insertion order; nothing is mutated."""

from __future__ import annotations

from typing import Any

from .._values import EvalContext
from ._base import Builtin, context_of, fail, list_of, type_name
from ._collections import items_of


def _path(keys: object) -> list[str]:
    path = keys if isinstance(keys, list) else [keys]
    if not path or not all(isinstance(key, str) for key in path):
        fail(f"expected a key or a non-empty list of keys but found '{type_name(keys)}'")
    return [str(key) for key in path]


def get_value(ctx: EvalContext, context: object, keys: object) -> Any:
    value: Any = context_of(context)
    for key in _path(keys):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def get_entries(ctx: EvalContext, context: object) -> list[dict[str, Any]]:
    return [{"key": key, "value": value} for key, value in context_of(context).items()]


def _put(context: dict[str, Any], path: list[str], value: Any) -> dict[str, Any]:
    key, rest = path[0], path[1:]
    result = dict(context)
    if rest:
        inner = context.get(key)
        result[key] = _put(inner if isinstance(inner, dict) else {}, rest, value)
    else:
        result[key] = value
    return result


def context_put(ctx: EvalContext, context: object, keys: object, value: object) -> dict[str, Any]:
    return _put(context_of(context), _path(keys), value)


def context_merge(ctx: EvalContext, contexts: object) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for item in items_of(contexts):
        result.update(context_of(item))
    return result


def context(ctx: EvalContext, entries: object) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for entry in list_of(entries):
        if not isinstance(entry, dict) or "value" not in entry:
            fail("expected a list of contexts with 'key' and 'value' entries")
        key = entry.get("key")
        if not isinstance(key, str):
            fail(f"expected the key of an entry to be a string but found '{type_name(key)}'")
        result[key] = entry["value"]
    return result


BUILTINS = [
    Builtin("get value", ("context", "key"), get_value),
    Builtin("get value", ("m", "key"), get_value),
    Builtin("get value", ("context", "keys"), get_value),
    Builtin("get entries", ("context",), get_entries),
    Builtin("get entries", ("m",), get_entries),
    Builtin("context put", ("context", "key", "value"), context_put),
    Builtin("context put", ("context", "keys", "value"), context_put),
    Builtin("put", ("context", "key", "value"), context_put),
    Builtin("put", ("context", "keys", "value"), context_put),
    Builtin("context merge", ("contexts",), context_merge),
    Builtin("context merge", ("contexts",), context_merge, variadic=True),
    Builtin("put all", ("contexts",), context_merge),
    Builtin("put all", ("contexts",), context_merge, variadic=True),
    Builtin("context", ("entries",), context),
]
