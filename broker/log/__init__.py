"""The partition log seam (`PartitionLog`) and its embedded RocksDB implementation."""

from .protocol import PartitionLog, Snapshot
from .rocks import RocksPartitionLog

__all__ = ["PartitionLog", "RocksPartitionLog", "Snapshot"]
