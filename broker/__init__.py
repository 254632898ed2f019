"""Partitions on RocksDB: the log, the stream processor, the scheduler and exporters (issue 5).

The layer above (gateway) imports from here only.
"""

from .client import ActivatedJob, BrokerClient, CommandRejected, PartitionHandle
from .errors import Backpressure, BatchTooLarge, BrokerError, PartitionUnavailable, StorageError
from .exporters import Exporter, ExporterDirector, JsonLinesExporter
from .log import PartitionLog, RocksPartitionLog, Snapshot
from .node import Node
from .partition import Partition
from .partition_store import PartitionStore
from .processing import (
    Clock,
    ControlledClock,
    Scheduler,
    StagingStore,
    StreamProcessor,
    SystemClock,
)
from .rebuild import StateDifference, compare_with_replay, replay_log
from .remote import RemotePartition
from .storage import RocksDatabase, RocksKeyValueStore, RocksTransaction

__all__ = [
    "ActivatedJob",
    "Backpressure",
    "BatchTooLarge",
    "BrokerClient",
    "BrokerError",
    "Clock",
    "CommandRejected",
    "ControlledClock",
    "Exporter",
    "ExporterDirector",
    "JsonLinesExporter",
    "Node",
    "Partition",
    "PartitionHandle",
    "PartitionLog",
    "PartitionStore",
    "PartitionUnavailable",
    "RemotePartition",
    "RocksDatabase",
    "RocksKeyValueStore",
    "RocksPartitionLog",
    "RocksTransaction",
    "Scheduler",
    "Snapshot",
    "StagingStore",
    "StateDifference",
    "StorageError",
    "StreamProcessor",
    "SystemClock",
    "compare_with_replay",
    "replay_log",
]
