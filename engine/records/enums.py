"""The record vocabulary shared by every value type: record, value, rejection and error kinds.

Member names are Zeebe's exactly, and every member's value is its own name, so msgspec writes the
same string to MessagePack and to exporter JSON (`"valueType": "PROCESS_INSTANCE"`). Zeebe's
numeric codes are not kept: Baton's log stores names, which survive reordering and retirement.
"""

from __future__ import annotations

from enum import Enum, auto
from typing import Any


class ZeebeEnum(Enum):
    """An enum whose `auto()` values are the member names (Zeebe's wire spelling)."""

    @staticmethod
    def _generate_next_value_(name: str, start: int, count: int, last_values: list[Any]) -> str:
        return name


class RecordType(ZeebeEnum):
    """What a record is: a request to change state, a state change, or a refused request."""

    EVENT = auto()
    COMMAND = auto()
    COMMAND_REJECTION = auto()


class ValueType(ZeebeEnum):
    """Which kind of value a record carries; selects the value struct and the intent enum."""

    JOB = auto()
    DEPLOYMENT = auto()
    PROCESS_INSTANCE = auto()
    INCIDENT = auto()
    MESSAGE = auto()
    MESSAGE_SUBSCRIPTION = auto()
    PROCESS_MESSAGE_SUBSCRIPTION = auto()
    JOB_BATCH = auto()
    TIMER = auto()
    MESSAGE_START_EVENT_SUBSCRIPTION = auto()
    VARIABLE = auto()
    VARIABLE_DOCUMENT = auto()
    PROCESS_INSTANCE_CREATION = auto()
    ERROR = auto()
    PROCESS_INSTANCE_RESULT = auto()
    PROCESS = auto()
    PROCESS_EVENT = auto()
    DECISION = auto()
    DECISION_REQUIREMENTS = auto()
    DECISION_EVALUATION = auto()
    PROCESS_INSTANCE_MODIFICATION = auto()
    ESCALATION = auto()
    SIGNAL_SUBSCRIPTION = auto()
    SIGNAL = auto()
    RESOURCE_DELETION = auto()
    COMMAND_DISTRIBUTION = auto()
    PROCESS_INSTANCE_BATCH = auto()
    MESSAGE_BATCH = auto()
    FORM = auto()
    USER_TASK = auto()
    PROCESS_INSTANCE_MIGRATION = auto()
    COMPENSATION_SUBSCRIPTION = auto()
    MESSAGE_CORRELATION = auto()
    CLOCK = auto()


class RejectionType(ZeebeEnum):
    """Why a command was refused; NULL_VAL on every record that is not a rejection."""

    NULL_VAL = auto()
    INVALID_ARGUMENT = auto()
    NOT_FOUND = auto()
    ALREADY_EXISTS = auto()
    INVALID_STATE = auto()
    PROCESSING_ERROR = auto()
    EXCEEDED_BATCH_RECORD_SIZE = auto()
    UNAUTHORIZED = auto()
    FORBIDDEN = auto()


class ErrorType(ZeebeEnum):
    """What kind of failure an incident records."""

    UNKNOWN = auto()
    IO_MAPPING_ERROR = auto()
    JOB_NO_RETRIES = auto()
    EXECUTION_LISTENER_NO_RETRIES = auto()
    TASK_LISTENER_NO_RETRIES = auto()
    CONDITION_ERROR = auto()
    EXTRACT_VALUE_ERROR = auto()
    CALLED_ELEMENT_ERROR = auto()
    UNHANDLED_ERROR_EVENT = auto()
    MESSAGE_SIZE_EXCEEDED = auto()
    CALLED_DECISION_ERROR = auto()
    DECISION_EVALUATION_ERROR = auto()
    FORM_NOT_FOUND = auto()
    RESOURCE_NOT_FOUND = auto()


class JobKind(ZeebeEnum):
    """Who a job works for: a BPMN element, or a listener on one."""

    BPMN_ELEMENT = auto()
    EXECUTION_LISTENER = auto()
    TASK_LISTENER = auto()


class JobListenerEventType(ZeebeEnum):
    """For a listener job, the lifecycle moment it listens to; UNSPECIFIED for element jobs."""

    UNSPECIFIED = auto()
    START = auto()
    END = auto()
    CREATING = auto()
    ASSIGNING = auto()
    UPDATING = auto()
    COMPLETING = auto()
    CANCELING = auto()


class VariableDocumentUpdateSemantic(ZeebeEnum):
    """How a set-variables command writes: into the given scope only, or up to where defined."""

    LOCAL = auto()
    PROPAGATE = auto()
