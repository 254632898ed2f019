"""Root elements that events refer to (``bpmn:message``, ``signal``, ``error``, ``escalation``),
and the event definitions that resolve those references."""

from __future__ import annotations

from dataclasses import dataclass

from ._extensions import Expression
from ._types import BpmnEventType, TimerKind

_frozen = dataclass(frozen=True, slots=True, kw_only=True)


@_frozen
class Message:
    """``bpmn:message``; ``correlation_key`` comes from its ``zeebe:subscription``."""

    id: str
    name: Expression | None
    correlation_key: Expression | None = None
    line: int | None = None


@_frozen
class Signal:
    id: str
    name: Expression | None
    line: int | None = None


@_frozen
class Error:
    """``bpmn:error``. A catch event without one catches every error."""

    id: str
    name: str | None
    error_code: Expression | None
    line: int | None = None


@_frozen
class Escalation:
    id: str
    name: str | None
    escalation_code: Expression | None
    line: int | None = None


@_frozen
class MessageDefinition:
    message: Message | None
    event_type = BpmnEventType.MESSAGE


@_frozen
class TimerDefinition:
    kind: TimerKind
    expression: Expression
    event_type = BpmnEventType.TIMER


@_frozen
class SignalDefinition:
    signal: Signal | None
    event_type = BpmnEventType.SIGNAL


@_frozen
class ErrorDefinition:
    """``error`` is None on a catch-all error boundary or event subprocess start."""

    error: Error | None
    event_type = BpmnEventType.ERROR


@_frozen
class EscalationDefinition:
    """``escalation`` is None on a catch-all escalation boundary or event subprocess start."""

    escalation: Escalation | None
    event_type = BpmnEventType.ESCALATION


@_frozen
class CompensationDefinition:
    """A compensation throw names the activity to compensate (None: the whole scope)."""

    activity_id: str | None = None
    wait_for_completion: bool = True
    event_type = BpmnEventType.COMPENSATION


@_frozen
class ConditionalDefinition:
    condition: Expression | None
    variable_names: tuple[str, ...] = ()
    variable_events: tuple[str, ...] = ()
    event_type = BpmnEventType.CONDITIONAL


@_frozen
class LinkDefinition:
    name: str
    event_type = BpmnEventType.LINK


@_frozen
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
