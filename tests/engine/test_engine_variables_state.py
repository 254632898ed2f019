"""The variable store: values stay JSON text, lookups walk the scope tree."""

from __future__ import annotations

import json

from engine.state import InMemoryKeyValueStore, Variable, Variables


def _tree() -> Variables:
    variables = Variables(InMemoryKeyValueStore())
    variables.set_parent(2, 1)
    variables.set_parent(3, 2)
    variables.set_parent(1, -1)  # a root: no link
    variables.put(1, "order", 100, b'{"id":7}')
    variables.put(1, "total", 101, b"10")
    variables.put(2, "total", 102, b"12.5")
    variables.put(3, "item", 103, b'"pen"')
    return variables


def test_nearest_definition_wins() -> None:
    variables = _tree()
    assert variables.parent_of(3) == 2
    assert variables.parent_of(1) == -1
    assert variables.get(3, "total") is None
    assert variables.find(3, "total") == (2, Variable(102, b"12.5"))
    assert variables.find(3, "order") == (1, Variable(100, b'{"id":7}'))
    assert variables.find(3, "missing") is None
    found = variables.find(3, "order")
    assert found is not None and found[1].decoded() == {"id": 7}


def test_documents_are_spliced_from_stored_json() -> None:
    variables = _tree()
    assert json.loads(variables.document(3)) == {"order": {"id": 7}, "total": 12.5, "item": "pen"}
    assert json.loads(variables.document(3, ["total", "nope"])) == {"total": 12.5}
    assert variables.document(1, []) == b"{}"
    assert [name for name, _ in variables.local(1)] == ["order", "total"]


def test_updates_keep_the_key_and_removing_a_scope_drops_it() -> None:
    variables = _tree()
    variables.put(2, "total", 102, b"13")
    assert variables.get(2, "total") == Variable(102, b"13")
    variables.remove_scope(2)
    assert variables.find(3, "total") is None  # the link through 2 is gone too
    assert list(variables.local(2)) == []
