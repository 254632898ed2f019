"""In-process engine throughput on the in-memory store: process instances per second.

Run: .venv/bin/python benchmarks/engine_throughput.py [--instances N]

Two processes, each run to completion through `Engine.process` with every record written
(and every event applied) exactly as the broker would, minus the disk:

- service: start -> service task -> end; per instance one CREATE, then jobs are activated
  in batches of up to 1000 and each completed (COMPLETE), all in-process;
- parallel: start -> fork -> 3 plain tasks -> join -> end; one CREATE per instance.

Positions come from a counter; the records are kept in a list, as a log would hold them.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

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

PARALLEL = bpmn("""
  <bpmn:process id="parallel" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" />
    <bpmn:parallelGateway id="fork" />
    <bpmn:sequenceFlow id="a" sourceRef="fork" targetRef="ta" />
    <bpmn:sequenceFlow id="b" sourceRef="fork" targetRef="tb" />
    <bpmn:sequenceFlow id="c" sourceRef="fork" targetRef="tc" />
    <bpmn:task id="ta" />
    <bpmn:task id="tb" />
    <bpmn:task id="tc" />
    <bpmn:sequenceFlow id="a2" sourceRef="ta" targetRef="join" />
    <bpmn:sequenceFlow id="b2" sourceRef="tb" targetRef="join" />
    <bpmn:sequenceFlow id="c2" sourceRef="tc" targetRef="join" />
    <bpmn:parallelGateway id="join" />
    <bpmn:sequenceFlow id="f2" sourceRef="join" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=2000)
    args = parser.parse_args()
    for name, run in (("service task", run_service), ("3-branch parallel", run_parallel)):
        run(min(200, args.instances))  # warm-up: imports, caches
        elapsed, records = run(args.instances)
        print(
            f"{name:18} {args.instances / elapsed:9.0f} instances/s "
            f"({records / args.instances:.0f} records per instance, "
            f"{records / elapsed:9.0f} records/s)"
        )


if __name__ == "__main__":
    main()
