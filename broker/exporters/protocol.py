"""The seam between a partition's committed log and the systems records are exported to.

An exporter sees every committed record of one partition, in log order, in batches. The
exporter framework (the broker's, one director per partition and exporter) reads the log from
the exporter's acknowledged position, calls ``export`` and, when it returns, stores the position
of the batch's last record as acknowledged. Consequences every exporter relies on:

- At-least-once: a batch whose ``export`` raised, or that was being exported when the broker
  died, is offered again, whole, after a backoff or a restart. Receivers deduplicate by the
  record's identity, ``(partition_id, position)``; an exporter must make a repeated batch
  harmless (SQL: upsert by identity; Kafka: the key carries the identity).
- Never skipped: a batch is not acknowledged until ``export`` returned, and the log is never
  compacted past the lowest acknowledged position of any exporter.
- Ordered: within one partition, batches arrive in position order, and no batch starts before
  the previous one was acknowledged.

Filtering (by record type or value type) is the exporter's own business: it still receives
every record so that its acknowledged position can move past the records it ignores.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from engine.records import Record


class Exporter(Protocol):
    """One export target. Instances are per partition; ``id`` is stable across restarts."""

    @property
    def id(self) -> str:
        """Names the exporter in configuration and in the stored acknowledged positions."""
        ...

    async def open(self, partition_id: int) -> None:
        """Connects (may raise: the framework retries with backoff before the first batch)."""
        ...

    async def export(self, batch: Sequence[Record[Any]]) -> None:
        """Delivers ``batch`` durably or raises; returning means every record is delivered."""
        ...

    async def close(self) -> None:
        """Releases connections; called once, also after a failed ``open``."""
        ...
