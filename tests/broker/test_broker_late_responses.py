"""Late responses: a creation awaiting its instance's result is answered in a later group
(after a worker completed the job), in process and across partition processes; the client's
timeout drops the pending answer; stopping answers it `PartitionUnavailable`."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from broker import BrokerClient, Node, PartitionStore, PartitionUnavailable
from broker.node import partition_directory
from engine import Record, RecordType, ValueType
from engine.keys import partition_of
from engine.records.intents import ProcessInstanceCreationIntent, ProcessInstanceResultIntent
from engine.records.values import ProcessInstanceCreationRecordValue

from .broker_processes import SERVICE, assert_replay_matches

AWAIT = ProcessInstanceCreationIntent.CREATE_WITH_AWAITING_RESULT


def _creation(**variables: Any) -> ProcessInstanceCreationRecordValue:
    return ProcessInstanceCreationRecordValue(
        bpmn_process_id="service", variables=variables, fetch_variables=["paid"]
    )


async def _complete_jobs(client: BrokerClient, count: int) -> list[int]:
    """Activates and completes `count` jobs (setting `paid`); returns their instances."""
    instances: list[int] = []
    async with asyncio.timeout(20):
        while len(instances) < count:
            jobs = await client.activate_jobs("work", count, request_timeout_s=5)
            for job in jobs:
                await client.complete_job(job.key, {"paid": job.job.process_instance_key})
                instances.append(job.job.process_instance_key)
    return instances


@pytest.mark.parametrize("partitions", [1, 2])
async def test_a_creation_awaiting_its_result_is_answered_after_the_worker(
    tmp_path: Path, partitions: int
) -> None:
    node = await Node.start(tmp_path, partitions=partitions)
    try:
        client = node.client()
        await client.deploy(SERVICE)
        waiting = [asyncio.create_task(client.send(AWAIT, _creation(n=n))) for n in range(4)]
        await asyncio.sleep(0.2)
        assert not any(task.done() for task in waiting)  # no early "the engine wrote none"
        completed = await _complete_jobs(client, 4)
        results: list[Record[Any]] = await asyncio.wait_for(asyncio.gather(*waiting), 10)
        for result in results:
            assert result.record_type is RecordType.EVENT
            assert result.value_type is ValueType.PROCESS_INSTANCE_RESULT
            assert result.intent is ProcessInstanceResultIntent.COMPLETED
            assert result.value.variables == {"paid": result.value.process_instance_key}
        assert sorted(r.value.process_instance_key for r in results) == sorted(completed)
        # Round robin like any creation.
        assert {partition_of(k) for k in completed} == set(range(1, partitions + 1))
    finally:
        await node.stop()
    for partition_id in range(1, partitions + 1):
        with PartitionStore.open(
            partition_directory(tmp_path, partition_id), partition_id
        ) as store:
            created = [
                r
                for r in store.log.read(1)
                if r.value_type is ValueType.PROCESS_INSTANCE_CREATION
                and r.intent is ProcessInstanceCreationIntent.CREATED
            ]
            assert len(created) == 4 // partitions  # each creation once: nothing retried
            assert_replay_matches(store)


@pytest.mark.parametrize("partitions", [1, 2])
async def test_a_client_that_gives_up_drops_the_pending_answer(
    tmp_path: Path, partitions: int
) -> None:
    node = await Node.start(tmp_path, partitions=partitions)
    try:
        client = node.client()
        await client.deploy(SERVICE)
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(client.send(AWAIT, _creation(), partition_id=1), 0.3)
        if node.local is not None:
            assert node.local.processor.statistics().awaiting == 0
        # The instance goes on; its completion answers nobody and hurts nothing.
        await _complete_jobs(client, 1)
        later = asyncio.create_task(client.send(AWAIT, _creation(), partition_id=1))
        await _complete_jobs(client, 1)
        result = await asyncio.wait_for(later, 10)
        assert result.intent is ProcessInstanceResultIntent.COMPLETED
    finally:
        await node.stop()


@pytest.mark.parametrize("partitions", [1, 2])
async def test_requests_still_waiting_at_stop_are_unavailable(
    tmp_path: Path, partitions: int
) -> None:
    node = await Node.start(tmp_path, partitions=partitions)
    client = node.client()
    await client.deploy(SERVICE)
    waiting = asyncio.create_task(client.send(AWAIT, _creation(), partition_id=1))
    await asyncio.sleep(0.3)
    assert not waiting.done()
    await node.stop()
    with pytest.raises(PartitionUnavailable):
        await asyncio.wait_for(waiting, 10)
