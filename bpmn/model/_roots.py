"""Root elements that events refer to (``bpmn:message``, ``signal``, ``error``, ``escalation``),
and the event definitions that resolve those references."""

from __future__ import annotations

from dataclasses import dataclass

from ._extensions import Expression
from ._types import BpmnEventType, TimerKind


@dataclass(frozen=True, slots=True, kw_only=True)
class Message:
    """``bpmn:message``; ``correlation_key`` comes from its ``zeebe:subscription``."""

    id: str
    name: Expression | None
    correlation_key: Expression | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Signal:
    id: str
    name: Expression | None
    line: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Error:
    """``bpmn:error``. A catch event without one catches every error."""

    id: str
    name: str | None
    error_code: Expression | None
    line: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Escalation:
    id: str
    name: str | None
    escalation_code: Expression | None
    line: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageDefinition:
    message: Message | None
    event_type = BpmnEventType.MESSAGE


@dataclass(frozen=True, slots=True, kw_only=True)
class TimerDefinition:
    kind: TimerKind
    expression: Expression
    event_type = BpmnEventType.TIMER


@dataclass(frozen=True, slots=True, kw_only=True)
class SignalDefinition:
    signal: Signal | None
    event_type = BpmnEventType.SIGNAL


@dataclass(frozen=True, slots=True, kw_only=True)
class ErrorDefinition:
    """``error`` is None on a catch-all error boundary or event subprocess start."""

    error: Error | None
    event_type = BpmnEventType.ERROR


@dataclass(frozen=True, slots=True, kw_only=True)
class EscalationDefinition:
    """``escalation`` is None on a catch-all escalation boundary or event subprocess start."""

    escalation: Escalation | None
    event_type = BpmnEventType.ESCALATION


@dataclass(frozen=True, slots=True, kw_only=True)
class CompensationDefinition:
    """A compensation throw names the activity to compensate (None: the whole scope)."""

    activity_id: str | None = None
    wait_for_completion: bool = True
    event_type = BpmnEventType.COMPENSATION


@dataclass(frozen=True, slots=True, kw_only=True)
class ConditionalDefinition:
    condition: Expression | None
    variable_names: tuple[str, ...] = ()
    variable_events: tuple[str, ...] = ()
    event_type = BpmnEventType.CONDITIONAL


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkDefinition:
    name: str
    event_type = BpmnEventType.LINK


@dataclass(frozen=True, slots=True, kw_only=True)
class TerminateDefinition:
    event_type = BpmnEventType.TERMINATE


EventDefinition = (
    MessageDefinition
    | TimerDefinition
    | SignalDefinition
    | ErrorDefinition
    | EscalationDefinition
    | CompensationDefinition
    | ConditionalDefinition
    | LinkDefinition
    | TerminateDefinition
)
