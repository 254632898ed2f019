"""Partition log throughput on RocksDB: batches of 10 records committed with and without fsync,
and reading the log back.

Run: .venv/bin/python benchmarks/broker_log.py [--batches N] [--dir DIRECTORY]

"commit, fsync" is the stream processor's path (`PartitionStore.commit`: 10 records, a state
write and the processed position in one WriteBatch, fsync'd); "append, fsync" is
`PartitionLog.append`; "append, no fsync" writes the same batches without waiting for the disk
(not a mode the broker uses: it shows what fsync costs). Records are JOB CREATED events with
positions already assigned, as the engine hands them over. The database lives in a temporary
directory under --dir (default: the system's temporary directory), so it measures that disk.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from broker import PartitionStore
from engine.records import Record, RecordCodec, RecordType, ValueType
from engine.records.intents import JobIntent
from engine.records.values import JobRecordValue

BATCH = 10


def _record(position: int) -> Record[JobRecordValue]:
    return Record(
        position=position,
        source_record_position=position - 1,
        key=2251799813685249 + position,
        timestamp=1700000000000,
        partition_id=1,
        record_type=RecordType.EVENT,
        value_type=ValueType.JOB,
        intent=JobIntent.CREATED,
        value=JobRecordValue(
            bpmn_process_id="order-fulfilment",
            process_definition_key=2251799813685249,
            process_instance_key=2251799813685251,
            element_id="charge-payment",
            element_instance_key=2251799813685252,
            type="payment",
            retries=3,
            custom_headers={"method": "card"},
        ),
    )


def _batches(first: int, count: int) -> list[list[Record[Any]]]:
    return [[_record(first + b * BATCH + i) for i in range(BATCH)] for b in range(count)]


def _timed(run: Callable[[], None]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _report(label: str, batches: int, seconds: float) -> None:
    print(
        f"  {label:<24} {batches / seconds:>10,.0f} batches/s {batches * BATCH / seconds:>12,.0f}"
        f" records/s {seconds / batches * 1e6:>9,.0f} µs/batch"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=2_000)
    parser.add_argument("--dir", type=Path, default=None)
    arguments = parser.parse_args()
    n: int = arguments.batches
    with tempfile.TemporaryDirectory(dir=arguments.dir) as directory:
        store = PartitionStore.open(Path(directory) / "partition-1", partition_id=1)
        size = len(RecordCodec().encode(_record(1)))
        print(f"{n:,} batches of {BATCH} JOB records ({size} bytes each) in {directory}")

        work = _batches(1, n)
        txn = store.state.begin()

        def commits() -> None:
            for batch in work:
                txn.put(b"\x00\x0cjob", b"x" * 64)
                store.commit(batch, txn, processed_position=batch[-1].position)

        _report("commit, fsync", n, _timed(commits))

        work = _batches(store.log.last_position + 1, n)

        def appends() -> None:
            for batch in work:
                store.log.append(batch)

        _report("append, fsync", n, _timed(appends))

        work = _batches(store.log.last_position + 1, n)

        def unsynced() -> None:
            for batch in work:
                write = store.db.batch()
                positions = store.log.stage(write, batch)
                store.db.write(write, sync=False)
                store.log.staged_written(positions)

        _report("append, no fsync", n, _timed(unsynced))

        total = store.log.last_position
        seconds = _timed(lambda: sum(1 for _ in store.log.read(1)))
        print(f"  {'read (decoded)':<24} {total / seconds:>35,.0f} records/s ({total:,} records)")
        store.close()


if __name__ == "__main__":
    main()
