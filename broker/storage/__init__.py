"""RocksDB underneath a partition: the database handle, the key layout, and engine state over
the engine's KV seam. `broker.partition_store` joins them with the log."""

from .database import RocksDatabase
from .rocks import RocksKeyValueStore, RocksTransaction

__all__ = ["RocksDatabase", "RocksKeyValueStore", "RocksTransaction"]
