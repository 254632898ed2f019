"""Partitions on RocksDB: the log, the stream processor, the scheduler and exporters (issue 5).

The layer above (gateway) imports from here only.
"""

from .errors import BatchTooLarge, BrokerError, StorageError
from .log import PartitionLog, RocksPartitionLog, Snapshot
from .partition_store import PartitionStore
from .storage import RocksDatabase, RocksKeyValueStore, RocksTransaction

__all__ = [
    "BatchTooLarge",
    "BrokerError",
    "PartitionLog",
    "PartitionStore",
    "RocksDatabase",
    "RocksKeyValueStore",
    "RocksPartitionLog",
    "RocksTransaction",
    "Snapshot",
    "StorageError",
]
