"""SIGNAL BROADCAST: every subscription to the signal's name on this partition is triggered.

The partition the signal was sent to (a client's command, or a signal throw event's follow-up,
with key -1) draws the signal's key, writes BROADCASTED and sends the command, with that key,
to every other partition (`ProcessingResult.sends`); a command that arrives with a key is such
a copy and is not sent on. Each subscription is triggered where it sits (`bpmn/triggers.py`),
with the signal's variables; a signal start event starts a new instance. Subscriptions are
read before any is triggered, and each is checked again before its turn: an interrupting one
may close others of the same signal.
"""

from __future__ import annotations

from ...records.enums import RejectionType
from ...records.intents import ProcessInstanceIntent, SignalIntent
from ...records.record import Record
from ...records.values import SignalRecordValue
from ..context import ProcessingContext
from ..errors import Rejection
from ..writer import RecordWriter


class BroadcastSignal:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx

    def process(self, command: Record[SignalRecordValue], out: RecordWriter) -> None:
        ctx, signal = self._ctx, command.value
        if not signal.signal_name:
            raise Rejection(
                RejectionType.INVALID_ARGUMENT,
                "Expected to broadcast a signal with a name, but the name is empty",
            )
        first = command.key < 0
        key = ctx.keys.next_key() if first else command.key
        record = out.event(key, SignalIntent.BROADCASTED, signal)
        if out.is_request(command):
            out.respond(record)
        if first:
            for partition in ctx.behaviours.signals.broadcast_targets():
                out.send(partition, key, SignalIntent.BROADCAST, signal)
        signals = ctx.state.signals
        for subscription in signals.subscriptions(signal.tenant_id, signal.signal_name):
            if subscription.catch_event_instance_key < 0:
                ctx.lifecycle.triggers.start_instance(
                    out,
                    subscription.process_definition_key,
                    subscription.catch_event_id,
                    signal.variables,
                )
                continue
            owner_key = subscription.catch_event_instance_key
            still = any(
                s.catch_event_id == subscription.catch_event_id for s in signals.of_owner(owner_key)
            )
            owner = ctx.state.element_instances.get(owner_key)
            if (
                not still
                or owner is None
                or owner.state is not ProcessInstanceIntent.ELEMENT_ACTIVATED
            ):
                continue
            ctx.lifecycle.triggers.trigger(
                out, owner, subscription.catch_event_id, signal.variables
            )
