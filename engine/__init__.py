"""The deterministic, event-sourced state machine that runs compiled BPMN models (issue 4).

What the layers above may import. Intents and record values live in `engine.records.intents`
and `engine.records.values`; the typed stores in `engine.state`.
"""

from .engine import Engine, ProcessingResult
from .keys import KeyGenerator, counter_of, partition_key, partition_of
from .processing.bpmn.behaviours import subscription_partition
from .processing.errors import Failure, Rejection
from .processing.writer import JobsAvailable, SendCommand, SideEffect
from .records import (
    ErrorType,
    Intent,
    Record,
    RecordCodec,
    RecordDecodeError,
    RecordType,
    RejectionType,
    ValueType,
)
from .state import Column, InMemoryKeyValueStore, KeyValueStore, KeyValueTransaction

__all__ = [
    "Column",
    "Engine",
    "ErrorType",
    "Failure",
    "InMemoryKeyValueStore",
    "Intent",
    "JobsAvailable",
    "KeyGenerator",
    "KeyValueStore",
    "KeyValueTransaction",
    "ProcessingResult",
    "Record",
    "RecordCodec",
    "RecordDecodeError",
    "RecordType",
    "Rejection",
    "RejectionType",
    "SendCommand",
    "SideEffect",
    "ValueType",
    "counter_of",
    "partition_key",
    "partition_of",
    "subscription_partition",
]
