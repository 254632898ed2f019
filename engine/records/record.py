"""The record: one entry of a partition's log, and its exporter JSON.

A record is metadata (where it sits in the log, what caused it, what kind it is) plus a typed
value. Commands ask, events tell, rejections refuse; all three share this one shape, as in Zeebe.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

import msgspec

from .enums import RecordType, RejectionType, ValueType
from .intents import Intent
from .values import RecordValue

V = TypeVar("V", bound=RecordValue)

# The Zeebe release whose record shapes Baton writes. Readers of exporter output (Operate-style
# importers, zeebe-protocol-jackson) choose a schema by `brokerVersion`, so this names the
# protocol Baton speaks, not Baton's own version.
ZEEBE_PROTOCOL_VERSION = "8.6.0"


class Record(msgspec.Struct, Generic[V], frozen=True, kw_only=True, array_like=True, gc=False):
    """One log entry.

    `position` is the record's place in its partition's log (strictly increasing, assigned when
    the record is appended); `source_record_position` is the position of the command that caused
    it, -1 for commands from outside. `key` names the entity the record is about (job, element
    instance, ...): every record about one entity carries the same key, -1 when there is none
    yet. `timestamp` is epoch milliseconds when written, and the engine's only "now".

    The intent's enum is fixed by `value_type` (see `registry.VALUE_TYPES`); the writer keeps
    them consistent. `rejection_type` is NULL_VAL and `rejection_reason` empty unless
    `record_type` is COMMAND_REJECTION. `request_id` and `request_stream_id` route the reply to
    the waiting client; they stay in the log but are not exported.

    Encoded as a MessagePack array (see `codec.RecordCodec`); new fields go at the end, with
    defaults, so older records still decode.
    """

    position: int
    source_record_position: int = -1
    key: int = -1
    timestamp: int
    partition_id: int
    record_type: RecordType
    value_type: ValueType
    intent: Intent
    rejection_type: RejectionType = RejectionType.NULL_VAL
    rejection_reason: str = ""
    broker_version: str = ZEEBE_PROTOCOL_VERSION
    record_version: int = 1
    operation_reference: int = -1
    request_id: int = -1
    request_stream_id: int = -1
    authorizations: dict[str, Any] = msgspec.field(default_factory=dict)
    value: V

    def to_json(self) -> bytes:
        """This record as Zeebe's exporters write it: UTF-8 JSON with camelCase keys, enums as
        their names, bytes as base64."""
        return _JSON.encode(
            _ExportedRecord(
                partition_id=self.partition_id,
                position=self.position,
                source_record_position=self.source_record_position,
                key=self.key,
                timestamp=self.timestamp,
                record_type=self.record_type,
                value_type=self.value_type,
                intent=self.intent.name,
                rejection_type=self.rejection_type,
                rejection_reason=self.rejection_reason,
                broker_version=self.broker_version,
                record_version=self.record_version,
                authorizations=self.authorizations,
                operation_reference=self.operation_reference,
                value=self.value,
            )
        )


class _ExportedRecord(msgspec.Struct, kw_only=True, rename="camel", gc=False):
    # Zeebe's exporter JSON, field for field; the order is ours (JSON readers do not care).
    partition_id: int
    position: int
    source_record_position: int
    key: int
    timestamp: int
    record_type: RecordType
    value_type: ValueType
    intent: str
    rejection_type: RejectionType
    rejection_reason: str
    broker_version: str
    record_version: int
    authorizations: dict[str, Any]
    operation_reference: int
    value: Any


# Created once and reused for every call, as msgspec recommends.
_JSON = msgspec.json.Encoder()
