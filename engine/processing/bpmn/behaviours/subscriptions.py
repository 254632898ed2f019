"""Opening and closing the event subscriptions of an element instance (Zeebe's event scope).

An element instance subscribes, once activated, to every event in its `triggers`: its own
catch (intermediate catch event, receive task), the catch events after it (event-based
gateway), its boundary events, and the start events of the event subprocesses inside it. It
unsubscribes when it completes or terminates, and when an interrupting event is triggered on
it (an interrupted scope accepts no further events).

Timers are TIMER CREATED / CANCELED events here; message and signal subscriptions are opened
by `messages.py` and `signals.py` through the same two calls.

Invariant: every subscription of an element instance is closed by the event that ends the
instance's step (ELEMENT_COMPLETING, ELEMENT_TERMINATING), so none outlives its scope.
"""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from bpmn.model import BpmnElementType, BpmnEventType

from ....keys import KeyGenerator
from ....records.enums import ErrorType
from ....records.intents import TimerIntent
from ....records.values import TimerRecordValue
from ....state.engine_state import StateViews
from ...deployment.executable import ExecutableElement, ExecutableProcess, ExecutableTrigger
from ...errors import Failure
from ...writer import RecordWriter
from ..element_context import ElementContext
from .expressions import Expressions
from .messages import MessageSubscriptions
from .schedule import Schedule, ScheduleError, schedule
from .signals import SignalSubscriptions

_T, _M, _S = BpmnEventType.TIMER, BpmnEventType.MESSAGE, BpmnEventType.SIGNAL
_OWN_CATCH = frozenset({BpmnElementType.INTERMEDIATE_CATCH_EVENT, BpmnElementType.RECEIVE_TASK})


def active_triggers(ctx: ElementContext) -> tuple[ExecutableTrigger, ...]:
    """The triggers this instance owns: a multi-instance body owns the boundary events, its
    inner instances everything else."""
    element = ctx.element
    triggers = element.triggers
    if not triggers or element.loop is None:
        return triggers
    body = ctx.value.bpmn_element_type is BpmnElementType.MULTI_INSTANCE_BODY
    return tuple(t for t in triggers if (t.target_id in element.boundary_event_ids) == body)


