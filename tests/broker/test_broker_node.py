"""A node's partitions: routing rules, partitions in separate processes behind one client,
deployments on every partition, keys routed to their owner, long polling across processes."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import pytest

from broker import BrokerClient, CommandRejected, Node, PartitionStore, PartitionUnavailable
from broker.node import partition_directory
from broker.routing import RoundRobin, partition_of_correlation_key, partition_of_key
from engine import ValueType, subscription_partition
from engine.keys import partition_key, partition_of
from engine.records.intents import JobBatchIntent, JobIntent
from engine.records.values import JobBatchRecordValue

from .broker_processes import SERVICE, assert_replay_matches


def test_keys_route_to_the_partition_they_carry() -> None:
    assert partition_of_key(partition_key(3, 17), 4) == 3
    with pytest.raises(ValueError, match="partition 5"):
        partition_of_key(partition_key(5, 1), 4)


def test_correlation_keys_route_as_the_engine_subscribes() -> None:
    # Fixed values: any process, machine or Python version routes "order-42" the same way,
    # and to the partition the engine opens its subscriptions on.
    assert partition_of_correlation_key("order-42", 3) == subscription_partition("order-42", 3)
    assert partition_of_correlation_key("order-42", 3) == 1
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


async def test_a_partition_process_killed_with_sigkill_is_restarted_and_loses_nothing(
    tmp_path: Path,
) -> None:
    node = await Node.start(tmp_path, partitions=2)
    client = node.client()
    await client.deploy(SERVICE)
    keys = await asyncio.gather(*(client.create_instance("service") for _ in range(20)))
    second = node.partitions[1]
    os.kill(node.pids[1], signal.SIGKILL)
    # Until the node has restarted it, partition 2 is unavailable; then it is back, whole.
    async with asyncio.timeout(30):
        while True:
            try:
                await client.send(
                    JobBatchIntent.ACTIVATE,
                    JobBatchRecordValue(type="none", worker="w", timeout=1, max_jobs_to_activate=1),
                    partition_id=2,
                )
                break
            except PartitionUnavailable:
                await asyncio.sleep(0.05)
    assert node.restarts == 1 and second.running
    assert node.partitions[1] is second  # the same handle, attached to the new process
    jobs = await client.activate_jobs("work", 100)
    assert sorted(j.job.process_instance_key for j in jobs) == sorted(keys)
    await asyncio.gather(*(client.complete_job(j.key) for j in jobs))
    await node.stop()


@pytest.mark.parametrize("partitions", [1, 2])
async def test_the_node_clock_moves_every_partition(tmp_path: Path, partitions: int) -> None:
    node = await Node.start(tmp_path, partitions=partitions, controlled_clock=True)
    client = node.client()
    await client.deploy(SERVICE)
    node.pin_clock(1_700_000_000_000)
    await asyncio.sleep(0.1)  # CLOCK frames are one-way: let them arrive
    for _ in range(partitions):
        await client.create_instance("service")
    jobs = await client.activate_jobs("work", 10, timeout_ms=60_000)
    assert {j.job.deadline for j in jobs} == {1_700_000_060_000}
    node.advance_clock(61_000)  # the deadlines pass: the jobs time out and come back
    back: set[int] = set()
    async with asyncio.timeout(10):
        while len(back) < partitions:
            back |= {j.key for j in await client.activate_jobs("work", 10, request_timeout_s=5)}
    assert back == {j.key for j in jobs}
    node.reset_clock()
    await node.stop()
