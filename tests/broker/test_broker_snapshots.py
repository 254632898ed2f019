"""Snapshots of running partitions: consistent at a group boundary, on a period with
retention, compaction below the oldest kept snapshot (never past an exporter), and a node's
backup taken while it runs and restored into a new data directory."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from broker import BrokerClient, Node, Partition, PartitionStore, StorageError
from broker.rebuild import compare_with_replay
from broker.snapshots import snapshot_directories
from engine.records.intents import ProcessInstanceCreationIntent
from engine.records.values import ProcessInstanceCreationRecordValue

from .broker_processes import SERVICE

CREATE = ProcessInstanceCreationRecordValue(bpmn_process_id="service")


async def test_a_snapshot_taken_under_load_is_a_consistent_partition(tmp_path: Path) -> None:
    partition = await Partition.start(tmp_path / "db", 1)
    await BrokerClient([partition]).deploy(SERVICE)
    futures = [partition.submit(ProcessInstanceCreationIntent.CREATE, CREATE) for _ in range(500)]
    await asyncio.sleep(0.01)
    snapshot = await partition.snapshot(tmp_path / "snap")
    await asyncio.gather(*futures)
    await partition.stop()
    assert snapshot.processed_position == snapshot.last_position
    with PartitionStore.open(snapshot.directory, 1) as store:
        assert store.processed_position == store.log.last_position == snapshot.last_position
        assert compare_with_replay(store) == []


async def test_periodic_snapshots_keep_the_newest_and_compact_below_the_oldest(
    tmp_path: Path,
) -> None:
    root = tmp_path / "snapshots"
    partition = await Partition.start(
        tmp_path / "db",
        1,
        snapshot_dir=root,
        snapshot_period_s=3600,
        keep_snapshots=2,
        compact_on_snapshot=True,
    )
    client = BrokerClient([partition])
    await client.deploy(SERVICE)
    assert partition.snapshots is not None
    taken = []
    for _ in range(4):
        await client.create_instance("service")
        snapshot = await partition.snapshots.take()
        assert snapshot is not None
        taken.append(snapshot.processed_position)
    assert await partition.snapshots.take() is None  # nothing new since the last
    kept = [int(p.name) for p in snapshot_directories(root)]
    assert kept == taken[-2:]
    assert partition.store.log.first_position == kept[0] + 1
    await client.create_instance("service")  # a tail after the newest snapshot
    # The compacted log cannot rebuild state alone; from either kept snapshot it can.
    with pytest.raises(StorageError, match="pass a snapshot"):
        compare_with_replay(partition.store)
    for name in kept:
        assert compare_with_replay(partition.store, root / f"{name:020d}") == []
    await partition.stop()
    # The newest snapshot is a whole partition: copy it and run it.
    shutil.copytree(root / f"{kept[-1]:020d}", tmp_path / "restored")
    restored = await Partition.start(tmp_path / "restored", 1)
    assert len(await BrokerClient([restored]).activate_jobs("work", 10)) == 4  # not the 5th
    await restored.stop()


async def test_a_node_backup_taken_while_running_restores_into_a_new_data_directory(
    tmp_path: Path,
) -> None:
    node = await Node.start(tmp_path / "data", partitions=2)
    client = node.client()
    await client.deploy(SERVICE)
    creating = asyncio.gather(*(client.create_instance("service") for _ in range(40)))
    await asyncio.sleep(0.02)
    snapshots = await node.backup(tmp_path / "backup")
    keys = await creating
    await node.stop()
    assert [s.processed_position == s.last_position for s in snapshots] == [True, True]

    Node.restore(tmp_path / "backup", tmp_path / "restored")
    node = await Node.start(tmp_path / "restored", partitions=2)
    jobs = await node.client().activate_jobs("work", 100)
    # Whatever the backup caught is there, whole; nothing else.
    assert {j.job.process_instance_key for j in jobs} <= set(keys)
    await node.stop()
    for partition_id in (1, 2):
        with PartitionStore.open(
            tmp_path / "restored" / f"partition-{partition_id}", partition_id
        ) as store:
            assert compare_with_replay(store) == []
