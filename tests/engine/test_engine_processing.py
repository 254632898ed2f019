"""The engine skeleton: writer, rejections, processing errors, batches, registries."""

from __future__ import annotations

from typing import Any

import pytest

from engine import Engine
from engine.engine import merge_processors
from engine.processing.writer import RecordWriter
from engine.records import RecordType, RejectionType, ValueType
from engine.records.intents import (
    ErrorIntent,
    JobIntent,
    ProcessInstanceCreationIntent,
    ProcessInstanceIntent,
)
from engine.records.record import Record
from engine.records.values import ProcessInstanceCreationRecordValue
from engine.state.appliers import APPLIERS, merge_appliers
from engine.testing import EngineHarness, Rejected, bpmn

PI = ProcessInstanceIntent

TASK = bpmn("""
  <bpmn:process id="order" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <bpmn:serviceTask id="task">
      <bpmn:extensionElements><zeebe:taskDefinition type="payment" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")


def test_positions_increase_and_follow_ups_point_at_their_command(h: EngineHarness) -> None:
    h.deploy(TASK)
    h.create_instance("order")
    positions = [r.position for r in h.log]
    assert positions == list(range(1, len(h.log) + 1))
    by_position = {r.position: r for r in h.log}
    for record in h.log:
        if record.source_record_position >= 0:
            assert by_position[record.source_record_position].record_type is RecordType.COMMAND
    activate_task = (
        h.records.commands().with_intent(PI.ACTIVATE_ELEMENT).with_element_id("task").first()
    )
    activating = h.records.events().with_intent(PI.ELEMENT_ACTIVATING).with_element_id("task")
    assert activating.first().source_record_position == activate_task.position
    assert all(r.timestamp == h.clock.now for r in h.log)


def test_follow_up_commands_are_processed_in_the_same_batch(h: EngineHarness) -> None:
    h.deploy(TASK)
    before = len(h.results)
    h.create_instance("order")
    assert len(h.results) == before + 1
    result = h.results[-1]
    assert result.unprocessed == ()
    assert [
        (r.value.element_id, r.intent) for r in result.records if r.intent is PI.ELEMENT_ACTIVATED
    ] == [
        ("order", PI.ELEMENT_ACTIVATED),
        ("start", PI.ELEMENT_ACTIVATED),
        ("task", PI.ELEMENT_ACTIVATED),
    ]


def test_a_batch_limit_leaves_follow_ups_for_later() -> None:
    h = EngineHarness()
    h.engine = Engine(h.store, 1, max_commands_per_batch=2)
    h.deploy(TASK)
    h.create_instance("order")
    first = next(r for r in h.results if r.unprocessed)
    assert first.unprocessed[0].intent is PI.ACTIVATE_ELEMENT
    assert h.records.process_instance().with_element_id("task").with_intent(PI.ELEMENT_ACTIVATED)
    h.assert_replay_matches()


def test_a_rejection_answers_the_client_and_changes_nothing(h: EngineHarness) -> None:
    with pytest.raises(Rejected) as rejected:
        h.create_instance("missing")
    record = rejected.value.record
    assert record.rejection_type is RejectionType.NOT_FOUND
    assert "'missing'" in record.rejection_reason
    assert record.request_id >= 0
    assert h.records.events().values() == []


def test_an_unexpected_exception_bans_the_instance_and_processing_goes_on(
    h: EngineHarness,
) -> None:
    h.deploy(TASK)
    instance = h.create_instance("order")
    [job] = h.jobs.activate("payment")

    class Broken:
        def process(self, command: Record[Any], out: RecordWriter) -> None:
            out.event(command.key, JobIntent.COMPLETED, command.value)
            raise ZeroDivisionError("boom")

    h.engine._processors[JobIntent.COMPLETE] = Broken()  # a processor with a bug
    with pytest.raises(Rejected) as rejected:
        h.jobs.complete(job.key)
    assert rejected.value.record.rejection_type is RejectionType.PROCESSING_ERROR
    assert "boom" in rejected.value.record.rejection_reason
    error = h.records.of_type(ValueType.ERROR).with_intent(ErrorIntent.CREATED).first()
    assert error.value.process_instance_key == instance
    assert "ZeroDivisionError" in error.value.stacktrace
    assert not h.records.jobs().with_intent(JobIntent.COMPLETED).events()  # rolled back
    # The instance is banned from now on; other instances go on.
    with pytest.raises(Rejected) as banned:
        h.cancel(instance)
    assert banned.value.record.rejection_type is RejectionType.INVALID_STATE
    other = h.create_instance("order")
    h.cancel(other)


def test_a_rejection_after_an_event_is_a_bug(h: EngineHarness) -> None:
    from engine.processing.errors import Rejection

    class Late:
        def process(self, command: Record[Any], out: RecordWriter) -> None:
            out.event(-1, ErrorIntent.CREATED, _error())
            raise Rejection(RejectionType.INVALID_ARGUMENT, "too late")

    h.engine._processors[ProcessInstanceCreationIntent.CREATE] = Late()
    result = h.write(ProcessInstanceCreationIntent.CREATE, ProcessInstanceCreationRecordValue())
    assert result.responses[0].rejection_type is RejectionType.PROCESSING_ERROR


def _error() -> Any:
    from engine.records.values import ErrorRecordValue

    return ErrorRecordValue()


def test_registries_refuse_duplicates() -> None:
    with pytest.raises(ValueError, match="one processor"):
        merge_processors([{JobIntent.COMPLETE: object}, {JobIntent.COMPLETE: object}])
    with pytest.raises(ValueError, match="one applier"):
        merge_appliers((APPLIERS, APPLIERS))


def test_every_event_the_engine_writes_has_an_applier(h: EngineHarness) -> None:
    h.deploy(TASK)
    h.create_instance("order")
    [job] = h.jobs.activate("payment")
    h.jobs.complete(job.key, {"a": 1})
    written = {(r.intent, r.record_version) for r in h.records.events()}
    assert written <= set(APPLIERS)
    commands = {"CREATE", "COMPLETE", "FAIL", "CANCEL", "ACTIVATE", "RESOLVE", "UPDATE"}
    for intent, version in APPLIERS:
        assert version >= 1
        assert intent.name not in commands, f"{intent} is a command, not an event"


def test_a_restarted_engine_goes_on_from_the_stored_state(h: EngineHarness) -> None:
    h.deploy(TASK)
    first = h.create_instance("order")
    h.engine = Engine(h.store)  # a restart: same state, fresh caches
    [job] = h.jobs.activate("payment")
    h.jobs.complete(job.key)
    second = h.create_instance("order")
    assert second > first  # keys go on where they stopped
    assert h.records.with_process_instance(first).element_steps()[-1] == (
        "order",
        "ELEMENT_COMPLETED",
    )
