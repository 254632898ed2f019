"""Broker throughput: durable group commit on one partition, end-to-end instances, and scaling.

    .venv/bin/python benchmarks/broker_throughput.py [--instances 6000] [--concurrency 512]

Prints:

1. records/s committed by one partition: instance creations of a start -> service task -> end
   process submitted `--concurrency` at a time; every group is one fsync'd WriteBatch.
2. instances/s end to end on one partition, in-process (no network): creations and a worker
   (activate up to 256 jobs, complete them concurrently) run side by side until every
   instance has completed; every command is durable before its response.
3. the same on 2 partitions, each in its own process with its own in-process load (what the
   partitions can do together), and through `Node` + `BrokerClient` from this process (the
   frames over Unix sockets and this process's client work included).

"per CPU-second" divides by the process's own CPU time (both threads): on a machine shared with
other work it shows what a partition costs even when wall-clock rates are squeezed.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from broker import BrokerClient, Node, Partition
from engine.testing import bpmn

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


async def _creations(directory: str, instances: int, concurrency: int) -> None:
    partition = await Partition.start(directory, 1)
    client = BrokerClient([partition])
    await client.deploy(SERVICE)
    before = partition.processor.statistics()
    started = time.perf_counter()
    remaining = instances

    async def creator() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await client.create_instance("service")

    await asyncio.gather(*(creator() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    after = partition.processor.statistics()
    records, groups = after.records - before.records, after.groups - before.groups
    commands = after.commands - before.commands
    print(
        f"1 partition, creations: {records / elapsed:,.0f} records/s committed, "
        f"{commands / elapsed:,.0f} commands/s, {groups / elapsed:,.0f} fsync'd groups/s "
        f"({commands / groups:.1f} commands per group)"
    )
    await partition.stop()


async def _end_to_end(client: BrokerClient, instances: int, concurrency: int) -> float:
    """Creates `instances` and completes their jobs; returns the seconds it took."""
    await client.deploy(SERVICE)
    started = time.perf_counter()
    remaining, completed = instances, 0

    async def creator() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await client.create_instance("service")

    async def worker() -> None:
        nonlocal completed
        while completed < instances:
            jobs = await client.activate_jobs("work", 256, timeout_ms=60_000, request_timeout_s=0.5)
            await asyncio.gather(*(client.complete_job(j.key) for j in jobs))
            completed += len(jobs)

    await asyncio.gather(worker(), worker(), *(creator() for _ in range(concurrency)))
    return time.perf_counter() - started


async def _one_partition(directory: str, instances: int, concurrency: int) -> float:
    partition = await Partition.start(directory, 1)
    elapsed = await _end_to_end(BrokerClient([partition]), instances, concurrency)
    await partition.stop()
    return elapsed


def _partition_process(directory: str, instances: int, concurrency: int, start: float) -> None:
    # Both processes start their load at the same wall-clock instant.
    time.sleep(max(0.0, start - time.time()))
    cpu = time.process_time()
    elapsed = asyncio.run(_one_partition(directory, instances, concurrency))
    cpu = time.process_time() - cpu
    print(
        f"    one of 2 partition processes: {instances / elapsed:,.0f} instances/s, "
        f"{instances / cpu:,.0f} per CPU-second",
        flush=True,
    )


async def _node(directory: str, instances: int, concurrency: int) -> float:
    node = await Node.start(directory, partitions=2)
    elapsed = await _end_to_end(node.client(), instances, concurrency)
    await node.stop()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--instances", type=int, default=6000)
    parser.add_argument("--concurrency", type=int, default=512)
    args = parser.parse_args()
    n, c = args.instances, args.concurrency
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(_creations(f"{tmp}/creations", n, c))

        cpu = time.process_time()
        one = n / asyncio.run(_one_partition(f"{tmp}/one", n, c))
        cpu = time.process_time() - cpu
        print(
            f"1 partition, end to end: {one:,.0f} instances/s (start -> job -> end, durable), "
            f"{n / cpu:,.0f} per CPU-second"
        )

        context = multiprocessing.get_context("spawn")
        start = time.time() + 2.0
        processes = [
            context.Process(target=_partition_process, args=(f"{tmp}/two-{p}", n, c, start))
            for p in (1, 2)
        ]
        for process in processes:
            process.start()
        for process in processes:
            process.join()
        together = 2 * n / (time.time() - start)
        print(
            f"2 partition processes, each with its own load: {together:,.0f} instances/s "
            f"together ({together / one:.2f}x one partition)"
        )

        through_node = 2 * n / asyncio.run(_node(f"{tmp}/node", 2 * n, c))
        print(
            f"2 partitions through Node + BrokerClient (sockets, client in this process): "
            f"{through_node:,.0f} instances/s ({through_node / one:.2f}x one partition)"
        )


if __name__ == "__main__":
    main()
