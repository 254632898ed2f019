"""Event appliers: the only code that changes engine state.

Each domain module ends with an `APPLIERS` table keyed by (intent, record version); `EventAppliers`
merges them (a duplicate is a bug, found at start-up) and applies one event at a time, live
(`RecordWriter.event`) and on replay alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...records.enums import ZeebeEnum
from ...records.record import Record
from ..engine_state import EngineState
from . import (
    compensation,
    deployment,
    escalation,
    incident,
    job,
    message,
    process_instance,
    signal,
    timer,
    user_task,
    variable,
)
from ._types import Applier, AppliersTable

_TABLES: tuple[AppliersTable, ...] = (
    deployment.APPLIERS,
    process_instance.APPLIERS,
    job.APPLIERS,
    variable.APPLIERS,
    incident.APPLIERS,
    user_task.APPLIERS,
    timer.APPLIERS,
    message.APPLIERS,
    signal.APPLIERS,
    escalation.APPLIERS,
    compensation.APPLIERS,
)


def merge_appliers(tables: tuple[AppliersTable, ...]) -> dict[tuple[ZeebeEnum, int], Applier]:
    merged: dict[tuple[ZeebeEnum, int], Applier] = {}
    for table in tables:
        for entry, applier in table.items():
            if entry in merged:
                raise ValueError(f"Expected one applier for {entry}, but found two")
            merged[entry] = applier
    return merged


APPLIERS: Mapping[tuple[ZeebeEnum, int], Applier] = merge_appliers(_TABLES)


class MissingApplier(LookupError):
    """An event has no applier for its intent and version: it cannot change state."""


class EventAppliers:
    """Applies events to one `EngineState`."""

    def __init__(self, state: EngineState) -> None:
        self._state = state
        # Keyed by the intent member's identity: members are singletons, and an enum's hash
        # is a Python-level call on the hottest path there is.
        self._appliers = {(id(intent), version): f for (intent, version), f in APPLIERS.items()}

    def apply(self, record: Record[Any], *, observe_key: bool = True) -> None:
        """Apply one EVENT record. On replay the key generator learns its key (so the counter
        is restored); live, the writer passes `observe_key=False`: the key was drawn from that
        same generator, so observing it would change nothing."""
        applier = self._appliers.get((id(record.intent), record.record_version))
        if applier is None:
            raise MissingApplier(
                f"Expected an applier for {record.value_type.name} {record.intent.name} "
                f"version {record.record_version}, but found none"
            )
        if observe_key:
            self._state.keys.observe(record.key)
        applier(self._state, record.key, record.value)


__all__ = ["APPLIERS", "Applier", "EventAppliers", "MissingApplier", "merge_appliers"]
