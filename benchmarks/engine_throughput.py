"""In-process engine throughput on the in-memory store: process instances per second.

Run: .venv/bin/python benchmarks/engine_throughput.py [--instances N] [--spiff-python PY]

With `--spiff-python`, SpiffWorkflow runs the same processes in the same run, in its own
environment (see `engine_spiff.py`), and the figures are printed side by side.

Two processes, each run to completion through `Engine.process` with every record written
(and every event applied) exactly as the broker would, minus the disk:

- service: start -> service task -> end; per instance one CREATE, then jobs are activated
  in batches of up to 1000 and each completed (COMPLETE), all in-process;
- parallel: start -> fork -> 3 plain tasks -> join -> end; one CREATE per instance.

Positions come from a counter; the records are kept in a list, as a log would hold them.
"""

from __future__ import annotations

import argparse
import subprocess
import time
from pathlib import Path
from typing import Any

from engine_processes import PARALLEL, SERVICE  # type: ignore[import-not-found]

from engine import Engine, InMemoryKeyValueStore, Record, RecordType
from engine.records.intents import (
    DeploymentIntent,
    Intent,
    JobBatchIntent,
    JobIntent,
    ProcessInstanceCreationIntent,
)
from engine.records.registry import value_type_of
from engine.records.values import (
    DeploymentRecordValue,
    DeploymentResource,
    JobBatchRecordValue,
    JobRecordValue,
    ProcessInstanceCreationRecordValue,
    RecordValue,
)


class _Log:
    def __init__(self) -> None:
        self.engine = Engine(InMemoryKeyValueStore())
        self.records: list[Record[Any]] = []
        self.now = 1_700_000_000_000

    def write(self, intent: Intent, value: RecordValue, key: int = -1) -> Record[Any]:
        command: Record[Any] = Record(
            position=len(self.records) + 1,
            key=key,
            timestamp=self.now,
            partition_id=1,
            record_type=RecordType.COMMAND,
            value_type=value_type_of(value),
            intent=intent,
            request_id=1,
            value=value,
        )
        self.records.append(command)
        result = self.engine.process(command, self.now, len(self.records) + 1)
        self.records.extend(result.records)
        return result.responses[0]


def _deploy(log: _Log, xml: str) -> None:
    resource = DeploymentResource(resource_name="p.bpmn", resource=xml.encode())
    log.write(DeploymentIntent.CREATE, DeploymentRecordValue(resources=[resource]))


def run_service(instances: int) -> tuple[float, int]:
    log = _Log()
    _deploy(log, SERVICE)
    start, before = time.perf_counter(), len(log.records)
    create = ProcessInstanceCreationRecordValue(bpmn_process_id="service")
    for _ in range(instances):
        log.write(ProcessInstanceCreationIntent.CREATE, create)
    activate = JobBatchRecordValue(
        type="work", worker="bench", timeout=60_000, max_jobs_to_activate=1000
    )
    done = JobRecordValue(variables={"ok": True})
    completed = 0
    while completed < instances:
        batch = log.write(JobBatchIntent.ACTIVATE, activate).value
        for key in batch.job_keys:
            log.write(JobIntent.COMPLETE, done, key)
        completed += len(batch.job_keys)
    return time.perf_counter() - start, len(log.records) - before


def run_parallel(instances: int) -> tuple[float, int]:
    log = _Log()
    _deploy(log, PARALLEL)
    start, before = time.perf_counter(), len(log.records)
    create = ProcessInstanceCreationRecordValue(bpmn_process_id="parallel")
    for _ in range(instances):
        log.write(ProcessInstanceCreationIntent.CREATE, create)
    return time.perf_counter() - start, len(log.records) - before


def _spiff(python: str, instances: int) -> dict[str, float]:
    script = Path(__file__).with_name("engine_spiff.py")
    output = subprocess.run(
        [python, str(script), "--instances", str(instances)],
        check=True,
        capture_output=True,
        text=True,
        cwd=script.parent,
    ).stdout
    return {name: float(rate) for name, rate in (line.split("\t") for line in output.splitlines())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=2000)
    parser.add_argument("--spiff-python", help="a Python with SpiffWorkflow 3.2 installed")
    args = parser.parse_args()
    spiff = _spiff(args.spiff_python, args.instances) if args.spiff_python else {}
    for name, run in (("service task", run_service), ("3-branch parallel", run_parallel)):
        run(min(200, args.instances))  # warm-up: imports, caches
        elapsed, records = run(args.instances)
        rate = args.instances / elapsed
        line = (
            f"{name:18} Baton {rate:7.0f} instances/s "
            f"({records / args.instances:.0f} records per instance, "
            f"{records / elapsed:7.0f} records/s)"
        )
        if name in spiff:
            line += f"; SpiffWorkflow {spiff[name]:7.0f} instances/s ({rate / spiff[name]:.2f}x)"
        print(line)


if __name__ == "__main__":
    main()
