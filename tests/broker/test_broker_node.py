"""A node's partitions: routing rules, partitions in separate processes behind one client,
deployments on every partition, keys routed to their owner, long polling across processes."""

from __future__ import annotations

import asyncio
import zlib
from pathlib import Path

import pytest

from broker import BrokerClient, CommandRejected, Node, PartitionStore
from broker.node import partition_directory
from broker.routing import RoundRobin, partition_of_correlation_key, partition_of_key
from engine import ValueType
from engine.keys import partition_key, partition_of
from engine.records.intents import JobIntent

from .broker_processes import SERVICE, assert_replay_matches


def test_keys_route_to_the_partition_they_carry() -> None:
    assert partition_of_key(partition_key(3, 17), 4) == 3
    with pytest.raises(ValueError, match="partition 5"):
        partition_of_key(partition_key(5, 1), 4)


def test_correlation_keys_hash_stably_with_crc32() -> None:
    # Fixed values: any process, machine or Python version routes "order-42" the same way.
    assert partition_of_correlation_key("order-42", 3) == zlib.crc32(b"order-42") % 3 + 1
    assert partition_of_correlation_key("order-42", 3) == 2
    spread = {partition_of_correlation_key(f"order-{n}", 3) for n in range(50)}
    assert spread == {1, 2, 3}


def test_new_instances_go_round_robin() -> None:
    turns = RoundRobin(3)
    assert [turns.next() for _ in range(7)] == [1, 2, 3, 1, 2, 3, 1]


async def test_a_single_partition_node_runs_in_process(tmp_path: Path) -> None:
    node = await Node.start(tmp_path, partitions=1)
    assert node.local is not None and node.pids == []
    client = node.client()
    await client.deploy(SERVICE)
    key = await client.create_instance("service")
    assert partition_of(key) == 1
    await node.stop()


async def test_two_partitions_in_two_processes_share_the_work(tmp_path: Path) -> None:
    node = await Node.start(tmp_path, partitions=2)
    assert len(set(node.pids)) == 2
    client: BrokerClient = node.client()
    deployed = await client.deploy(SERVICE)
    assert deployed.processes_metadata[0].bpmn_process_id == "service"

    # Long polling across processes: parked until a partition reports a job.
    waiting = asyncio.create_task(client.activate_jobs("work", 1, request_timeout_s=10))
    await asyncio.sleep(0.1)
    assert not waiting.done()

    keys = await asyncio.gather(*(client.create_instance("service") for _ in range(10)))
    assert sorted(partition_of(k) for k in keys) == [1] * 5 + [2] * 5
    first = await asyncio.wait_for(waiting, 10)
    jobs = first + await client.activate_jobs("work", 20)
    assert len(jobs) == 10
    assert {partition_of(j.key) for j in jobs} == {1, 2}
    # Completions go to the partition in the job's key.
    await asyncio.gather(*(client.complete_job(j.key) for j in jobs))
    with pytest.raises(CommandRejected, match="NOT_FOUND"):
        await client.complete_job(jobs[0].key)
    await node.stop()

    for partition_id in (1, 2):
        with PartitionStore.open(
            partition_directory(tmp_path, partition_id), partition_id
        ) as store:
            completed = [
                r
                for r in store.log.read(1)
                if r.value_type is ValueType.JOB and r.intent is JobIntent.COMPLETED
            ]
            assert len(completed) == 5
            assert_replay_matches(store)
