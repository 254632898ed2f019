"""Signal subscriptions: opened with an element instance's other subscriptions (catch events,
boundary events, event subprocess starts, event-based gateways), and for signal start events
at deployment (a new version replaces the previous version's).

A signal is broadcast: SIGNAL BROADCAST on the partition it was sent to goes to every other
partition (`Signals.broadcast_targets`), and each partition triggers its own subscriptions.
"""

from __future__ import annotations

from collections.abc import Sequence

from bpmn.model import BpmnEventType

from ....keys import KeyGenerator
from ....records.intents import SignalSubscriptionIntent
from ....records.values import SignalSubscriptionRecordValue
from ....state.engine_state import StateViews
from ...deployment.executable import ExecutableProcess, ExecutableTrigger
from ...writer import RecordWriter
from ..element_context import ElementContext
from .expressions import Expressions


class SignalSubscriptions:
    def __init__(
        self,
        state: StateViews,
        keys: KeyGenerator,
        expressions: Expressions,
        partition_id: int,
        partition_count: int | None,
    ) -> None:
        self._state = state
        self._keys = keys
        self._expressions = expressions
        self._partition_id = partition_id
        self._partition_count = partition_count

    def broadcast_targets(self) -> list[int]:
        """The other partitions a signal sent to this one goes on to."""
        if self._partition_count is None:
            return []
        return [p for p in range(1, self._partition_count + 1) if p != self._partition_id]

    def evaluate(
        self, ctx: ElementContext, triggers: Sequence[ExecutableTrigger], now: int
    ) -> list[tuple[ExecutableTrigger, str]]:
        variables = self._expressions.scope(ctx.key)
        return [
            (t, self._expressions.evaluate_string(t.signal_name, variables, now))
            for t in triggers
            if t.event_type is BpmnEventType.SIGNAL and t.signal_name is not None
        ]

    def open(
        self,
        out: RecordWriter,
        ctx: ElementContext,
        evaluated: Sequence[tuple[ExecutableTrigger, str]],
    ) -> None:
        value = ctx.value
        for trigger, name in evaluated:
            out.event(
                self._keys.next_key(),
                SignalSubscriptionIntent.CREATED,
                SignalSubscriptionRecordValue(
                    process_definition_key=value.process_definition_key,
                    signal_name=name,
                    catch_event_id=trigger.target_id,
                    bpmn_process_id=value.bpmn_process_id,
                    catch_event_instance_key=ctx.key,
                    tenant_id=value.tenant_id,
                ),
            )

    def close(self, out: RecordWriter, owner_key: int) -> None:
        for value in self._state.signals.of_owner(owner_key):
            out.event(self._keys.next_key(), SignalSubscriptionIntent.DELETED, value)

    def open_start_events(
        self,
        out: RecordWriter,
        process: ExecutableProcess,
        process_definition_key: int,
        tenant_id: str,
    ) -> None:
        for trigger in process.root.start_triggers:
            if trigger.event_type is not BpmnEventType.SIGNAL or trigger.signal_name is None:
                continue
            name = self._expressions.evaluate_string(trigger.signal_name, {}, out.now)
            out.event(
                self._keys.next_key(),
                SignalSubscriptionIntent.CREATED,
                SignalSubscriptionRecordValue(
                    process_definition_key=process_definition_key,
                    signal_name=name,
                    catch_event_id=trigger.target_id,
                    bpmn_process_id=process.bpmn_process_id,
                    catch_event_instance_key=-1,
                    tenant_id=tenant_id,
                ),
            )
