"""The record model: Zeebe's record vocabulary, typed values, the record, and its encodings."""

from . import intents, values
from .codec import RecordCodec, RecordDecodeError
from .enums import (
    ErrorType,
    JobKind,
    JobListenerEventType,
    RecordType,
    RejectionType,
    ValueType,
    VariableDocumentUpdateSemantic,
    ZeebeEnum,
)
from .intents import Intent
from .record import ZEEBE_PROTOCOL_VERSION, Record
from .registry import VALUE_TYPES, ValueTypeInfo, value_type_of

__all__ = [
    "VALUE_TYPES",
    "ZEEBE_PROTOCOL_VERSION",
    "ErrorType",
    "Intent",
    "JobKind",
    "JobListenerEventType",
    "Record",
    "RecordCodec",
    "RecordDecodeError",
    "RecordType",
    "RejectionType",
    "ValueType",
    "ValueTypeInfo",
    "VariableDocumentUpdateSemantic",
    "ZeebeEnum",
    "intents",
    "value_type_of",
    "values",
]
