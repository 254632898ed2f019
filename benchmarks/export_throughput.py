"""Exporter throughput and lag: records/s into Kafka (Tansu), SQLite and PostgreSQL.

Run: .venv/bin/python benchmarks/export_throughput.py [--instances N] [--batch 500]
     [--targets kafka,sqlite,postgresql] [--fsync]

Records are made by the real engine (the harness of `engine.testing`): per instance of a
start -> service task -> end process, a CREATE, the job activated and completed, ~20 records.
Two figures per target, with batches of `--batch` records (the exporter director's default):

- drain: the whole log exported as fast as the target takes it (records offered per second,
  commands and events; the Kafka exporter sends the events, the SQL one applies all);
- live: the engine produces the same workload in a thread while the exporter follows the
  log, as a broker runs both; prints the engine's rate, the largest lag (records between the
  log's end and the exporter's acknowledged position) and the lag when the engine stopped.

PostgreSQL is a throwaway server (`broker.exporters.sql.testing`), fsync off unless `--fsync`;
SQLite is a file in a temporary directory (WAL, synchronous=NORMAL).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from sqlalchemy import create_engine, text

from broker.exporters.kafka import KafkaExporter
from broker.exporters.kafka_config import KafkaExporterConfig
from broker.exporters.kafka_testing import TansuBroker
from broker.exporters.sql import SqlExporter, SqlExporterConfig
from broker.exporters.sql.testing import throwaway_postgres
from engine.records import Record
from engine.testing import EngineHarness, bpmn

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


def produce(h: EngineHarness, instances: int, chunk: int = 50) -> None:
    """Run `instances` instances on `h`, appending to `h.log` (list appends are atomic)."""
    h.deploy(SERVICE)
    done = 0
    while done < instances:
        n = min(chunk, instances - done)
        for i in range(n):
            h.create_instance("service", {"order": done + i, "note": "é" * 20})
        for job in h.jobs.activate("work", n):
            h.jobs.complete(job.key, {"ok": True})
        done += n


Exporter = Any  # KafkaExporter | SqlExporter


async def drain(exporter: Exporter, log: list[Record[Any]], batch: int) -> float:
    start = time.perf_counter()
    for i in range(0, len(log), batch):
        await exporter.export(log[i : i + batch])
    return len(log) / (time.perf_counter() - start)


async def live(exporter: Exporter, instances: int, batch: int) -> dict[str, float]:
    h = EngineHarness()
    finished = threading.Event()
    produced_at: list[float] = []

    def engine() -> None:
        start = time.perf_counter()
        produce(h, instances)
        produced_at.append(time.perf_counter() - start)
        finished.set()

    thread = threading.Thread(target=engine)
    start = time.perf_counter()
    thread.start()
    exported, max_lag, lag_at_end = 0, 0, -1
    while True:
        end = len(h.log)
        if finished.is_set() and lag_at_end < 0:
            lag_at_end = end - exported
        if exported >= end:
            if finished.is_set():
                break
            await asyncio.sleep(0.001)
            continue
        chunk = h.log[exported : min(end, exported + batch)]
        await exporter.export(chunk)
        exported += len(chunk)
        max_lag = max(max_lag, len(h.log) - exported)
    elapsed = time.perf_counter() - start
    thread.join()
    return {
        "engine_rate": len(h.log) / produced_at[0],
        "export_rate": len(h.log) / elapsed,
        "max_lag": max_lag,
        "lag_at_end": max(lag_at_end, 0),
        "catch_up_s": elapsed - produced_at[0],
    }


@contextmanager
def target(name: str, fsync: bool) -> Iterator[Callable[[], Exporter]]:
    with ExitStack() as stack:
        if name == "kafka":
            kafka = stack.enter_context(TansuBroker())
            topics = iter(range(1_000_000))
            yield lambda: KafkaExporter(
                KafkaExporterConfig(bootstrap_servers=kafka.bootstrap, topic=f"b{next(topics)}")
            )
        elif name == "sqlite":
            directory = stack.enter_context(tempfile.TemporaryDirectory())
            files = iter(range(1_000_000))
            yield lambda: SqlExporter(
                SqlExporterConfig(url=f"sqlite:///{directory}/rm{next(files)}.db")
            )
        elif name == "postgresql":
            server = stack.enter_context(throwaway_postgres(fsync=fsync))
            admin = create_engine(server, isolation_level="AUTOCOMMIT")
            stack.callback(admin.dispose)
            databases = iter(range(1_000_000))

            def fresh() -> Exporter:
                name = f"bench{next(databases)}"
                with admin.connect() as connection:
                    connection.execute(text(f"CREATE DATABASE {name}"))
                return SqlExporter(SqlExporterConfig(url=server.rsplit("/", 1)[0] + "/" + name))

            yield fresh
        else:
            raise SystemExit(f"unknown target {name}")


async def bench(name: str, instances: int, batch: int, fsync: bool) -> None:
    h = EngineHarness()
    produce(h, instances)
    with target(name, fsync) as make:
        exporter = make()
        await exporter.open(1)
        rate = await drain(exporter, h.log, batch)
        await exporter.close()
        exporter = make()  # a fresh topic or database
        await exporter.open(1)
        following = await live(exporter, instances, batch)
        await exporter.close()
    print(
        f"{name:10} drain {rate:8.0f} records/s ({len(h.log)} records) | live: engine "
        f"{following['engine_rate']:6.0f} records/s, exported {following['export_rate']:6.0f}"
        f" records/s, max lag {following['max_lag']:.0f} records, lag when the engine "
        f"stopped {following['lag_at_end']:.0f}, caught up {following['catch_up_s']:.2f} s later"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--targets", default="kafka,sqlite,postgresql")
    parser.add_argument("--fsync", action="store_true", help="PostgreSQL with fsync on")
    args = parser.parse_args()
    for name in args.targets.split(","):
        asyncio.run(bench(name, args.instances, args.batch, args.fsync))


if __name__ == "__main__":
    main()
