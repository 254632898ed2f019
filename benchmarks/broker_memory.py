"""Resident memory of a partition holding many waiting instances (state on disk).

    .venv/bin/python benchmarks/broker_memory.py [--instances 1000000] [--dir DIRECTORY]

Creates `--instances` instances of start -> service task -> end through one partition (each
waits at its job), printing the process's resident memory as it goes; then stops, starts the
partition again in a fresh process and prints its resident memory once it answers. RocksDB
keeps the state on disk; the broker's memory is its memtables, block cache and Python heap.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from broker import BrokerClient, Partition
from engine.records.intents import JobBatchIntent
from engine.records.values import JobBatchRecordValue
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


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def _fill(directory: str, instances: int, concurrency: int) -> None:
    partition = await Partition.start(directory, 1)
    client = BrokerClient([partition])
    await client.deploy(SERVICE)
    started, remaining, done = time.perf_counter(), instances, 0
    step = max(instances // 10, 1)

    async def creator() -> None:
        nonlocal remaining, done
        while remaining > 0:
            remaining -= 1
            await client.create_instance("service")
            done += 1
            if done % step == 0:
                print(
                    f"  {done:>9,} waiting instances: {rss_mib():7.0f} MiB resident "
                    f"({done / (time.perf_counter() - started):,.0f}/s)",
                    flush=True,
                )

    await asyncio.gather(*(creator() for _ in range(concurrency)))
    await partition.stop()


async def _reopen(directory: str) -> None:
    started = time.perf_counter()
    partition = await Partition.start(directory, 1)
    activate = JobBatchRecordValue(type="work", worker="w", timeout=60_000, max_jobs_to_activate=1)
    await partition.send(JobBatchIntent.ACTIVATE, activate)
    seconds = time.perf_counter() - started
    print(f"  restarted and answering in {seconds * 1000:,.0f} ms: {rss_mib():.0f} MiB resident")
    await partition.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--instances", type=int, default=1_000_000)
    parser.add_argument("--concurrency", type=int, default=512)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--reopen", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.reopen:
        asyncio.run(_reopen(args.reopen))
        return
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        directory = f"{tmp}/partition-1"
        print(f"creating {args.instances:,} instances that wait at a service task:")
        asyncio.run(_fill(directory, args.instances, args.concurrency))
        size = sum(f.stat().st_size for f in Path(directory).rglob("*") if f.is_file())
        print(f"  database on disk: {size / 2**20:,.0f} MiB")
        subprocess.run([sys.executable, __file__, "--reopen", directory], check=True)


if __name__ == "__main__":
    main()