class EventSubscriptions:
    def __init__(
        self,
        state: StateViews,
        keys: KeyGenerator,
        expressions: Expressions,
        messages: MessageSubscriptions,
        signals: SignalSubscriptions,
    ) -> None:
        self._state = state
        self._keys = keys
        self._expressions = expressions
        self.messages = messages
        self.signals = signals

    def timer_schedule(self, trigger: ExecutableTrigger, scope_key: int, now: int) -> Schedule:
        """Evaluate the trigger's timer (FEEL in the scope `scope_key`, -1: no variables)."""
        assert trigger.timer is not None and trigger.timer_kind is not None
        variables = self._expressions.scope(scope_key) if scope_key >= 0 else {}
        value = self._expressions.evaluate(trigger.timer, variables, now)
        text = value if isinstance(value, str) else str(value)
        try:
            return schedule(trigger.timer_kind, text, now)
        except ScheduleError as error:
            raise Failure(
                ErrorType.EXTRACT_VALUE_ERROR,
                f"Expected a timer of element '{trigger.target_id}' to be a valid "
                f"{trigger.timer_kind.value}, but {error}",
            ) from None

    def subscribe(self, out: RecordWriter, ctx: ElementContext) -> None:
        """Open the instance's subscriptions. Everything is evaluated before the first event
        (a Failure leaves none open). Re-running after an incident opens nothing twice."""
        triggers = active_triggers(ctx)
        if not triggers:
            return
        state = self._state
        if ctx.element.element_type in _OWN_CATCH and (
            state.process_instances.event_trigger(ctx.key) is not None
        ):
            return  # triggered already (the catch event after an event-based gateway)
        kinds = {t.event_type for t in triggers}
        if (
            (_T in kinds and state.timers.of_element_instance(ctx.key))
            or (_M in kinds and self.messages.has_subscriptions(ctx.key))
            or (_S in kinds and state.signals.of_owner(ctx.key))
        ):
            return
        timers = [
            (t, self.timer_schedule(t, ctx.key, out.now))
            for t in triggers
            if t.event_type is BpmnEventType.TIMER
        ]
        messages = self.messages.evaluate(ctx, triggers, out.now)
        signals = self.signals.evaluate(ctx, triggers, out.now)
        for trigger, when in timers:
            self.create_timer(out, ctx.key, ctx, trigger.target_id, when.due, when.repetitions)
        self.messages.open(out, ctx, messages)
        self.signals.open(out, ctx, signals)

    def create_timer(
        self,
        out: RecordWriter,
        element_instance_key: int,
        ctx: ElementContext | None,
        target_id: str,
        due: int,
        repetitions: int,
        process_definition_key: int = -1,
        tenant_id: str = "",
    ) -> None:
        value = TimerRecordValue(
            element_instance_key=element_instance_key,
            process_instance_key=-1 if ctx is None else ctx.process_instance_key,
            due_date=due,
            target_element_id=target_id,
            repetitions=repetitions,
            process_definition_key=(
                process_definition_key if ctx is None else ctx.value.process_definition_key
            ),
        )
        if ctx is not None:
            value = _with_tenant(value, ctx.value.tenant_id)
        elif tenant_id:
            value = _with_tenant(value, tenant_id)
        out.event(self._keys.next_key(), TimerIntent.CREATED, value)

    def unsubscribe(self, out: RecordWriter, key: int, element: ExecutableElement) -> None:
        """Close every subscription of the instance `key` (its step ends, or it was
        interrupted)."""
        if not element.triggers:
            return
        # Only the kinds the element subscribes to can have been opened.
        kinds = {t.event_type for t in element.triggers}
        if _T in kinds:
            self.cancel_timers(out, self._state.timers.of_element_instance(key))
        if _M in kinds:
            self.messages.close(out, key)
        if _S in kinds:
            self.signals.close(out, key)

    def cancel_timers(self, out: RecordWriter, keys: Iterable[int]) -> None:
        for timer_key in keys:
            timer = self._state.timers.get(timer_key)
            if timer is not None:
                out.event(timer_key, TimerIntent.CANCELED, timer)

    def open_start_events(
        self,
        out: RecordWriter,
        process: ExecutableProcess,
        process_definition_key: int,
        previous_definition_key: int,
        tenant_id: str,
    ) -> None:
        """A process version was deployed: its timer (and message, signal) start events
        replace those of the version it supersedes."""
        if previous_definition_key >= 0:
            self.cancel_timers(out, self._state.timers.start_timers(previous_definition_key))
            self.messages.close_start_events(out, previous_definition_key)
            self.signals.close(out, previous_definition_key)
        # Deployments reach every partition; timer start events run on the first only
        # (Zeebe's deployment partition), else each tick would start one instance per
        # partition. Without a partition count, this partition is the only one.
        schedules = self.messages.partition_count is None or self.messages.partition_id == 1
        for trigger in process.root.start_triggers:
            if trigger.event_type is BpmnEventType.TIMER and schedules:
                when = self.timer_schedule(trigger, -1, out.now)
                self.create_timer(
                    out,
                    -1,
                    None,
                    trigger.target_id,
                    when.due,
                    when.repetitions,
                    process_definition_key,
                    tenant_id,
                )
        self.messages.open_start_events(out, process, process_definition_key, tenant_id)
        self.signals.open_start_events(out, process, process_definition_key, tenant_id)


def _with_tenant(value: TimerRecordValue, tenant_id: str) -> TimerRecordValue:
    return msgspec.structs.replace(value, tenant_id=tenant_id)
