"""`baton backup` and `baton rebuild-state` on a stopped node's data directory."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from broker import Node, PartitionStore
from engine import Column
from engine.testing import bpmn
from gateway.cli import main

SERVICE = bpmn("""
  <bpmn:process id="service" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <bpmn:serviceTask id="task">
      <bpmn:extensionElements><zeebe:taskDefinition type="work" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")


def _node_with_instances(data_dir: Path, partitions: int, instances: int) -> list[int]:
    async def fill() -> list[int]:
        node = await Node.start(data_dir, partitions=partitions)
        try:
            client = node.client()
            await client.deploy(SERVICE)
            return [await client.create_instance("service") for _ in range(instances)]
        finally:
            await node.stop()

    return asyncio.run(fill())


def _waiting_jobs(data_dir: Path, partitions: int) -> list[int]:
    async def activate() -> list[int]:
        node = await Node.start(data_dir, partitions=partitions)
        try:
            jobs = await node.client().activate_jobs("work", 100)
            return sorted(job.job.process_instance_key for job in jobs)
        finally:
            await node.stop()

    return asyncio.run(activate())


@pytest.mark.parametrize("partitions", [1, 2])
def test_backup_then_rebuild_state_then_run_from_the_copy(
    tmp_path: Path, partitions: int, capsys: pytest.CaptureFixture[str]
) -> None:
    data, copy = tmp_path / "data", tmp_path / "backup"
    keys = _node_with_instances(data, partitions, 4)
    assert main(["backup", "--data-dir", str(data), str(copy)]) == 0
    out = capsys.readouterr().out
    assert f"backed up {partitions} partition(s)" in out
    assert main(["rebuild-state", "--data-dir", str(copy)]) == 0
    out = capsys.readouterr().out
    assert out.count("state matches its log") == partitions
    assert _waiting_jobs(copy, partitions) == sorted(keys)


def test_rebuild_state_reports_a_state_the_log_does_not_explain(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    _node_with_instances(data, 1, 1)
    with PartitionStore.open(data / "partition-1", 1) as store:
        store.state.put(Column.JOBS.key(b"stray"), b"x")  # a write no event explains
    assert main(["rebuild-state", "--data-dir", str(data)]) == 1
    out = capsys.readouterr().out
    assert "partition 1: 1 state entries differ from the log" in out
    assert "JOBS" in out and "replayed absent" in out


def test_unusable_directories_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rebuild-state", "--data-dir", str(tmp_path / "missing")]) == 3
    assert "no partitions in" in capsys.readouterr().err
    data = tmp_path / "data"
    _node_with_instances(data, 1, 1)
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "file").write_text("x")
    assert main(["backup", "--data-dir", str(data), str(taken)]) == 3
    assert "is not empty" in capsys.readouterr().err
    with PartitionStore.open(data / "partition-1", 1):  # a node running on it holds the lock
        assert main(["rebuild-state", "--data-dir", str(data)]) == 3
        assert "partition 1:" in capsys.readouterr().err
        assert main(["backup", "--data-dir", str(data), str(tmp_path / "b")]) == 3
