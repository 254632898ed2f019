"""Context built-ins: nested paths, order of keys, no mutation of the arguments."""

from __future__ import annotations

from decimal import Decimal as D

from bpmn import feel
from tests.bpmn.feel.builtin_calls import NOW, call, fails

NESTED = {"x": {"y": {"z": D(1)}}}


def test_get_value_by_key_or_path() -> None:
    assert call("get value", {"foo": D(123)}, "foo") == D(123)
    assert call("get value", {}, "foo") is None
    assert call("get value", NESTED, ["x", "y", "z"]) == D(1)
    assert call("get value", NESTED, ["x", "z"]) is None
    fails("get value", NESTED, [])
    fails("get value", NESTED, ["1", D(2)])
    fails("get value", [], "a")


def test_get_entries_keeps_order() -> None:
    entries = call("get entries", {"c": D(1), "a": D(2)})
    assert entries == [{"key": "c", "value": D(1)}, {"key": "a", "value": D(2)}]


def test_context_put_copies_and_nests() -> None:
    original = {"x": D(1), "a": {"b": {"c": D(1)}}}
    result = call("context put", original, ["a", "b", "d"], D(2))
    assert result == {"x": D(1), "a": {"b": {"c": D(1), "d": D(2)}}}
    assert original == {"x": D(1), "a": {"b": {"c": D(1)}}}
    assert list(call("context put", {"c": D(1), "b": D(2)}, "c", D(9))) == ["c", "b"]
    assert call("context put", {"x": D(1), "y": D(2)}, ["y", "z"], D(2)) == {
        "x": D(1),
        "y": {"z": D(2)},
    }
    assert call("put", {}, "x", None) == {"x": None}
    fails("context put", {"x": D(1)}, [], D(2))
    fails("context put", {"x": D(1)}, None, D(2))


def test_context_merge_later_wins() -> None:
    assert call("context merge", {"x": D(1)}, {"x": D(2), "y": D(3)}) == {"x": D(2), "y": D(3)}
    assert call("context merge", [{"x": D(1)}, {"y": D(2)}]) == {"x": D(1), "y": D(2)}
    assert call("context merge", {}) == {}
    assert call("put all", {"a": D(1)}) == {"a": D(1)}
    fails("context merge", {}, D(1))


def test_context_from_entries() -> None:
    assert call("context", []) == {}
    entries = [{"key": "a", "value": D(1)}, {"key": "a", "value": D(2)}]
    assert call("context", entries) == {"a": D(2)}
    fails("context", [{"key": "a", "value": D(1)}, "x"])
    fails("context", [{"value": D(2)}])
    fails("context", [{"key": "b"}])
    fails("context", [{"key": D(2), "value": D(2)}])


def test_through_evaluate() -> None:
    assert feel.evaluate('get entries(context put({a: 1}, "b", 2)).key', now=NOW) == ["a", "b"]
    assert feel.evaluate("context(get entries({a:1})) = {a:1}", now=NOW) is True
    assert feel.evaluate('get value(m: {foo: 1}, key: "foo")', now=NOW) == D(1)
