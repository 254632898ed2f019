"""PROCESS_MESSAGE_SUBSCRIPTION commands, on the instance's partition (sent by the message
partition).

CREATE (acknowledges the opening): CREATING -> CREATED. A late or repeated one is rejected.
CORRELATE: the element instance must still be ACTIVATED and subscribed (not DELETING);
then CORRELATED, the event is triggered where it sits (`bpmn/triggers.py`, the message's
variables with it) and MESSAGE_SUBSCRIPTION CORRELATE acknowledges. Otherwise
MESSAGE_SUBSCRIPTION REJECT goes back, so the message may correlate elsewhere, and the
command is rejected.
DELETE (acknowledges the closing): DELETED.
"""

from __future__ import annotations

import msgspec

from ...records.enums import RejectionType
from ...records.intents import (
    MessageSubscriptionIntent,
    ProcessInstanceIntent,
    ProcessMessageSubscriptionIntent,
)
from ...records.record import Record
from ...records.values import (
    MessageSubscriptionRecordValue,
    ProcessMessageSubscriptionRecordValue,
)
from ..context import ProcessingContext
from ..errors import Rejection
from ..writer import RecordWriter

_P = ProcessMessageSubscriptionIntent


def _message_side(value: ProcessMessageSubscriptionRecordValue) -> MessageSubscriptionRecordValue:
    return MessageSubscriptionRecordValue(
        process_instance_key=value.process_instance_key,
        element_instance_key=value.element_instance_key,
        message_name=value.message_name,
        correlation_key=value.correlation_key,
        bpmn_process_id=value.bpmn_process_id,
        message_key=value.message_key,
        interrupting=value.interrupting,
        tenant_id=value.tenant_id,
    )


class CreateProcessMessageSubscription:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx

    def process(
        self, command: Record[ProcessMessageSubscriptionRecordValue], out: RecordWriter
    ) -> None:
        value = command.value
        stored = self._ctx.state.messages.process_subscription(
            value.element_instance_key, value.message_name
        )
        if stored is None or stored.state != "CREATING":
            raise Rejection(
                RejectionType.INVALID_STATE,
                f"Expected a subscription being opened for element instance "
                f"{value.element_instance_key} and message '{value.message_name}', but found "
                f"{'none' if stored is None else stored.state}",
            )
        out.event(stored.key, _P.CREATED, stored.value)


class CorrelateProcessMessageSubscription:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx

    def process(
        self, command: Record[ProcessMessageSubscriptionRecordValue], out: RecordWriter
    ) -> None:
        ctx, value = self._ctx, command.value
        stored = ctx.state.messages.process_subscription(
            value.element_instance_key, value.message_name
        )
        owner = ctx.state.element_instances.get(value.element_instance_key)
        partition = ctx.behaviours.messages.message_partition(value.correlation_key)
        if (
            stored is None
            or stored.state == "DELETING"
            or owner is None
            or owner.state is not ProcessInstanceIntent.ELEMENT_ACTIVATED
        ):
            out.send(partition, -1, MessageSubscriptionIntent.REJECT, _message_side(value))
            raise Rejection(
                RejectionType.INVALID_STATE,
                f"Expected to correlate a message to element instance "
                f"{value.element_instance_key}, but it no longer waits for "
                f"'{value.message_name}'",
            )
        correlated = msgspec.structs.replace(
            stored.value, message_key=value.message_key, variables=value.variables
        )
        out.event(stored.key, _P.CORRELATED, correlated)
        ctx.lifecycle.triggers.trigger(out, owner, stored.value.element_id, value.variables)
        out.send(partition, -1, MessageSubscriptionIntent.CORRELATE, _message_side(value))


class DeleteProcessMessageSubscription:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx

    def process(
        self, command: Record[ProcessMessageSubscriptionRecordValue], out: RecordWriter
    ) -> None:
        value = command.value
        stored = self._ctx.state.messages.process_subscription(
            value.element_instance_key, value.message_name
        )
        if stored is None or stored.state != "DELETING":
            raise Rejection(
                RejectionType.NOT_FOUND,
                f"Expected a subscription being closed for element instance "
                f"{value.element_instance_key} and message '{value.message_name}', but none",
            )
        out.event(stored.key, _P.DELETED, stored.value)
