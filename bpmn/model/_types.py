"""The vocabulary of element and event kinds, named as Zeebe's records name them.

Exporters and clients read these names in records (``bpmnElementType``, ``bpmnEventType``), so the
member names are Zeebe's exactly.
"""

from __future__ import annotations

from enum import Enum


class BpmnElementType(Enum):
    """What kind of element an element is; one member per kind Baton executes."""

    PROCESS = "PROCESS"
    SUB_PROCESS = "SUB_PROCESS"
    EVENT_SUB_PROCESS = "EVENT_SUB_PROCESS"
    AD_HOC_SUB_PROCESS = "AD_HOC_SUB_PROCESS"
    START_EVENT = "START_EVENT"
    INTERMEDIATE_CATCH_EVENT = "INTERMEDIATE_CATCH_EVENT"
    INTERMEDIATE_THROW_EVENT = "INTERMEDIATE_THROW_EVENT"
    BOUNDARY_EVENT = "BOUNDARY_EVENT"
    END_EVENT = "END_EVENT"
    SERVICE_TASK = "SERVICE_TASK"
    RECEIVE_TASK = "RECEIVE_TASK"
    USER_TASK = "USER_TASK"
    MANUAL_TASK = "MANUAL_TASK"
    TASK = "TASK"
    SCRIPT_TASK = "SCRIPT_TASK"
    SEND_TASK = "SEND_TASK"
    BUSINESS_RULE_TASK = "BUSINESS_RULE_TASK"
    CALL_ACTIVITY = "CALL_ACTIVITY"
    EXCLUSIVE_GATEWAY = "EXCLUSIVE_GATEWAY"
    PARALLEL_GATEWAY = "PARALLEL_GATEWAY"
    INCLUSIVE_GATEWAY = "INCLUSIVE_GATEWAY"
    EVENT_BASED_GATEWAY = "EVENT_BASED_GATEWAY"
    SEQUENCE_FLOW = "SEQUENCE_FLOW"
    # Not an XML element: the engine wraps a multi-instance activity in a body of this type.
    MULTI_INSTANCE_BODY = "MULTI_INSTANCE_BODY"


class BpmnEventType(Enum):
    """Which trigger an event has; UNSPECIFIED is a none event (no event definition)."""

    UNSPECIFIED = "UNSPECIFIED"
    MESSAGE = "MESSAGE"
    TIMER = "TIMER"
    ERROR = "ERROR"
    SIGNAL = "SIGNAL"
    ESCALATION = "ESCALATION"
    COMPENSATION = "COMPENSATION"
    CONDITIONAL = "CONDITIONAL"
    LINK = "LINK"
    TERMINATE = "TERMINATE"


class TimerKind(Enum):
    """Which child of ``bpmn:timerEventDefinition`` holds the timer's expression."""

    DATE = "timeDate"
    DURATION = "timeDuration"
    CYCLE = "timeCycle"


class ListenerEventType(Enum):
    """When a ``zeebe:executionListener`` runs."""

    START = "start"
    END = "end"
