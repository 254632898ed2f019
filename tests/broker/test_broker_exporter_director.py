"""The exporter framework: in order, never skipping, retried with backoff, resumed after a
restart from the stored acknowledged position; the compaction floor follows the slowest
exporter; the JSON-lines exporter writes Zeebe's record JSON."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from broker import BrokerClient, JsonLinesExporter, Partition
from broker.exporters.director import stored_position
from engine import Record

from .broker_processes import SERVICE


class Recording:
    """Records every batch it is offered; fails the first `failures` exports; waits for
    `gate` (when given) before each export."""

    def __init__(self, exporter_id: str = "rec", failures: int = 0) -> None:
        self._id = exporter_id
        self.failures = failures
        self.offered: list[list[int]] = []
        self.exported: list[int] = []
        self.gate: asyncio.Event | None = None
        self.closed = False

    @property
    def id(self) -> str:
        return self._id

    async def open(self, partition_id: int) -> None:
        assert partition_id == 1

    async def export(self, batch: Sequence[Record[Any]]) -> None:
        self.offered.append([r.position for r in batch])
        if self.gate is not None:
            await self.gate.wait()
        if self.failures > 0:
            self.failures -= 1
            raise ConnectionError("the target is down")
        self.exported.extend(r.position for r in batch)

    async def close(self) -> None:
        self.closed = True


async def _load(partition: Partition, instances: int) -> None:
    client = BrokerClient([partition])
    if partition.store.log.last_position == 0:
        await client.deploy(SERVICE)
    for _ in range(instances):
        await client.create_instance("service")


async def test_a_failing_exporter_is_retried_with_the_same_batch_and_skips_nothing(
    tmp_path: Path,
) -> None:
    exporter = Recording(failures=3)
    partition = await Partition.start(
        tmp_path, 1, exporters=[exporter], exporter_batch_size=7, exporter_min_backoff_s=0.01
    )
    await _load(partition, 5)
    last = partition.store.log.last_position
    director = partition.directors[0]
    await director.wait_acknowledged(last)
    assert exporter.exported == list(range(1, last + 1))
    # The three failed attempts were the first batch, offered again whole.
    assert exporter.offered[:4] == [exporter.offered[0]] * 4
    assert director.failures == 3
    assert all(len(batch) <= 7 for batch in exporter.offered)
    assert stored_position(partition.store, "rec") == last
    await partition.stop()
    assert exporter.closed


async def test_after_a_restart_the_exporter_resumes_after_its_acknowledged_position(
    tmp_path: Path,
) -> None:
    first = Recording()
    partition = await Partition.start(tmp_path, 1, exporters=[first])
    await _load(partition, 3)
    acknowledged = partition.store.log.last_position
    await partition.directors[0].wait_acknowledged(acknowledged)
    await partition.stop()

    second = Recording()
    partition = await Partition.start(tmp_path, 1, exporters=[second])
    await _load(partition, 2)
    last = partition.store.log.last_position
    await partition.directors[0].wait_acknowledged(last)
    assert second.exported == list(range(acknowledged + 1, last + 1))
    await partition.stop()


async def test_compaction_never_passes_the_slowest_exporter(tmp_path: Path) -> None:
    fast, slow = Recording("fast"), Recording("slow")
    slow.gate = asyncio.Event()
    partition = await Partition.start(tmp_path, 1, exporters=[fast, slow], exporter_batch_size=10)
    await _load(partition, 4)
    last = partition.store.log.last_position
    await partition.directors[0].wait_acknowledged(last)
    assert partition.directors[1].acknowledged == 0
    assert partition.compact(last + 1) == 1  # the slow exporter holds everything
    slow.gate.set()
    await partition.directors[1].wait_acknowledged(last)
    assert partition.store.log.exported_position == last
    assert partition.compact(last + 1) == last + 1
    await partition.stop()


async def test_json_lines_exporter_writes_each_record_once_per_line(tmp_path: Path) -> None:
    exporter = JsonLinesExporter(tmp_path / "export" / "partition-{partition}.jsonl")
    partition = await Partition.start(tmp_path / "db", 1, exporters=[exporter])
    await _load(partition, 2)
    last = partition.store.log.last_position
    await partition.directors[0].wait_acknowledged(last)
    await partition.stop()
    lines = (tmp_path / "export" / "partition-1.jsonl").read_text().splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["position"] for r in records] == list(range(1, last + 1))
    assert {r["partitionId"] for r in records} == {1}
    assert records[0]["valueType"] == "DEPLOYMENT" and records[0]["recordType"] == "COMMAND"
