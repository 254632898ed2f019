"""BPMN events across partitions through the broker: message subscriptions and signal
broadcasts travel between two partition processes through the node (`ProcessingResult.sends`),
timers fire through the scheduler on the controlled clock, and a send lost with a restart is
appended again from `Engine.pending_sends()`."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path
from typing import Any

from broker import BrokerClient, Node, PartitionUnavailable
from engine import subscription_partition
from engine.keys import partition_of
from engine.records.intents import MessageIntent, SignalIntent
from engine.records.values import MessageRecordValue, SignalRecordValue
from engine.testing import bpmn

MESSAGE = (
    '<bpmn:message id="msg_paid" name="paid"><bpmn:extensionElements>'
    '<zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message>'
)
SIGNAL = '<bpmn:signal id="sig_go" name="go" />'


def waiting_process(process_id: str, definition: str, job_type: str, extra: str = "") -> str:
    """start -> catch event (`definition`) -> service task of `job_type` -> end."""
    return bpmn(
        f"""
  <bpmn:process id="{process_id}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <bpmn:intermediateCatchEvent id="wait">{definition}</bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="task" />
    <bpmn:serviceTask id="task">
      <bpmn:extensionElements><zeebe:taskDefinition type="{job_type}" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f3" sourceRef="task" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""",
        extra,
    )


ORDER = waiting_process(
    "order", '<bpmn:messageEventDefinition messageRef="msg_paid" />', "ship", MESSAGE
)
GO = waiting_process("go", '<bpmn:signalEventDefinition signalRef="sig_go" />', "went", SIGNAL)
TIMER = waiting_process(
    "timer",
    "<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration>"
    "</bpmn:timerEventDefinition>",
    "woke",
)


def key_for(partition_id: int, n: int = 0) -> str:
    """The `n`-th correlation key whose messages live on partition `partition_id` (of 2)."""
    keys = (
        f"order-{i}" for i in range(1000) if subscription_partition(f"order-{i}", 2) == partition_id
    )
    for _ in range(n):
        next(keys)
    return next(keys)


async def publish(client: BrokerClient, key: str, ttl_ms: int, **variables: Any) -> None:
    value = MessageRecordValue(
        name="paid", correlation_key=key, time_to_live=ttl_ms, variables=variables
    )
    response = await client.send(MessageIntent.PUBLISH, value)
    assert partition_of(response.key) == subscription_partition(key, 2)


async def jobs(client: BrokerClient, job_type: str, count: int) -> list[Any]:
    found: list[Any] = []
    async with asyncio.timeout(20):
        while len(found) < count:
            try:
                found += await client.activate_jobs(job_type, count, request_timeout_s=5)
            except PartitionUnavailable:  # restarting
                await asyncio.sleep(0.05)
    return found


async def start_node(tmp_path: Path, **options: Any) -> tuple[Node, BrokerClient]:
    node = await Node.start(tmp_path, partitions=2, controlled_clock=True, **options)
    client = node.client()
    await client.deploy(ORDER, GO, TIMER)
    return node, client


async def test_a_message_published_on_the_other_partition_correlates(tmp_path: Path) -> None:
    node, client = await start_node(tmp_path)
    try:
        # A new client's round robin puts the first instance on partition 1, the next on 2.
        # After the subscription opened: a message with no time to live correlates only if
        # the instance's subscription already reached the message partition (it opens
        # asynchronously, through the node), so it is published until one does.
        key = key_for(2)
        instance = await client.create_instance("order", {"orderId": key})
        assert partition_of(instance) == 1
        found: list[Any] = []
        async with asyncio.timeout(20):
            while not found:
                await publish(client, key, 0, paid=1)
                found = await client.activate_jobs("ship", 1, request_timeout_s=0.2)
        assert found[0].job.process_instance_key == instance
        assert found[0].job.variables["paid"] == 1

        # Before the subscription opens: the message is buffered on its partition and
        # correlates once the instance's subscription arrives there.
        later = key_for(1)
        await publish(client, later, 60_000, paid=2)
        waiting = await client.create_instance("order", {"orderId": later})
        assert partition_of(waiting) == 2
        (job,) = await jobs(client, "ship", 1)
        assert job.job.process_instance_key == waiting
        assert job.job.variables["paid"] == 2
    finally:
        await node.stop()


async def test_a_signal_broadcast_reaches_both_partitions(tmp_path: Path) -> None:
    node, client = await start_node(tmp_path)
    try:
        keys = [await client.create_instance("go") for _ in range(2)]
        assert {partition_of(k) for k in keys} == {1, 2}
        await client.send(SignalIntent.BROADCAST, SignalRecordValue(signal_name="go"))
        found = await jobs(client, "went", 2)
        assert sorted(j.job.process_instance_key for j in found) == sorted(keys)
    finally:
        await node.stop()


async def test_timers_fire_through_the_scheduler_on_the_controlled_clock(tmp_path: Path) -> None:
    node, client = await start_node(tmp_path)
    try:
        keys = [await client.create_instance("timer") for _ in range(2)]
        assert await client.activate_jobs("woke", 2) == []
        node.advance_clock(2 * 3600 * 1000)
        found = await jobs(client, "woke", 2)
        assert sorted(j.job.process_instance_key for j in found) == sorted(keys)
    finally:
        await node.stop()


async def test_restarts_between_publish_and_correlation_still_correlate(tmp_path: Path) -> None:
    node, client = await start_node(tmp_path, resend_period_s=0.3)
    try:
        key = key_for(2)
        instance = await client.create_instance("order", {"orderId": key})
        message_partition, instance_partition = 2, partition_of(instance)
        assert instance_partition == 1
        await asyncio.sleep(0.5)  # the subscription reaches the message partition
        # The instance's partition dies, the message is published (its CORRELATE cannot be
        # appended), then the message partition dies too, losing its outbox: only
        # `pending_sends()` on its restart can still deliver the correlation.
        os.kill(node.pids[instance_partition - 1], signal.SIGKILL)
        await publish(client, key, 60_000, paid=3)
        os.kill(node.pids[message_partition - 1], signal.SIGKILL)
        (job,) = await jobs(client, "ship", 1)
        assert job.job.process_instance_key == instance
        assert job.job.variables["paid"] == 3
        assert node.restarts >= 2
    finally:
        await node.stop()
