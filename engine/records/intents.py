"""Intents: what a record asks for (commands, imperative) or reports (events, past tense).

One enum per value type, with Zeebe's member names. A member's value is its name (see
`ZeebeEnum`), so the same intent string appears in the log and in exporter JSON. Which enum a
record's intent belongs to is decided by the record's value type (`engine.records.registry`).
"""

from __future__ import annotations

from enum import auto

from .enums import ZeebeEnum


class DeploymentIntent(ZeebeEnum):
    CREATE = auto()
    CREATED = auto()
    # Zeebe keeps these three (superseded by command distribution in 8.3) for old logs.
    DISTRIBUTE = auto()
    DISTRIBUTED = auto()
    FULLY_DISTRIBUTED = auto()


class ProcessIntent(ZeebeEnum):
    CREATED = auto()
    DELETING = auto()
    DELETED = auto()


class DecisionIntent(ZeebeEnum):
    CREATED = auto()
    DELETED = auto()


class DecisionRequirementsIntent(ZeebeEnum):
    CREATED = auto()
    DELETED = auto()


class FormIntent(ZeebeEnum):
    CREATED = auto()
    DELETED = auto()


class ResourceDeletionIntent(ZeebeEnum):
    DELETE = auto()
    DELETING = auto()
    DELETED = auto()


class CommandDistributionIntent(ZeebeEnum):
    STARTED = auto()
    DISTRIBUTING = auto()
    ACKNOWLEDGE = auto()
    ACKNOWLEDGED = auto()
    FINISHED = auto()
    ENQUEUED = auto()
    CONTINUATION_REQUESTED = auto()
    CONTINUATION_COMPLETED = auto()
    FINISH = auto()


class ProcessInstanceIntent(ZeebeEnum):
    """The element lifecycle: commands drive it, events record each step."""

    CANCEL = auto()
    SEQUENCE_FLOW_TAKEN = auto()
    ELEMENT_ACTIVATING = auto()
    ELEMENT_ACTIVATED = auto()
    ELEMENT_COMPLETING = auto()
    ELEMENT_COMPLETED = auto()
    ELEMENT_TERMINATING = auto()
    ELEMENT_TERMINATED = auto()
    ACTIVATE_ELEMENT = auto()
    COMPLETE_ELEMENT = auto()
    TERMINATE_ELEMENT = auto()
    ELEMENT_MIGRATED = auto()
    COMPLETE_EXECUTION_LISTENER = auto()
    ANCESTOR_MIGRATED = auto()


class ProcessInstanceCreationIntent(ZeebeEnum):
    CREATE = auto()
    CREATED = auto()
    CREATE_WITH_AWAITING_RESULT = auto()


class ProcessInstanceModificationIntent(ZeebeEnum):
    MODIFY = auto()
    MODIFIED = auto()


class ProcessInstanceMigrationIntent(ZeebeEnum):
    MIGRATE = auto()
    MIGRATED = auto()


class ProcessInstanceResultIntent(ZeebeEnum):
    COMPLETED = auto()


class ProcessInstanceBatchIntent(ZeebeEnum):
    ACTIVATE = auto()
    ACTIVATED = auto()
    TERMINATE = auto()
    TERMINATED = auto()


class ProcessEventIntent(ZeebeEnum):
    TRIGGERING = auto()
    TRIGGERED = auto()


class JobIntent(ZeebeEnum):
    CREATED = auto()
    COMPLETE = auto()
    COMPLETED = auto()
    TIME_OUT = auto()
    TIMED_OUT = auto()
    FAIL = auto()
    FAILED = auto()
    UPDATE_RETRIES = auto()
    RETRIES_UPDATED = auto()
    # Zeebe deprecated CANCEL in 8.0.2 (jobs are canceled as a side effect); kept for old logs.
    CANCEL = auto()
    CANCELED = auto()
    THROW_ERROR = auto()
    ERROR_THROWN = auto()
    RECUR_AFTER_BACKOFF = auto()
    RECURRED_AFTER_BACKOFF = auto()
    YIELD = auto()
    YIELDED = auto()
    UPDATE_TIMEOUT = auto()
    TIMEOUT_UPDATED = auto()
    MIGRATED = auto()


class JobBatchIntent(ZeebeEnum):
    ACTIVATE = auto()
    ACTIVATED = auto()


class VariableIntent(ZeebeEnum):
    CREATED = auto()
    UPDATED = auto()
    MIGRATED = auto()


class VariableDocumentIntent(ZeebeEnum):
    UPDATE = auto()
    UPDATED = auto()
    UPDATING = auto()
    UPDATE_DENIED = auto()


