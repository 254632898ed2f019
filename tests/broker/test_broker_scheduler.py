"""The scheduler and clocks: job time-outs and backoffs fire when due, also right after a
restart for what fell due while the partition was down; and long-polling job activation."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from broker import BrokerClient, ControlledClock, Partition
from engine import ValueType
from engine.records.intents import JobIntent
from engine.testing import START_MS

from .broker_processes import SERVICE, assert_replay_matches


def _job_intents(partition: Partition, key: int) -> list[JobIntent]:
    return [
        r.intent
        for r in partition.store.log.read(1)
        if r.value_type is ValueType.JOB and r.key == key and r.record_type.name == "EVENT"
    ]


def test_the_controlled_clock_pins_advances_and_resets() -> None:
    clock = ControlledClock()
    calls: list[int] = []
    clock.add_listener(lambda: calls.append(clock.now_ms()))
    clock.pin(1_000)
    clock.advance(500)
    assert clock.now_ms() == 1_500 and clock.pinned
    with pytest.raises(ValueError):
        clock.advance(-1)
    clock.reset()
    assert not clock.pinned and clock.now_ms() > 1_000_000
    assert calls[:2] == [1_000, 1_500] and len(calls) == 3


async def test_a_job_deadline_that_passed_while_down_times_out_right_after_restart(
    tmp_path: Path,
) -> None:
    clock = ControlledClock(START_MS)
    # A long period: only the check at start (and clock changes) can explain a time-out.
    partition = await Partition.start(tmp_path, 1, clock=clock, scheduler_period_s=3600)
    client = BrokerClient([partition])
    await client.deploy(SERVICE)
    await client.create_instance("service")
    [job] = await client.activate_jobs("work", 1, timeout_ms=60_000)
    await partition.stop()

    clock.advance(61_000)  # while the partition is down
    partition = await Partition.start(tmp_path, 1, clock=clock, scheduler_period_s=3600)
    client = BrokerClient([partition])
    async with asyncio.timeout(5):
        while JobIntent.TIMED_OUT not in _job_intents(partition, job.key):
            await asyncio.sleep(0.01)
    # Activatable again, and completing the stale activation's key works for the new one.
    [again] = await client.activate_jobs("work", 1)
    assert again.key == job.key
    await client.complete_job(again.key)
    assert _job_intents(partition, job.key).count(JobIntent.TIMED_OUT) == 1
    assert_replay_matches(partition.store)
    await partition.stop()


async def test_advancing_the_clock_fires_a_backoff_at_once(tmp_path: Path) -> None:
    clock = ControlledClock(START_MS)
    partition = await Partition.start(tmp_path, 1, clock=clock, scheduler_period_s=3600)
    client = BrokerClient([partition])
    await client.deploy(SERVICE)
    await client.create_instance("service")
    [job] = await client.activate_jobs("work", 1)
    await client.fail_job(job.key, retries=2, backoff_ms=7 * 24 * 3600 * 1000)  # a week
    assert await client.activate_jobs("work", 1) == []
    waiting = asyncio.create_task(client.activate_jobs("work", 1, request_timeout_s=5))
    await asyncio.sleep(0.05)
    assert not waiting.done()
    clock.advance(7 * 24 * 3600 * 1000)
    [back] = await asyncio.wait_for(waiting, 5)
    assert back.key == job.key
    assert JobIntent.RECURRED_AFTER_BACKOFF in _job_intents(partition, job.key)
    await partition.stop()


async def test_long_polling_waits_for_a_job_and_answers_when_one_is_created(
    tmp_path: Path,
) -> None:
    partition = await Partition.start(tmp_path, 1)
    client = BrokerClient([partition])
    await client.deploy(SERVICE)
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await client.activate_jobs("work", 1, request_timeout_s=0.2) == []
    assert loop.time() - started >= 0.2

    waiting = asyncio.create_task(client.activate_jobs("work", 5, request_timeout_s=10))
    await asyncio.sleep(0.05)
    assert not waiting.done()
    started = loop.time()
    instance = await client.create_instance("service")
    jobs = await asyncio.wait_for(waiting, 5)
    assert loop.time() - started < 1
    assert [j.job.process_instance_key for j in jobs] == [instance]
    await partition.stop()
