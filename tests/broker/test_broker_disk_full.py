"""A full disk under the partition's data directory (a small tmpfs): clients get a clear
`PartitionUnavailable` naming the cause, nothing acknowledged is lost, nothing is corrupt, and
the partition recovers once space is freed."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from broker import BrokerClient, BrokerError, Partition, PartitionStore, PartitionUnavailable

from .broker_processes import SERVICE, assert_replay_matches


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(disk)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


async def test_a_full_disk_stops_the_partition_cleanly_and_it_recovers(small_disk: Path) -> None:
    filler = small_disk / "filler"
    filler.write_bytes(b"\0" * (2 * 1024 * 1024))  # freed later to make room again
    directory = small_disk / "partition-1"
    partition = await Partition.start(directory, 1)
    client = BrokerClient([partition])
    await client.deploy(SERVICE)
    padding = {"pad": "x" * 4000}
    acknowledged: list[int] = []
    with pytest.raises(PartitionUnavailable) as stopped:
        for _ in range(10_000):
            acknowledged.append(await client.create_instance("service", padding))
    assert "No space left on device" in str(stopped.value)
    assert acknowledged, "the disk filled before anything was acknowledged"
    assert not partition.running
    with contextlib.suppress(BrokerError):
        await partition.stop()

    os.unlink(filler)
    partition = await Partition.start(directory, 1)
    client = BrokerClient([partition])
    jobs = await client.activate_jobs("work", len(acknowledged) + 10)
    assert set(acknowledged) <= {j.job.process_instance_key for j in jobs}
    await client.complete_job(jobs[0].key)
    await partition.stop()
    with PartitionStore.open(directory, 1) as store:
        assert store.processed_position == store.log.last_position
        assert_replay_matches(store)
