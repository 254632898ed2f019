"""Partitions on RocksDB: the log, the stream processor, the scheduler and exporters (issue 5)."""
