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


def test_every_record_value_and_store_is_exported() -> None:
    from engine.records.values import RecordValue

    def subclasses(cls: type) -> set[type]:
        return {c for sub in cls.__subclasses__() for c in (sub, *subclasses(sub))}

    values = {c.__name__ for c in subclasses(RecordValue) if c.__module__.startswith("engine.")}
    assert values <= set(engine.records.values.__all__)
    stores = {
        "Processes",
        "ElementInstances",
        "Variables",
        "Jobs",
        "Incidents",
        "Decisions",
        "ProcessInstances",
        "UserTasks",
        "Forms",
        "Timers",
        "Messages",
        "Signals",
        "Compensations",
    }
    views = {f"{name}View" for name in stores}
    assert stores | views <= set(engine.state.__all__)


def test_the_engine_exports_what_the_broker_needs() -> None:
    for name in (
        "Engine",
        "ProcessingResult",
        "JobsAvailable",
        "SideEffect",
        "Rejection",
        "SendCommand",
        "subscription_partition",
    ):
        assert name in engine.__all__
