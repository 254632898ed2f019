"""Correlating a message on its partition: to the open subscriptions for its name and
correlation key (at most one per process, whatever its version or instance; a subscription
already correlating waits for its acknowledgement first), then to message start events (a
new instance, unless the process already correlated this message or an instance started by
a message with this correlation key is still active).
"""

from __future__ import annotations

import msgspec

from ...keys import partition_of
from ...records.intents import (
    MessageStartEventSubscriptionIntent,
    MessageSubscriptionIntent,
    ProcessMessageSubscriptionIntent,
)
from ...records.values import (
    MessageRecordValue,
    MessageStartEventSubscriptionRecordValue,
    MessageSubscriptionRecordValue,
    ProcessMessageSubscriptionRecordValue,
)
from ..context import ProcessingContext
from ..writer import RecordWriter


class MessageCorrelator:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx

    def matches(
        self, message: MessageRecordValue, message_key: int
    ) -> tuple[
        list[MessageSubscriptionRecordValue], list[MessageStartEventSubscriptionRecordValue]
    ]:
        """What `message` would correlate to now, without writing anything."""
        state = self._ctx.state.messages
        taken: set[str] = set()
        subscriptions = []
        for stored in state.subscriptions_for(
            message.tenant_id, message.name, message.correlation_key
        ):
            process_id = stored.value.bpmn_process_id
            if stored.correlating or process_id in taken:
                continue
            if message_key >= 0 and state.is_correlated(message_key, process_id):
                continue
            taken.add(process_id)
            subscriptions.append(stored.value)
        starts = []
        for start in state.start_subscriptions(message.tenant_id, message.name):
            process_id = start.bpmn_process_id
            if process_id in taken:
                continue
            if message_key >= 0 and state.is_correlated(message_key, process_id):
                continue
            if message.correlation_key and (
                state.active_by_correlation_key(
                    message.tenant_id, process_id, message.correlation_key
                )
                >= 0
            ):
                continue
            taken.add(process_id)
            starts.append(start)
        return subscriptions, starts

    def correlate(
        self, out: RecordWriter, message: MessageRecordValue, message_key: int
    ) -> list[int]:
        """Correlate `message` (already PUBLISHED); returns the process instance keys it
        reached (started ones included)."""
        subscriptions, starts = self.matches(message, message_key)
        reached = []
        for subscription in subscriptions:
            self.correlate_subscription(out, subscription, message, message_key)
            reached.append(subscription.process_instance_key)
        for start in starts:
            instance_key = self._ctx.lifecycle.triggers.start_instance(
                out, start.process_definition_key, start.start_event_id, message.variables
            )
            out.event(
                self._ctx.keys.next_key(),
                MessageStartEventSubscriptionIntent.CORRELATED,
                msgspec.structs.replace(
                    start,
                    process_instance_key=instance_key,
                    message_key=message_key,
                    correlation_key=message.correlation_key,
                    variables=message.variables,
                ),
            )
            reached.append(instance_key)
        return reached

    def correlate_subscription(
        self,
        out: RecordWriter,
        subscription: MessageSubscriptionRecordValue,
        message: MessageRecordValue,
        message_key: int,
    ) -> None:
        """CORRELATING here, and PROCESS_MESSAGE_SUBSCRIPTION CORRELATE to the instance."""
        correlating = msgspec.structs.replace(
            subscription, message_key=message_key, variables=message.variables
        )
        out.event(self._ctx.keys.next_key(), MessageSubscriptionIntent.CORRELATING, correlating)
        out.send(
            partition_of(subscription.element_instance_key),
            -1,
            ProcessMessageSubscriptionIntent.CORRELATE,
            ProcessMessageSubscriptionRecordValue(
                process_instance_key=subscription.process_instance_key,
                element_instance_key=subscription.element_instance_key,
                message_name=subscription.message_name,
                correlation_key=subscription.correlation_key,
                bpmn_process_id=subscription.bpmn_process_id,
                message_key=message_key,
                variables=message.variables,
                interrupting=subscription.interrupting,
                tenant_id=subscription.tenant_id,
            ),
        )

    def first_buffered(
        self, subscription: MessageSubscriptionRecordValue, now: int
    ) -> tuple[int, MessageRecordValue] | None:
        """The oldest buffered message for a new subscription, not yet correlated to its
        process and not past its time to live."""
        state = self._ctx.state.messages
        for key in state.buffered(
            subscription.tenant_id, subscription.message_name, subscription.correlation_key
        ):
            message = state.get(key)
            if message is None or message.deadline <= now:
                continue
            if state.is_correlated(key, subscription.bpmn_process_id):
                continue
            return key, message
        return None
