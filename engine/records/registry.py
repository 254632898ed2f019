"""Which value struct and which intent enum belong to each value type.

One table, read-only: a value type added to `ValueType` must be added here, and the registry
test fails until it is.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import NamedTuple

from . import intents as i
from . import values as v
from .enums import ValueType, ZeebeEnum


class ValueTypeInfo(NamedTuple):
    value: type[v.RecordValue]
    intent: type[ZeebeEnum]


VALUE_TYPES: MappingProxyType[ValueType, ValueTypeInfo] = MappingProxyType(
    {
        ValueType.DEPLOYMENT: ValueTypeInfo(v.DeploymentRecordValue, i.DeploymentIntent),
        ValueType.PROCESS: ValueTypeInfo(v.ProcessRecordValue, i.ProcessIntent),
        ValueType.DECISION: ValueTypeInfo(v.DecisionRecordValue, i.DecisionIntent),
        ValueType.DECISION_REQUIREMENTS: ValueTypeInfo(
            v.DecisionRequirementsRecordValue, i.DecisionRequirementsIntent
        ),
        ValueType.FORM: ValueTypeInfo(v.FormRecordValue, i.FormIntent),
        ValueType.RESOURCE_DELETION: ValueTypeInfo(
            v.ResourceDeletionRecordValue, i.ResourceDeletionIntent
        ),
        ValueType.COMMAND_DISTRIBUTION: ValueTypeInfo(
            v.CommandDistributionRecordValue, i.CommandDistributionIntent
        ),
        ValueType.PROCESS_INSTANCE: ValueTypeInfo(
            v.ProcessInstanceRecordValue, i.ProcessInstanceIntent
        ),
        ValueType.PROCESS_INSTANCE_CREATION: ValueTypeInfo(
            v.ProcessInstanceCreationRecordValue, i.ProcessInstanceCreationIntent
        ),
        ValueType.PROCESS_INSTANCE_MODIFICATION: ValueTypeInfo(
            v.ProcessInstanceModificationRecordValue, i.ProcessInstanceModificationIntent
        ),
        ValueType.PROCESS_INSTANCE_MIGRATION: ValueTypeInfo(
            v.ProcessInstanceMigrationRecordValue, i.ProcessInstanceMigrationIntent
        ),
        ValueType.PROCESS_INSTANCE_RESULT: ValueTypeInfo(
            v.ProcessInstanceResultRecordValue, i.ProcessInstanceResultIntent
        ),
        ValueType.PROCESS_INSTANCE_BATCH: ValueTypeInfo(
            v.ProcessInstanceBatchRecordValue, i.ProcessInstanceBatchIntent
        ),
        ValueType.PROCESS_EVENT: ValueTypeInfo(v.ProcessEventRecordValue, i.ProcessEventIntent),
        ValueType.JOB: ValueTypeInfo(v.JobRecordValue, i.JobIntent),
        ValueType.JOB_BATCH: ValueTypeInfo(v.JobBatchRecordValue, i.JobBatchIntent),
        ValueType.VARIABLE: ValueTypeInfo(v.VariableRecordValue, i.VariableIntent),
        ValueType.VARIABLE_DOCUMENT: ValueTypeInfo(
            v.VariableDocumentRecordValue, i.VariableDocumentIntent
        ),
        ValueType.INCIDENT: ValueTypeInfo(v.IncidentRecordValue, i.IncidentIntent),
        ValueType.USER_TASK: ValueTypeInfo(v.UserTaskRecordValue, i.UserTaskIntent),
        ValueType.MESSAGE: ValueTypeInfo(v.MessageRecordValue, i.MessageIntent),
        ValueType.MESSAGE_BATCH: ValueTypeInfo(v.MessageBatchRecordValue, i.MessageBatchIntent),
        ValueType.MESSAGE_SUBSCRIPTION: ValueTypeInfo(
            v.MessageSubscriptionRecordValue, i.MessageSubscriptionIntent
        ),
        ValueType.PROCESS_MESSAGE_SUBSCRIPTION: ValueTypeInfo(
            v.ProcessMessageSubscriptionRecordValue, i.ProcessMessageSubscriptionIntent
        ),
        ValueType.MESSAGE_START_EVENT_SUBSCRIPTION: ValueTypeInfo(
            v.MessageStartEventSubscriptionRecordValue, i.MessageStartEventSubscriptionIntent
        ),
        ValueType.MESSAGE_CORRELATION: ValueTypeInfo(
            v.MessageCorrelationRecordValue, i.MessageCorrelationIntent
        ),
        ValueType.TIMER: ValueTypeInfo(v.TimerRecordValue, i.TimerIntent),
        ValueType.SIGNAL: ValueTypeInfo(v.SignalRecordValue, i.SignalIntent),
        ValueType.SIGNAL_SUBSCRIPTION: ValueTypeInfo(
            v.SignalSubscriptionRecordValue, i.SignalSubscriptionIntent
        ),
        ValueType.ESCALATION: ValueTypeInfo(v.EscalationRecordValue, i.EscalationIntent),
        ValueType.DECISION_EVALUATION: ValueTypeInfo(
            v.DecisionEvaluationRecordValue, i.DecisionEvaluationIntent
        ),
        ValueType.ERROR: ValueTypeInfo(v.ErrorRecordValue, i.ErrorIntent),
        ValueType.COMPENSATION_SUBSCRIPTION: ValueTypeInfo(
            v.CompensationSubscriptionRecordValue, i.CompensationSubscriptionIntent
        ),
        ValueType.CLOCK: ValueTypeInfo(v.ClockRecordValue, i.ClockIntent),
    }
)


_VALUE_TYPE_BY_CLASS: MappingProxyType[type[v.RecordValue], ValueType] = MappingProxyType(
    {info.value: value_type for value_type, info in VALUE_TYPES.items()}
)


def value_type_of(value: v.RecordValue) -> ValueType:
    """The value type whose struct `value` is; raises KeyError for a nested struct."""
    try:
        return _VALUE_TYPE_BY_CLASS[type(value)]
    except KeyError:
        raise KeyError(f"{type(value).__name__} is not the value of any value type") from None
