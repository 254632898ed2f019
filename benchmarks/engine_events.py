"""In-process event throughput on the in-memory store: timers fired and messages correlated
per second.

Run: .venv/bin/python benchmarks/engine_events.py [--timers N] [--messages N]

- timers: N instances of start -> timer catch event (PT1M) -> end are created (not timed),
  then the clock moves one minute on and, as the broker's scheduler does, the TIMER TRIGGER
  commands from `Engine.due_commands(now, limit=1000)` are processed until none is due. Prints
  timers fired per second and how late (wall clock, from the moment all fell due) the median
  and the 99th percentile fired: with all N due at once, lateness is queueing behind the
  others, so the p99 is about N / rate. Then a steady load: timers falling due at
  `--steady-rate` per second, the simulated clock following the wall clock and the scheduler
  asking in a loop; prints how late the median and the 99th percentile fired.
- messages: N instances of start -> message catch event -> end, each with its own
  correlation key, are created (not timed); then N messages are published, each correlating
  to one instance, which completes. One partition (instance and message partition are the
  same, so every subscription command is a follow-up of the same batch); the 2-partition
  figure needs the broker, which delivers `ProcessingResult.sends` between partitions.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from engine import Engine, InMemoryKeyValueStore, Record, RecordType
from engine.records.intents import (
    DeploymentIntent,
    Intent,
    MessageIntent,
    ProcessInstanceCreationIntent,
)
from engine.records.registry import value_type_of
from engine.records.values import (
    DeploymentRecordValue,
    DeploymentResource,
    MessageRecordValue,
    ProcessInstanceCreationRecordValue,
    RecordValue,
)
from engine.testing import bpmn

TIMER = bpmn("""
  <bpmn:process id="timer" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <bpmn:intermediateCatchEvent id="wait">
      <bpmn:timerEventDefinition><bpmn:timeDuration>=delay</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")

MESSAGE = bpmn(
    """
  <bpmn:process id="message" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <bpmn:intermediateCatchEvent id="wait">
      <bpmn:messageEventDefinition messageRef="paid" />
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""",
    '<bpmn:message id="paid" name="paid"><bpmn:extensionElements>'
    '<zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message>',
)


class _Log:
    def __init__(self) -> None:
        self.engine = Engine(InMemoryKeyValueStore())
        self.records: list[Record[Any]] = []
        self.now = 1_700_000_000_000

    def write(self, intent: Intent, value: RecordValue, key: int = -1) -> None:
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

    def deploy(self, xml: str) -> None:
        resource = DeploymentResource(resource_name="p.bpmn", resource=xml.encode())
        self.write(DeploymentIntent.CREATE, DeploymentRecordValue(resources=[resource]))


def run_timers(count: int) -> tuple[float, float, float]:
    log = _Log()
    log.deploy(TIMER)
    create = ProcessInstanceCreationRecordValue(
        bpmn_process_id="timer", variables={"delay": "PT1M"}
    )
    for _ in range(count):
        log.write(ProcessInstanceCreationIntent.CREATE, create)
    log.now += 60_000
    late: list[float] = []
    start = time.perf_counter()
    while due := log.engine.due_commands(log.now, limit=1000):
        for command in due:
            log.write(command.intent, command.value, command.key)
            late.append(time.perf_counter() - start)
    elapsed = time.perf_counter() - start
    assert len(late) == count, f"fired {len(late)} of {count}"
    late.sort()
    return count / elapsed, statistics.median(late), late[int(len(late) * 0.99) - 1]


def run_steady(rate: int, seconds: float) -> tuple[int, float, float]:
    """Timers falling due at `rate` per second for `seconds`, the simulated clock following
    the wall clock, the scheduler asking `due_commands` in a loop: how late each fired."""
    log = _Log()
    log.deploy(TIMER)
    count = int(rate * seconds)
    for index in range(count):
        delay = f"PT{1 + index / rate:.3f}S"  # the first fall due one second from now
        create = ProcessInstanceCreationRecordValue(
            bpmn_process_id="timer", variables={"delay": delay}
        )
        log.write(ProcessInstanceCreationIntent.CREATE, create)
    base, start, late = log.now + 1000, time.perf_counter(), []
    log.now = base
    timers = log.engine.state.timers
    while len(late) < count:
        log.now = base + int((time.perf_counter() - start) * 1000)
        for command in log.engine.due_commands(log.now, limit=1000):
            timer = timers.get(command.key)
            assert timer is not None
            log.write(command.intent, command.value, command.key)
            fired = base + (time.perf_counter() - start) * 1000
            late.append(fired - timer.due_date)
    late.sort()
    return count, statistics.median(late), late[int(len(late) * 0.99) - 1]


def run_messages(count: int) -> float:
    log = _Log()
    log.deploy(MESSAGE)
    for index in range(count):
        create = ProcessInstanceCreationRecordValue(
            bpmn_process_id="message", variables={"orderId": f"order-{index}"}
        )
        log.write(ProcessInstanceCreationIntent.CREATE, create)
    start = time.perf_counter()
    for index in range(count):
        message = MessageRecordValue(
            name="paid", correlation_key=f"order-{index}", time_to_live=0, variables={"i": index}
        )
        log.write(MessageIntent.PUBLISH, message)
    return count / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timers", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--steady-rate", type=int, default=2_000, help="timers due per second")
    parser.add_argument("--steady-seconds", type=float, default=5.0)
    args = parser.parse_args()
    rate, median, p99 = run_timers(args.timers)
    print(
        f"timers: {args.timers:,} due at once, {rate:,.0f} fired/s; "
        f"lateness median {median * 1000:,.0f} ms, p99 {p99 * 1000:,.0f} ms"
    )
    count, median, p99 = run_steady(args.steady_rate, args.steady_seconds)
    print(
        f"timers: {args.steady_rate:,}/s falling due for {args.steady_seconds:g} s ({count:,}): "
        f"lateness median {median:,.1f} ms, p99 {p99:,.1f} ms"
    )
    print(
        f"messages: {run_messages(args.messages):,.0f} correlated/s "
        f"(in-process, one partition; 2 partitions need the broker)"
    )


if __name__ == "__main__":
    main()
