"""TIMER TRIGGER: a timer fell due (the broker's scheduler wrote the command from
`Engine.due_commands`).

The timer must still exist (NOT_FOUND: it was triggered or canceled meanwhile, e.g. a second
scheduler write) and be due at the command's time (INVALID_STATE otherwise: a timer never
fires early), and the instance that subscribed must be ACTIVATED. TRIGGERED removes it; the
event is then triggered where it sits (`bpmn/triggers.py`). A cycle that fired on a
non-interrupting boundary event, a non-interrupting event subprocess or a start event is
created again, due one interval after this due date, with one repetition less (-1: for ever).
"""

from __future__ import annotations

import msgspec

from bpmn.model import BpmnElementType

from ...records.enums import RejectionType
from ...records.intents import ProcessInstanceIntent, TimerIntent
from ...records.record import Record
from ...records.values import TimerRecordValue
from ..bpmn.behaviours.schedule import ScheduleError
from ..context import ProcessingContext
from ..errors import Failure, Rejection
from ..writer import RecordWriter


class TriggerTimer:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx

    def process(self, command: Record[TimerRecordValue], out: RecordWriter) -> None:
        ctx = self._ctx
        timer = ctx.state.timers.get(command.key)
        if timer is None:
            raise Rejection(
                RejectionType.NOT_FOUND,
                f"Expected to trigger timer with key '{command.key}', but no such timer was found",
            )
        if timer.due_date > out.now:
            raise Rejection(
                RejectionType.INVALID_STATE,
                f"Expected to trigger timer with key '{command.key}' at or after its due date "
                f"{timer.due_date}, but it is {out.now}",
            )
        owner = None
        if timer.element_instance_key >= 0:
            owner = ctx.state.element_instances.get(timer.element_instance_key)
            if owner is None or owner.state is not ProcessInstanceIntent.ELEMENT_ACTIVATED:
                raise Rejection(
                    RejectionType.INVALID_STATE,
                    f"Expected to trigger timer with key '{command.key}', but its element "
                    f"instance {timer.element_instance_key} is not active",
                )
        out.event(command.key, TimerIntent.TRIGGERED, timer)
        lifecycle = ctx.lifecycle
        process = ctx.models.process(timer.process_definition_key)
        target = process.element(timer.target_element_id)
        if owner is None:
            lifecycle.triggers.start_instance(
                out, timer.process_definition_key, timer.target_element_id
            )
            self._repeat(out, timer, -1)
            return
        lifecycle.triggers.trigger(out, owner, timer.target_element_id)
        non_interrupting = not target.is_interrupting and (
            target.element_type in (BpmnElementType.BOUNDARY_EVENT, BpmnElementType.START_EVENT)
        )
        if non_interrupting:
            self._repeat(out, timer, owner.key)

    def _repeat(self, out: RecordWriter, timer: TimerRecordValue, scope_key: int) -> None:
        if timer.repetitions in (0, 1):
            return
        process = self._ctx.models.process(timer.process_definition_key)
        triggers = process.root.start_triggers
        if scope_key >= 0:
            owner = self._ctx.state.element_instances.get(scope_key)
            if owner is None:
                return
            triggers = process.element(owner.value.element_id).triggers
        trigger = next((t for t in triggers if t.target_id == timer.target_element_id), None)
        if trigger is None or trigger.timer is None:
            return
        events = self._ctx.behaviours.events
        try:
            cycle = events.timer_schedule(trigger, scope_key, out.now)
            due = cycle.next_after(timer.due_date)
        except (Failure, ScheduleError):
            return  # the first evaluation succeeded; a changed variable ends the cycle
        repetitions = -1 if timer.repetitions < 0 else timer.repetitions - 1
        out.event(
            self._ctx.keys.next_key(),
            TimerIntent.CREATED,
            msgspec.structs.replace(timer, due_date=due, repetitions=repetitions),
        )
