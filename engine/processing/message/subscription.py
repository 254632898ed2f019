"""MESSAGE_SUBSCRIPTION commands, on the message partition (sent by the instance's).

CREATE: CREATED, the acknowledgement PROCESS_MESSAGE_SUBSCRIPTION CREATE sent back, then the
oldest buffered message that fits is correlated. A resent CREATE of an open subscription is
acknowledged again and changes nothing.
CORRELATE (the instance took the message): CORRELATED; an interrupting subscription ends.
REJECT (the instance could not take it: its element ended meanwhile): REJECTED, and the
buffered message goes to another waiting instance of that process, if one is open.
DELETE: DELETED and the acknowledgement PROCESS_MESSAGE_SUBSCRIPTION DELETE sent back (also
when it is gone already, so a resent DELETE is answered).
"""

from __future__ import annotations

import msgspec

from ...keys import partition_of
from ...records.enums import RejectionType
from ...records.intents import MessageSubscriptionIntent, ProcessMessageSubscriptionIntent
from ...records.record import Record
from ...records.values import (
    MessageSubscriptionRecordValue,
    ProcessMessageSubscriptionRecordValue,
)
from ..context import ProcessingContext
from ..errors import Rejection
from ..writer import RecordWriter
from .correlator import MessageCorrelator

_M = MessageSubscriptionIntent
_P = ProcessMessageSubscriptionIntent


def _process_side(value: MessageSubscriptionRecordValue) -> ProcessMessageSubscriptionRecordValue:
    return ProcessMessageSubscriptionRecordValue(
        process_instance_key=value.process_instance_key,
        element_instance_key=value.element_instance_key,
        message_name=value.message_name,
        correlation_key=value.correlation_key,
        bpmn_process_id=value.bpmn_process_id,
        message_key=value.message_key,
        interrupting=value.interrupting,
        tenant_id=value.tenant_id,
    )


class CreateMessageSubscription:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx
        self._correlator = MessageCorrelator(ctx)

    def process(self, command: Record[MessageSubscriptionRecordValue], out: RecordWriter) -> None:
        value = command.value
        partition = partition_of(value.element_instance_key)
        existing = self._ctx.state.messages.subscription(
            value.element_instance_key, value.message_name
        )
        if existing is not None:
            out.send(partition, -1, _P.CREATE, _process_side(value))
            return
        key = command.key if command.key >= 0 else self._ctx.keys.next_key()
        out.event(key, _M.CREATED, value)
        out.send(partition, -1, _P.CREATE, _process_side(value))
        buffered = self._correlator.first_buffered(value, out.now)
        if buffered is not None:
            message_key, message = buffered
            self._correlator.correlate_subscription(out, value, message, message_key)


class CorrelateMessageSubscription:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx

    def process(self, command: Record[MessageSubscriptionRecordValue], out: RecordWriter) -> None:
        value = command.value
        stored = self._ctx.state.messages.subscription(
            value.element_instance_key, value.message_name
        )
        if stored is None or not stored.correlating:
            raise Rejection(
                RejectionType.NOT_FOUND,
                f"Expected to find a correlating subscription for element instance "
                f"{value.element_instance_key} and message '{value.message_name}', but none",
            )
        out.event(self._ctx.keys.next_key(), _M.CORRELATED, stored.value)


class RejectMessageSubscription:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx
        self._correlator = MessageCorrelator(ctx)

    def process(self, command: Record[MessageSubscriptionRecordValue], out: RecordWriter) -> None:
        value = command.value
        stored = self._ctx.state.messages.subscription(
            value.element_instance_key, value.message_name
        )
        # The subscription may be gone already (its DELETE overtook the REJECT): the message
        # is freed all the same.
        base = value if stored is None else stored.value
        rejected = msgspec.structs.replace(base, message_key=value.message_key)
        out.event(self._ctx.keys.next_key(), _M.REJECTED, rejected)
        # The message is free for this process again: another of its subscriptions may take
        # it (Zeebe tries the same process's other waiting instances).
        message = self._ctx.state.messages.get(value.message_key)
        if message is None or message.deadline <= out.now:
            return
        subscriptions, _ = self._correlator.matches(message, value.message_key)
        for subscription in subscriptions:
            if (
                subscription.bpmn_process_id == value.bpmn_process_id
                and subscription.element_instance_key != value.element_instance_key
            ):
                self._correlator.correlate_subscription(
                    out, subscription, message, value.message_key
                )
                return


class DeleteMessageSubscription:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx

    def process(self, command: Record[MessageSubscriptionRecordValue], out: RecordWriter) -> None:
        value = command.value
        stored = self._ctx.state.messages.subscription(
            value.element_instance_key, value.message_name
        )
        if stored is not None:
            out.event(self._ctx.keys.next_key(), _M.DELETED, stored.value)
        out.send(partition_of(value.element_instance_key), -1, _P.DELETE, _process_side(value))
