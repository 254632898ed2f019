"""Which partition a command goes to (Zeebe's rules).

- A command about an existing entity goes to the partition in its key
  (`key = (partition_id << 51) + counter`, DESIGN invariant 5).
- A new process instance goes to the next partition round-robin.
- A message (PUBLISH, MESSAGE_CORRELATION CORRELATE) goes to the partition chosen by a hash
  of its correlation key, so that every message with one correlation key meets the same
  subscriptions: `engine.subscription_partition`, Zeebe's function, the one the engine uses
  to open subscriptions (stable across processes, machines and Python versions).
- A signal broadcast goes to any one partition (partition 1), which sends it to the others.
- A deployment goes to partition 1, which distributes it to every partition.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from engine import subscription_partition
from engine.keys import partition_of

DEPLOYMENT_PARTITION = 1


def partition_of_key(key: int, partition_count: int) -> int:
    """The partition that owns `key`; a `ValueError` for a key of no partition here."""
    partition = partition_of(key)
    if not 1 <= partition <= partition_count:
        raise ValueError(
            f"Expected a key of partitions 1..{partition_count}, but key {key} names "
            f"partition {partition}"
        )
    return partition


def partition_of_correlation_key(correlation_key: str, partition_count: int) -> int:
    """The partition of a message's correlation key, as the engine computes it."""
    return subscription_partition(correlation_key, partition_count)


class RoundRobin:
    """Partition ids 1..count in turn, for new process instances."""

    def __init__(self, partition_count: int) -> None:
        self._ids: Iterator[int] = itertools.cycle(range(1, partition_count + 1))

    def next(self) -> int:
        return next(self._ids)
