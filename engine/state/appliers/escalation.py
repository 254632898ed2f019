"""Appliers of ESCALATION events: they record what happened; the catcher's trigger (written
beside them) changes the state."""

from __future__ import annotations

from ...records.intents import EscalationIntent
from ...records.values import EscalationRecordValue
from ..engine_state import EngineState
from ._types import AppliersTable


def escalated(state: EngineState, key: int, value: EscalationRecordValue) -> None:
    pass


def not_escalated(state: EngineState, key: int, value: EscalationRecordValue) -> None:
    pass


APPLIERS: AppliersTable = {
    (EscalationIntent.ESCALATED, 1): escalated,
    (EscalationIntent.NOT_ESCALATED, 1): not_escalated,
}
