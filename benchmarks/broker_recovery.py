"""Recovery time: how long a partition database with many records takes to open after kill -9.

Run: .venv/bin/python benchmarks/broker_recovery.py [--records N] [--dir DIRECTORY]

A child process commits N records (batches of 100 through `PartitionStore.commit`, fsync'd,
with a state write each) and then SIGKILLs itself, so RocksDB finds its write-ahead log
unflushed and must replay it. The parent times starting a `Partition` on it (open, replaying
RocksDB's WAL, the stream processor's recovery, the scheduler's first check) until the first
command is answered, durably: what a client waits for after kill -9. Then a plain
`PartitionStore.open` after a clean close.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from broker import Partition, PartitionStore
from engine.records import Record, RecordType, ValueType
from engine.records.intents import JobBatchIntent, JobIntent
from engine.records.values import JobBatchRecordValue, JobRecordValue

BATCH = 100


def _write_then_die(directory: str, records: int) -> None:
    store = PartitionStore.open(directory, partition_id=1)
    txn = store.state.begin()
    value = JobRecordValue(bpmn_process_id="order", element_id="charge", type="payment")
    for first in range(1, records + 1, BATCH):
        batch = [
            Record(
                position=position,
                key=2251799813685249 + position,
                timestamp=1700000000000,
                partition_id=1,
                record_type=RecordType.EVENT,
                value_type=ValueType.JOB,
                intent=JobIntent.CREATED,
                value=value,
            )
            for position in range(first, min(first + BATCH, records + 1))
        ]
        txn.put(b"\x00\x0cjob" + first.to_bytes(8, "big"), b"x" * 64)
        store.commit(batch, txn, processed_position=batch[-1].position)
    print(store.log.last_position, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)


async def _serve(directory: str, written: int) -> tuple[float, float]:
    started = time.perf_counter()
    partition = await Partition.start(directory, 1)
    running = time.perf_counter()
    assert partition.store.processed_position == written
    activate = JobBatchRecordValue(type="none", worker="w", timeout=1000, max_jobs_to_activate=1)
    await partition.send(JobBatchIntent.ACTIVATE, activate)
    answered = time.perf_counter()
    await partition.stop()
    return (running - started) * 1000, (answered - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--write-then-die", metavar="DIRECTORY", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.write_then_die:
        _write_then_die(arguments.write_then_die, arguments.records)
        return
    with tempfile.TemporaryDirectory(dir=arguments.dir) as temporary:
        directory = str(Path(temporary) / "partition-1")
        started = time.perf_counter()
        command = [sys.executable, __file__, "--records", str(arguments.records)]
        child = subprocess.run(
            [*command, "--write-then-die", directory],
            capture_output=True,
            check=False,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
        )
        assert child.returncode == -signal.SIGKILL, child.stderr.decode()
        written = int(child.stdout)
        print(f"{written:,} records committed in {time.perf_counter() - started:.1f} s, killed")
        started_ms, answered_ms = asyncio.run(_serve(directory, written))
        print(f"  partition started after kill -9:  {started_ms:>8,.0f} ms")
        print(f"  first command answered (durable): {answered_ms:>8,.0f} ms")
        started = time.perf_counter()
        store = PartitionStore.open(directory, partition_id=1)
        seconds = time.perf_counter() - started
        print(f"  store open after a clean close:   {seconds * 1000:>8,.0f} ms")
        store.close()


if __name__ == "__main__":
    main()
