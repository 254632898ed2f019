"""The broker's side of the engine's events, in one process: sends lost on the way are
appended again from `Engine.pending_sends()` every resend period; a timer fires at
`Engine.next_due_date()`, not at the scheduler's (here very long) safety period."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from broker import BrokerClient, Partition
from broker.processing.clock import ControlledClock
from engine import Record, subscription_partition
from engine.keys import partition_of
from engine.records.intents import MessageIntent
from engine.records.values import MessageRecordValue

from .test_broker_events_partitions import ORDER, TIMER, key_for


async def jobs(client: BrokerClient, job_type: str, count: int, within_s: float) -> list[Any]:
    found: list[Any] = []
    async with asyncio.timeout(within_s):
        while len(found) < count:
            found += await client.activate_jobs(job_type, count, request_timeout_s=within_s)
    return found


async def test_a_lost_send_is_appended_again_from_pending_sends(tmp_path: Path) -> None:
    partitions: dict[int, Partition] = {}
    lost: list[Record[Any]] = []

    async def deliver(partition_id: int, command: Record[Any]) -> None:
        if not lost:  # the first send vanishes, as if the target died before appending it
            lost.append(command)
            return
        appended: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        partitions[partition_id].processor.submit_internal(
            [command], lambda: appended.set_result(None)
        )
        await appended

    for p in (1, 2):
        partitions[p] = await Partition.start(
            tmp_path / f"p{p}", p, partition_count=2, deliver=deliver, resend_period_s=0.2
        )
    client = BrokerClient([partitions[1], partitions[2]])
    try:
        await client.deploy(ORDER)
        key = key_for(2)
        assert subscription_partition(key, 2) == 2
        await client.send(
            MessageIntent.PUBLISH,
            MessageRecordValue(name="paid", correlation_key=key, time_to_live=60_000),
        )
        instance = await client.create_instance("order", {"orderId": key})
        assert partition_of(instance) == 1
        (job,) = await jobs(client, "ship", 1, within_s=10)
        assert job.job.process_instance_key == instance
        assert lost and lost[0].intent.name == "CREATE"  # the subscription's first CREATE
    finally:
        for partition in partitions.values():
            await partition.stop()


async def test_a_timer_fires_at_its_due_date_not_at_the_safety_period(tmp_path: Path) -> None:
    clock = ControlledClock()
    partition = await Partition.start(tmp_path / "p1", 1, clock=clock, scheduler_period_s=3600.0)
    client = BrokerClient([partition])
    try:
        await client.deploy(TIMER)
        await client.create_instance("timer")
        # The clock moves without telling the scheduler (as a real clock would): only the
        # timer armed at `next_due_date()` can notice the due date passed.
        clock.remove_listener(partition.processor.request_due_check)
        await asyncio.sleep(0.05)
        clock.advance(3600 * 1000 - 200)  # 200 ms before the timer is due
        assert await client.activate_jobs("woke", 1) == []
        (job,) = await jobs(client, "woke", 1, within_s=5)
        assert job.job.variables == {}
    finally:
        await partition.stop()
