"""Partitions in other processes: the frames (`wire`), the serving side (`server`) and the
node's handle on one (`RemotePartition`)."""

from .client import RemotePartition
from .server import PartitionConfig, serve_partition

__all__ = ["PartitionConfig", "RemotePartition", "serve_partition"]
