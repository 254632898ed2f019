"""Conditional events: re-evaluated when variables change.

An element instance waits for a conditional event while it is active (an intermediate catch
event; an activity with a conditional boundary event; a scope with a conditional event
subprocess start). There is no subscription record: after each command that changed
variables, the engine asks `variables_changed`, which walks the instances that can see the
changed scope (the scope itself and its descendants), only for processes that have
conditional events at all, and triggers each conditional event whose `zeebe:conditionalFilter`
matches the change (variable names; `create` / `update`) and whose condition is now true. A
conditional intermediate catch event whose condition already holds when it is activated
completes at once. A condition that cannot be evaluated does not trigger.

A non-interrupting conditional event triggers on each matching change while its condition
holds (Baton does not track the condition's previous value).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bpmn.model import BpmnEventType

from ...records.intents import ProcessInstanceIntent
from ...state.element_instances import ElementInstance
from ..deployment.executable import ExecutableTrigger
from ..errors import Failure
from ..writer import RecordWriter
from .behaviours.subscriptions import active_triggers

if TYPE_CHECKING:
    from .dispatch import Lifecycle


def _filter_matches(trigger: ExecutableTrigger, name: str, created: bool) -> bool:
    if trigger.variable_names and name not in trigger.variable_names:
        return False
    if trigger.variable_events:
        return ("create" if created else "update") in trigger.variable_events
    return True


class ConditionalEvents:
    def __init__(self, lifecycle: Lifecycle) -> None:
        self._lifecycle = lifecycle
        self._b = lifecycle.b

    def holds(self, trigger: ExecutableTrigger, scope_key: int, now: int) -> bool:
        if trigger.condition is None:
            return False
        expressions = self._b.expressions
        try:
            return expressions.evaluate_bool(trigger.condition, expressions.scope(scope_key), now)
        except Failure:
            return False

    def variables_changed(self, out: RecordWriter) -> None:
        changes, out.changed_variables = out.changed_variables, []
        instances = self._b.state.element_instances
        seen: set[int] = set()
        for process_instance_key, scope_key, name, created in changes:
            root = instances.get(process_instance_key)
            if root is None:
                continue
            if not self._b.models.process(root.value.process_definition_key).has_conditionals:
                continue
            for instance in self._visible_from(scope_key):
                if instance.key in seen:
                    continue
                if self._evaluate(out, instance, name, created):
                    seen.add(instance.key)

    def _visible_from(self, scope_key: int) -> list[ElementInstance]:
        instances = self._b.state.element_instances
        found, queue = [], [scope_key]
        while queue:
            key = queue.pop()
            instance = instances.get(key)
            if instance is None:
                continue
            found.append(instance)
            queue.extend(instances.children(key))
        return found

    def _evaluate(
        self, out: RecordWriter, instance: ElementInstance, name: str, created: bool
    ) -> bool:
        if instance.state is not ProcessInstanceIntent.ELEMENT_ACTIVATED:
            return False
        ctx = self._lifecycle.context(instance)
        for trigger in active_triggers(ctx):
            if trigger.event_type is not BpmnEventType.CONDITIONAL:
                continue
            if not _filter_matches(trigger, name, created):
                continue
            if self.holds(trigger, instance.key, out.now):
                self._lifecycle.triggers.trigger(out, instance, trigger.target_id)
                return True
        return False
