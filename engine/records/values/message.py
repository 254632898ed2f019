"""Values of messages: publication, expiry, subscriptions on both sides, and correlation."""

from __future__ import annotations

from typing import Any

import msgspec

from ._base import DEFAULT_TENANT, RecordValue


class MessageRecordValue(RecordValue, frozen=True):
    """A published message; `deadline` (epoch ms) is when its time to live runs out."""

    name: str = ""
    correlation_key: str = ""
    time_to_live: int = -1
    message_id: str = ""
    variables: dict[str, Any] = msgspec.field(default_factory=dict)
    deadline: int = -1
    tenant_id: str = DEFAULT_TENANT


class MessageBatchRecordValue(RecordValue, frozen=True):
    message_keys: list[int] = msgspec.field(default_factory=list)


class MessageSubscriptionRecordValue(RecordValue, frozen=True):
    """The message partition's side of a waiting catch event."""

    process_instance_key: int = -1
    element_instance_key: int = -1
    message_name: str = ""
    correlation_key: str = ""
    bpmn_process_id: str = ""
    message_key: int = -1
    variables: dict[str, Any] = msgspec.field(default_factory=dict)
    interrupting: bool = True
    tenant_id: str = DEFAULT_TENANT


class ProcessMessageSubscriptionRecordValue(RecordValue, frozen=True):
    """The process instance partition's side of a waiting catch event."""

    process_instance_key: int = -1
    element_instance_key: int = -1
    message_name: str = ""
    correlation_key: str = ""
    bpmn_process_id: str = ""
    message_key: int = -1
    variables: dict[str, Any] = msgspec.field(default_factory=dict)
    element_id: str = ""
    interrupting: bool = True
    tenant_id: str = DEFAULT_TENANT


class MessageStartEventSubscriptionRecordValue(RecordValue, frozen=True):
    process_definition_key: int = -1
    bpmn_process_id: str = ""
    start_event_id: str = ""
    message_name: str = ""
    process_instance_key: int = -1
    message_key: int = -1
    correlation_key: str = ""
    variables: dict[str, Any] = msgspec.field(default_factory=dict)
    tenant_id: str = DEFAULT_TENANT


class MessageCorrelationRecordValue(RecordValue, frozen=True):
    """A request to correlate a message now and answer with the instance it reached."""

    name: str = ""
    correlation_key: str = ""
    variables: dict[str, Any] = msgspec.field(default_factory=dict)
    tenant_id: str = DEFAULT_TENANT
    process_instance_key: int = -1
    message_key: int = -1
    request_id: int = -1
    request_stream_id: int = -1
