"""Binary encoding of records for the log: MessagePack via msgspec.

A record is written as one MessagePack array (its metadata in field order) whose last item is the
value as a map with camelCase keys. Decoding reads the metadata first, then picks the value
struct and intent enum from the value type, so one codec reads every kind of record.
"""

from __future__ import annotations

from typing import Any

import msgspec

from .enums import RecordType, RejectionType, ValueType, ZeebeEnum
from .record import Record
from .registry import VALUE_TYPES
from .values import RecordValue


class RecordDecodeError(ValueError):
    """The bytes are not a record this codec can read (corrupt, or from a newer Baton)."""


class _WireRecord(msgspec.Struct, array_like=True, gc=False):
    # Must list `Record`'s fields in `Record`'s order; only intent and value differ in type, read
    # as the intent's name and the value's undecoded bytes until the value type is known.
    position: int
    source_record_position: int
    key: int
    timestamp: int
    partition_id: int
    record_type: RecordType
    value_type: ValueType
    intent: str
    rejection_type: RejectionType
    rejection_reason: str
    broker_version: str
    record_version: int
    operation_reference: int
    request_id: int
    request_stream_id: int
    authorizations: dict[str, Any]
    value: msgspec.Raw


class RecordCodec:
    """Encodes and decodes records. Build one and reuse it: it holds one decoder per value type.

    msgspec does not promise its encoders are thread-safe, so give each thread its own codec.
    """

    def __init__(self) -> None:
        self._encoder = msgspec.msgpack.Encoder()
        self._wire = msgspec.msgpack.Decoder(_WireRecord)
        self._values: dict[
            ValueType, tuple[type[ZeebeEnum], msgspec.msgpack.Decoder[RecordValue]]
        ] = {
            value_type: (info.intent, msgspec.msgpack.Decoder(info.value))
            for value_type, info in VALUE_TYPES.items()
        }

    def encode(self, record: Record[Any]) -> bytes:
        return self._encoder.encode(record)

    def decode(self, data: bytes) -> Record[Any]:
        try:
            wire = self._wire.decode(data)
            intent_enum, value_decoder = self._values[wire.value_type]
            intent = intent_enum[wire.intent]
            value = value_decoder.decode(wire.value)
        except (msgspec.DecodeError, KeyError) as error:
            raise RecordDecodeError(f"Expected a record, but {error}") from error
        return Record(
            position=wire.position,
            source_record_position=wire.source_record_position,
            key=wire.key,
            timestamp=wire.timestamp,
            partition_id=wire.partition_id,
            record_type=wire.record_type,
            value_type=wire.value_type,
            intent=intent,  # type: ignore[arg-type]  # the registry pairs enum and value type
            rejection_type=wire.rejection_type,
            rejection_reason=wire.rejection_reason,
            broker_version=wire.broker_version,
            record_version=wire.record_version,
            operation_reference=wire.operation_reference,
            request_id=wire.request_id,
            request_stream_id=wire.request_stream_id,
            authorizations=wire.authorizations,
            value=value,
        )
