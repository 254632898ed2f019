"""Rebuild a partition's state from its log and compare it with the live state (DESIGN
invariant 1): the check behind `baton rebuild-state`, and what the broker tests run after
every scenario.

The engine's appliers replay the log's EVENT records into a fresh in-memory store; every
state entry must then equal the live one, with two allowances: column 0 (`Column.DEFAULT`) holds
the broker's own singletons (the processed position), not engine state; and the key generator
may lag, since a command can draw a key that no event uses (a rejected follow-up's).

Replaying needs the log from position 1, or a snapshot (`broker.snapshots`) and the log
after the snapshot's processed position: once the log is compacted, pass the snapshot
directory, else this raises `StorageError`. The snapshot is copied before it is opened, so it
stays untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from engine import Column, Engine, InMemoryKeyValueStore
from engine.state.encoding import read_u64

from .errors import StorageError
from .partition_store import PartitionStore


@dataclass(frozen=True, slots=True)
class StateDifference:
    """One key whose replayed value differs from the live one (None: absent)."""

    column: str
    key: bytes
    live: bytes | None
    replayed: bytes | None


def _snapshot_state(directory: Path, partition_id: int) -> tuple[InMemoryKeyValueStore, int]:
    # Opening a RocksDB database writes to its directory: work on a copy.
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "snapshot"
        shutil.copytree(directory, copy)
        state = InMemoryKeyValueStore()
        with PartitionStore.open(copy, partition_id) as snapshot:
            for key, value in snapshot.state.scan_range(b"", None):
                state.put(key, value)
            return state, snapshot.processed_position


def replay_log(
    store: PartitionStore, snapshot: str | os.PathLike[str] | None = None
) -> InMemoryKeyValueStore:
    """A fresh state built from the events of `store`'s log: the whole log, or the state of
    `snapshot` plus the log's events after its processed position."""
    log = store.log
    fresh, after = (
        (InMemoryKeyValueStore(), 0)
        if snapshot is None
        else _snapshot_state(Path(snapshot), store.partition_id)
    )
    if log.first_position > after + 1:
        raise StorageError(
            f"Expected partition {store.partition_id}'s log from position {after + 1} to "
            f"rebuild its state, but it was compacted below {log.first_position}"
            + ("" if snapshot is not None else "; pass a snapshot"),
            position=log.first_position,
        )
    if after < log.last_position:
        Engine(fresh, store.partition_id).replay(log.read(after + 1))
    return fresh


def _column_name(key: bytes) -> str:
    number = int.from_bytes(key[:2], "big")
    try:
        return Column(number).name
    except ValueError:
        return f"column {number}"


def compare_with_replay(
    store: PartitionStore, snapshot: str | os.PathLike[str] | None = None
) -> list[StateDifference]:
    """Every difference between the live state and the state its log replays to (from
    `snapshot`, if given); empty when invariant 1 holds. Reads the committed state: call it
    with no group in flight."""
    default = Column.DEFAULT.prefix
    generator = Column.KEY_GENERATOR.key()
    live = {k: v for k, v in store.state.scan_range(b"", None) if not k.startswith(default)}
    replayed = {
        k: v
        for k, v in replay_log(store, snapshot).scan_range(b"", None)
        if not k.startswith(default)
    }
    live_counter = live.pop(generator, None)
    replayed_counter = replayed.pop(generator, None)
    differences = [
        StateDifference(_column_name(key), key, live.get(key), replayed.get(key))
        for key in sorted(live.keys() | replayed.keys())
        if live.get(key) != replayed.get(key)
    ]
    live_keys = 0 if live_counter is None else read_u64(live_counter)[0]
    replayed_keys = 0 if replayed_counter is None else read_u64(replayed_counter)[0]
    if replayed_keys > live_keys:  # the only way the key generator may differ is lagging
        differences.append(
            StateDifference("KEY_GENERATOR", generator, live_counter, replayed_counter)
        )
    return differences
