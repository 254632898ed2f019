"""Finding the catcher of an escalation: from the thrower's flow scope up the scope chain
(through call activities into the calling instance), in each active scope instance first an
escalation event subprocess inside it, then an escalation boundary event on it; a specific
code wins over a catch-all in the same place. Only static codes are matched.
"""

from __future__ import annotations

from collections.abc import Iterable

from bpmn.model import BpmnElementType, BpmnEventType

from ....records.intents import ProcessInstanceIntent
from ....state.element_instances import ElementInstance, ElementInstancesView
from ...deployment.executable import CompiledExpression
from ...deployment.models import ExecutableModels


def _matches(expression: CompiledExpression | None, code: str) -> bool:
    return expression is None or (expression.feel is None and expression.static == code)


def _pick(candidates: Iterable[tuple[str, CompiledExpression | None]], code: str) -> str | None:
    catch_all = None
    for target_id, expression in candidates:
        if expression is None:
            catch_all = catch_all or target_id
        elif _matches(expression, code):
            return target_id
    return catch_all


class EscalationCatching:
    def __init__(self, instances: ElementInstancesView, models: ExecutableModels) -> None:
        self._instances = instances
        self._models = models

    def catcher(self, from_scope_key: int, code: str) -> tuple[ElementInstance, str] | None:
        """(the instance that catches, the catching boundary or start event id), or None."""
        key = from_scope_key
        while key >= 0:
            instance = self._instances.get(key)
            if instance is None:
                return None
            process = self._models.process(instance.value.process_definition_key)
            element = process.element(instance.value.element_id)
            active = instance.state is ProcessInstanceIntent.ELEMENT_ACTIVATED
            inner = element.loop is not None and (
                instance.value.bpmn_element_type is not BpmnElementType.MULTI_INSTANCE_BODY
            )
            if active and element.escalation_event_subprocesses:
                start_id = _pick(element.escalation_event_subprocesses, code)
                if start_id is not None:
                    return instance, start_id
            if active and not inner and instance.value.flow_scope_key >= 0:
                boundaries = [
                    (b.id, b.escalation_code)
                    for b in map(process.element, element.boundary_event_ids)
                    if b.event_type is BpmnEventType.ESCALATION
                ]
                boundary_id = _pick(boundaries, code)
                if boundary_id is not None:
                    return instance, boundary_id
            key = instance.value.flow_scope_key
            if key < 0:
                key = instance.value.parent_element_instance_key
        return None
