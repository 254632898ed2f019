"""Message subscriptions, the instance partition's side, and message start events.

Opening (an element instance activated with a message trigger): PROCESS_MESSAGE_SUBSCRIPTION
CREATING here, and MESSAGE_SUBSCRIPTION CREATE sent to the message partition (the one the
correlation key hashes to), which answers PROCESS_MESSAGE_SUBSCRIPTION CREATE (CREATED here).
Closing: DELETING here, MESSAGE_SUBSCRIPTION DELETE there, answered by
PROCESS_MESSAGE_SUBSCRIPTION DELETE (DELETED here). Correlating runs the other way
(`engine/processing/message/`). On one partition, each "send" is a follow-up command of the
same batch.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from bpmn.model import BpmnEventType

from ....keys import KeyGenerator
from ....records.enums import ErrorType
from ....records.intents import (
    MessageStartEventSubscriptionIntent,
    MessageSubscriptionIntent,
    ProcessMessageSubscriptionIntent,
)
from ....records.values import (
    MessageStartEventSubscriptionRecordValue,
    MessageSubscriptionRecordValue,
    ProcessMessageSubscriptionRecordValue,
)
from ....state.engine_state import StateViews
from ...deployment.executable import ExecutableProcess, ExecutableTrigger
from ...errors import Failure
from ...writer import RecordWriter
from ..element_context import ElementContext
from .expressions import Expressions


def subscription_partition(correlation_key: str, partition_count: int) -> int:
    """The partition a message with `correlation_key` lives on, as Zeebe computes it (a Java
    string-style hash of the UTF-8 bytes, modulo the partition count, from partition 1).
    The gateway routes PUBLISH and CORRELATE commands with the same function."""
    hash_code = 0
    for byte in correlation_key.encode():
        signed = byte - 256 if byte > 127 else byte
        hash_code = (31 * hash_code + signed) & 0xFFFFFFFF
    if hash_code >= 1 << 31:
        hash_code -= 1 << 32
    return abs(int(math.fmod(hash_code, partition_count))) + 1


def correlation_key_text(value: Any) -> str | None:
    """A correlation key's text: strings as they are, whole numbers without a fraction."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        return str(int(value)) if value == int(value) else str(value)
    return None


class MessageSubscriptions:
    def __init__(
        self,
        state: StateViews,
        keys: KeyGenerator,
        expressions: Expressions,
        partition_id: int,
        partition_count: int | None,
    ) -> None:
        self._state = state
        self._keys = keys
        self._expressions = expressions
        self.partition_id = partition_id
        self.partition_count = partition_count

    def message_partition(self, correlation_key: str) -> int:
        if self.partition_count is None:
            return self.partition_id
        return subscription_partition(correlation_key, self.partition_count)

    def has_subscriptions(self, element_instance_key: int) -> bool:
        return bool(self._state.messages.process_subscriptions(element_instance_key))

    def evaluate(
        self, ctx: ElementContext, triggers: Sequence[ExecutableTrigger], now: int
    ) -> list[tuple[ExecutableTrigger, str, str]]:
        """(trigger, message name, correlation key) of each message trigger; a Failure when
        one does not evaluate."""
        found = []
        variables = self._expressions.scope(ctx.key)
        for trigger in triggers:
            if trigger.event_type is not BpmnEventType.MESSAGE:
                continue
            if trigger.message_name is None:
                raise Failure(
                    ErrorType.EXTRACT_VALUE_ERROR,
                    f"Expected a message name for '{trigger.target_id}', but it has none",
                )
            name = self._expressions.evaluate_string(trigger.message_name, variables, now)
            key: str | None = ""
            if trigger.correlation_key is not None:
                raw = self._expressions.evaluate(trigger.correlation_key, variables, now)
                key = correlation_key_text(raw)
            if key is None or trigger.correlation_key is None:
                raise Failure(
                    ErrorType.EXTRACT_VALUE_ERROR,
                    f"Failed to extract the correlation key for '{trigger.target_id}': The "
                    f"value must be either a string or a number",
                )
            found.append((trigger, name, key))
        return found

    def open(
        self,
        out: RecordWriter,
        ctx: ElementContext,
        evaluated: Sequence[tuple[ExecutableTrigger, str, str]],
    ) -> None:
        value = ctx.value
        for trigger, name, correlation_key in evaluated:
            out.event(
                self._keys.next_key(),
                ProcessMessageSubscriptionIntent.CREATING,
                ProcessMessageSubscriptionRecordValue(
                    process_instance_key=value.process_instance_key,
                    element_instance_key=ctx.key,
                    message_name=name,
                    correlation_key=correlation_key,
                    bpmn_process_id=value.bpmn_process_id,
                    element_id=trigger.target_id,
                    interrupting=trigger.interrupting,
                    tenant_id=value.tenant_id,
                ),
            )
            out.send(
                self.message_partition(correlation_key),
                -1,
                MessageSubscriptionIntent.CREATE,
                MessageSubscriptionRecordValue(
                    process_instance_key=value.process_instance_key,
                    element_instance_key=ctx.key,
                    message_name=name,
                    correlation_key=correlation_key,
                    bpmn_process_id=value.bpmn_process_id,
                    interrupting=trigger.interrupting,
                    tenant_id=value.tenant_id,
                ),
            )

    def close(self, out: RecordWriter, element_instance_key: int) -> None:
        for stored in self._state.messages.process_subscriptions(element_instance_key):
            if stored.state == "DELETING":
                continue
            v = stored.value
            out.event(stored.key, ProcessMessageSubscriptionIntent.DELETING, v)
            out.send(
                self.message_partition(v.correlation_key),
                -1,
                MessageSubscriptionIntent.DELETE,
                MessageSubscriptionRecordValue(
                    process_instance_key=v.process_instance_key,
                    element_instance_key=v.element_instance_key,
                    message_name=v.message_name,
                    correlation_key=v.correlation_key,
                    bpmn_process_id=v.bpmn_process_id,
                    interrupting=v.interrupting,
                    tenant_id=v.tenant_id,
                ),
            )

    def open_start_events(
        self,
        out: RecordWriter,
        process: ExecutableProcess,
        process_definition_key: int,
        tenant_id: str,
    ) -> None:
        for trigger in process.root.start_triggers:
            if trigger.event_type is not BpmnEventType.MESSAGE or trigger.message_name is None:
                continue
            name = self._expressions.evaluate_string(trigger.message_name, {}, out.now)
            out.event(
                self._keys.next_key(),
                MessageStartEventSubscriptionIntent.CREATED,
                MessageStartEventSubscriptionRecordValue(
                    process_definition_key=process_definition_key,
                    bpmn_process_id=process.bpmn_process_id,
                    start_event_id=trigger.target_id,
                    message_name=name,
                    tenant_id=tenant_id,
                ),
            )

    def close_start_events(self, out: RecordWriter, process_definition_key: int) -> None:
        for key, value in self._state.messages.start_subscriptions_of(process_definition_key):
            out.event(key, MessageStartEventSubscriptionIntent.DELETED, value)
