"""The public surface of bpmn.dmn: sorted, complete, and nothing private."""

from __future__ import annotations

import bpmn.dmn


def test_all_is_sorted_and_exported() -> None:
    names = bpmn.dmn.__all__
    assert names == sorted(names, key=lambda n: (not n.isupper(), n))
    for name in names:
        assert hasattr(bpmn.dmn, name), name
        assert not name.startswith("_")


def test_all_lists_every_public_name() -> None:
    public = {
        name
        for name, value in vars(bpmn.dmn).items()
        if not name.startswith("_") and getattr(value, "__module__", "").startswith("bpmn.dmn")
    }
    assert public <= set(bpmn.dmn.__all__)
