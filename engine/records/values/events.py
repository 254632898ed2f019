"""Values of the other event triggers: timers, signals, escalations, compensation, the clock."""

from __future__ import annotations

from typing import Any

import msgspec

from ._base import DEFAULT_TENANT, RecordValue


class TimerRecordValue(RecordValue, frozen=True):
    """A timer due at `due_date` (epoch ms); `repetitions` is -1 for an unbounded cycle."""

    element_instance_key: int = -1
    process_instance_key: int = -1
    due_date: int = -1
    target_element_id: str = ""
    repetitions: int = -1
    process_definition_key: int = -1
    tenant_id: str = DEFAULT_TENANT


class SignalRecordValue(RecordValue, frozen=True):
    signal_name: str = ""
    variables: dict[str, Any] = msgspec.field(default_factory=dict)
    tenant_id: str = DEFAULT_TENANT


class SignalSubscriptionRecordValue(RecordValue, frozen=True):
    process_definition_key: int = -1
    signal_name: str = ""
    catch_event_id: str = ""
    bpmn_process_id: str = ""
    catch_event_instance_key: int = -1
    tenant_id: str = DEFAULT_TENANT


class EscalationRecordValue(RecordValue, frozen=True):
    process_instance_key: int = -1
    escalation_code: str = ""
    throw_element_id: str = ""
    catch_element_id: str = ""
    tenant_id: str = DEFAULT_TENANT


class CompensationSubscriptionRecordValue(RecordValue, frozen=True):
    tenant_id: str = DEFAULT_TENANT
    process_instance_key: int = -1
    process_definition_key: int = -1
    compensable_activity_id: str = ""
    throw_event_id: str = ""
    throw_event_instance_key: int = -1
    compensation_handler_id: str = ""
    compensation_handler_instance_key: int = -1
    compensable_activity_scope_key: int = -1
    compensable_activity_instance_key: int = -1
    variables: dict[str, Any] = msgspec.field(default_factory=dict)


class ClockRecordValue(RecordValue, frozen=True):
    """Pins the partition's clock at `time` (epoch ms), or resets it; used by tests."""

    time: int = 0
