"""`engine`'s public names: sorted, complete, importable."""

from __future__ import annotations

import engine
import engine.records
import engine.records.values
import engine.state


def test_all_lists_are_sorted_and_resolve() -> None:
    for module in (engine, engine.records, engine.records.values, engine.state):
        names = module.__all__
        assert names == sorted(names, key=lambda n: (not n.isupper(), not n[0].isupper(), n))
        for name in names:
            assert hasattr(module, name), f"{module.__name__}.{name}"
