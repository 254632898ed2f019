"""Appliers of MESSAGE, MESSAGE_SUBSCRIPTION, PROCESS_MESSAGE_SUBSCRIPTION,
MESSAGE_START_EVENT_SUBSCRIPTION and MESSAGE_CORRELATION events."""

from __future__ import annotations

import msgspec

from ...records.intents import (
    MessageCorrelationIntent,
    MessageIntent,
    MessageStartEventSubscriptionIntent,
    MessageSubscriptionIntent,
    ProcessMessageSubscriptionIntent,
)
from ...records.values import (
    MessageCorrelationRecordValue,
    MessageRecordValue,
    MessageStartEventSubscriptionRecordValue,
    MessageSubscriptionRecordValue,
    ProcessMessageSubscriptionRecordValue,
)
from ..engine_state import EngineState
from ..messages import StoredProcessSubscription, StoredSubscription
from ._types import AppliersTable

_M = MessageSubscriptionIntent
_P = ProcessMessageSubscriptionIntent


def message_published(state: EngineState, key: int, value: MessageRecordValue) -> None:
    state.messages.put(key, value)


def message_expired(state: EngineState, key: int, value: MessageRecordValue) -> None:
    state.messages.remove(key)


def subscription_created(
    state: EngineState, key: int, value: MessageSubscriptionRecordValue
) -> None:
    state.messages.put_subscription(StoredSubscription(False, value))


def subscription_correlating(
    state: EngineState, key: int, value: MessageSubscriptionRecordValue
) -> None:
    state.messages.put_subscription(StoredSubscription(True, value))
    state.messages.mark_correlated(value.message_key, value.bpmn_process_id)


def subscription_correlated(
    state: EngineState, key: int, value: MessageSubscriptionRecordValue
) -> None:
    if value.interrupting:
        state.messages.remove_subscription(value.element_instance_key, value.message_name)
    else:
        state.messages.put_subscription(StoredSubscription(False, value))


def subscription_rejected(
    state: EngineState, key: int, value: MessageSubscriptionRecordValue
) -> None:
    # The instance could not take the message: it may correlate to this process again.
    state.messages.unmark_correlated(value.message_key, value.bpmn_process_id)
    stored = state.messages.subscription(value.element_instance_key, value.message_name)
    if stored is not None:
        state.messages.put_subscription(StoredSubscription(False, stored.value))


def subscription_deleted(
    state: EngineState, key: int, value: MessageSubscriptionRecordValue
) -> None:
    state.messages.remove_subscription(value.element_instance_key, value.message_name)


def process_subscription_creating(
    state: EngineState, key: int, value: ProcessMessageSubscriptionRecordValue
) -> None:
    state.messages.put_process_subscription(StoredProcessSubscription("CREATING", key, value))


def process_subscription_created(
    state: EngineState, key: int, value: ProcessMessageSubscriptionRecordValue
) -> None:
    stored = state.messages.process_subscription(value.element_instance_key, value.message_name)
    if stored is not None:
        state.messages.put_process_subscription(msgspec.structs.replace(stored, state="CREATED"))


def process_subscription_correlated(
    state: EngineState, key: int, value: ProcessMessageSubscriptionRecordValue
) -> None:
    if value.interrupting:
        state.messages.remove_process_subscription(value.element_instance_key, value.message_name)


def process_subscription_deleting(
    state: EngineState, key: int, value: ProcessMessageSubscriptionRecordValue
) -> None:
    stored = state.messages.process_subscription(value.element_instance_key, value.message_name)
    if stored is not None:
        state.messages.put_process_subscription(msgspec.structs.replace(stored, state="DELETING"))


def process_subscription_deleted(
    state: EngineState, key: int, value: ProcessMessageSubscriptionRecordValue
) -> None:
    state.messages.remove_process_subscription(value.element_instance_key, value.message_name)


def start_subscription_created(
    state: EngineState, key: int, value: MessageStartEventSubscriptionRecordValue
) -> None:
    state.messages.put_start_subscription(value)


def start_subscription_deleted(
    state: EngineState, key: int, value: MessageStartEventSubscriptionRecordValue
) -> None:
    state.messages.remove_start_subscription(value)


def start_subscription_correlated(
    state: EngineState, key: int, value: MessageStartEventSubscriptionRecordValue
) -> None:
    state.messages.mark_correlated(value.message_key, value.bpmn_process_id)
    if value.correlation_key:
        state.messages.put_active_correlation_key(
            value.tenant_id,
            value.bpmn_process_id,
            value.correlation_key,
            value.process_instance_key,
        )


def correlation_correlated(
    state: EngineState, key: int, value: MessageCorrelationRecordValue
) -> None:
    pass  # the answer to a synchronous correlation; the subscription events change state


APPLIERS: AppliersTable = {
    (MessageIntent.PUBLISHED, 1): message_published,
    (MessageIntent.EXPIRED, 1): message_expired,
    (_M.CREATED, 1): subscription_created,
    (_M.CORRELATING, 1): subscription_correlating,
    (_M.CORRELATED, 1): subscription_correlated,
    (_M.REJECTED, 1): subscription_rejected,
    (_M.DELETED, 1): subscription_deleted,
    (_P.CREATING, 1): process_subscription_creating,
    (_P.CREATED, 1): process_subscription_created,
    (_P.CORRELATED, 1): process_subscription_correlated,
    (_P.DELETING, 1): process_subscription_deleting,
    (_P.DELETED, 1): process_subscription_deleted,
    (MessageStartEventSubscriptionIntent.CREATED, 1): start_subscription_created,
    (MessageStartEventSubscriptionIntent.DELETED, 1): start_subscription_deleted,
    (MessageStartEventSubscriptionIntent.CORRELATED, 1): start_subscription_correlated,
    (MessageCorrelationIntent.CORRELATED, 1): correlation_correlated,
}