class IncidentIntent(ZeebeEnum):
    CREATED = auto()
    RESOLVE = auto()
    RESOLVED = auto()
    MIGRATED = auto()


class UserTaskIntent(ZeebeEnum):
    """The Camunda user task lifecycle; unclaiming is an ASSIGN with an empty assignee."""

    CREATING = auto()
    CREATED = auto()
    COMPLETE = auto()
    COMPLETING = auto()
    COMPLETED = auto()
    CANCELING = auto()
    CANCELED = auto()
    ASSIGN = auto()
    ASSIGNING = auto()
    ASSIGNED = auto()
    CLAIM = auto()
    CLAIMING = auto()
    UPDATE = auto()
    UPDATING = auto()
    UPDATED = auto()
    MIGRATED = auto()
    # Task listeners (Camunda 8.7+): a listener job completes or denies the pending transition.
    COMPLETE_TASK_LISTENER = auto()
    DENY_TASK_LISTENER = auto()
    CORRECTED = auto()
    COMPLETION_DENIED = auto()
    ASSIGNMENT_DENIED = auto()
    UPDATE_DENIED = auto()


class MessageIntent(ZeebeEnum):
    PUBLISH = auto()
    PUBLISHED = auto()
    EXPIRE = auto()
    EXPIRED = auto()


class MessageBatchIntent(ZeebeEnum):
    EXPIRE = auto()


class MessageSubscriptionIntent(ZeebeEnum):
    CREATE = auto()
    CREATED = auto()
    CORRELATING = auto()
    CORRELATE = auto()
    CORRELATED = auto()
    REJECT = auto()
    REJECTED = auto()
    DELETE = auto()
    DELETED = auto()
    MIGRATE = auto()
    MIGRATED = auto()


class ProcessMessageSubscriptionIntent(ZeebeEnum):
    CREATING = auto()
    CREATE = auto()
    CREATED = auto()
    CORRELATE = auto()
    CORRELATED = auto()
    DELETING = auto()
    DELETE = auto()
    DELETED = auto()
    MIGRATED = auto()


class MessageStartEventSubscriptionIntent(ZeebeEnum):
    CREATED = auto()
    CORRELATED = auto()
    DELETED = auto()


class MessageCorrelationIntent(ZeebeEnum):
    CORRELATE = auto()
    CORRELATED = auto()
    NOT_CORRELATED = auto()


class TimerIntent(ZeebeEnum):
    CREATED = auto()
    TRIGGER = auto()
    TRIGGERED = auto()
    CANCELED = auto()
    MIGRATED = auto()


class SignalIntent(ZeebeEnum):
    BROADCAST = auto()
    BROADCASTED = auto()


class SignalSubscriptionIntent(ZeebeEnum):
    CREATED = auto()
    DELETED = auto()


class EscalationIntent(ZeebeEnum):
    ESCALATED = auto()
    NOT_ESCALATED = auto()


class DecisionEvaluationIntent(ZeebeEnum):
    EVALUATE = auto()
    EVALUATED = auto()
    FAILED = auto()


class ErrorIntent(ZeebeEnum):
    CREATED = auto()


class CompensationSubscriptionIntent(ZeebeEnum):
    CREATED = auto()
    TRIGGERED = auto()
    COMPLETED = auto()
    DELETED = auto()
    MIGRATED = auto()


class ClockIntent(ZeebeEnum):
    PIN = auto()
    PINNED = auto()
    RESET = auto()
    RESETTED = auto()


# Any intent; a record's value type says which member of the union its intent is.
Intent = (
    DeploymentIntent
    | ProcessIntent
    | DecisionIntent
    | DecisionRequirementsIntent
    | FormIntent
    | ResourceDeletionIntent
    | CommandDistributionIntent
    | ProcessInstanceIntent
    | ProcessInstanceCreationIntent
    | ProcessInstanceModificationIntent
    | ProcessInstanceMigrationIntent
    | ProcessInstanceResultIntent
    | ProcessInstanceBatchIntent
    | ProcessEventIntent
    | JobIntent
    | JobBatchIntent
    | VariableIntent
    | VariableDocumentIntent
    | IncidentIntent
    | UserTaskIntent
    | MessageIntent
    | MessageBatchIntent
    | MessageSubscriptionIntent
    | ProcessMessageSubscriptionIntent
    | MessageStartEventSubscriptionIntent
    | MessageCorrelationIntent
    | TimerIntent
    | SignalIntent
    | SignalSubscriptionIntent
    | EscalationIntent
    | DecisionEvaluationIntent
    | ErrorIntent
    | CompensationSubscriptionIntent
    | ClockIntent
)
