"""Setting variables (locally or with Zeebe's propagation) and input/output mappings.

Propagation (Zeebe's rule): a variable set "from" a scope updates the nearest scope, from that
scope up, that already defines it; if none does, it is created in the root scope (the process
instance). Local variables are created or updated in the given scope only.

Output mappings filter: when an element has output mappings, only their targets leave the
element; everything else (job variables included, kept locally) ends with the element.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import msgspec

from ....keys import KeyGenerator
from ....records.enums import ErrorType
from ....records.intents import VariableIntent
from ....records.values import VariableRecordValue
from ....state.variables import VariablesView
from ...deployment.executable import CompiledMapping
from ...writer import RecordWriter
from ..element_context import ElementContext
from .expressions import Expressions

_encode = msgspec.json.Encoder().encode


class VariableOwner(msgspec.Struct, frozen=True):
    """What each VARIABLE record says about the instance it belongs to."""

    process_instance_key: int
    process_definition_key: int
    bpmn_process_id: str
    tenant_id: str

    @classmethod
    def of(cls, ctx: ElementContext) -> VariableOwner:
        value = ctx.value
        return cls(
            value.process_instance_key,
            value.process_definition_key,
            value.bpmn_process_id,
            value.tenant_id,
        )


def _deep_set(document: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = document
    for part in path[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    node[path[-1]] = value


class VariableBehaviour:
    def __init__(
        self, variables: VariablesView, keys: KeyGenerator, expressions: Expressions
    ) -> None:
        self._variables = variables
        self._keys = keys
        self._expressions = expressions

    def _write(
        self, out: RecordWriter, scope_key: int, name: str, value: Any, owner: VariableOwner
    ) -> None:
        text = _encode(value)
        existing = self._variables.get(scope_key, name)
        if existing is not None and existing.value == text:
            return  # Zeebe writes no update for an unchanged value
        record = VariableRecordValue(
            name=name,
            value=text.decode(),
            scope_key=scope_key,
            process_instance_key=owner.process_instance_key,
            process_definition_key=owner.process_definition_key,
            bpmn_process_id=owner.bpmn_process_id,
            tenant_id=owner.tenant_id,
        )
        if existing is None:
            out.event(self._keys.next_key(), VariableIntent.CREATED, record)
        else:
            out.event(existing.key, VariableIntent.UPDATED, record)
        out.changed_variables.append(
            (owner.process_instance_key, scope_key, name, existing is None)
        )

    def set_local(
        self,
        out: RecordWriter,
        scope_key: int,
        document: Mapping[str, Any],
        owner: VariableOwner,
    ) -> None:
        for name, value in document.items():
            self._write(out, scope_key, name, value, owner)

    def propagate(
        self,
        out: RecordWriter,
        scope_key: int,
        document: Mapping[str, Any],
        owner: VariableOwner,
    ) -> None:
        """Set each variable where it is defined, from `scope_key` up, else in the root."""
        for name, value in document.items():
            found = self._variables.find(scope_key, name)
            target = found[0] if found is not None else self._root(scope_key)
            self._write(out, target, name, value, owner)

    def _root(self, scope_key: int) -> int:
        scope = scope_key
        while (parent := self._variables.parent_of(scope)) >= 0:
            scope = parent
        return scope

    def _evaluate(
        self,
        mappings: tuple[CompiledMapping, ...],
        scope_key: int,
        now: int,
        base: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        # Each mapping sees the variables of the scope plus the targets mapped before it.
        result: dict[str, Any] = {}
        variables = self._expressions.scope(scope_key, result)
        for mapping in mappings:
            value = (
                None
                if mapping.source is None
                else self._expressions.evaluate(
                    mapping.source, variables, now, ErrorType.IO_MAPPING_ERROR
                )
            )
            head = mapping.target[0]
            if len(mapping.target) > 1 and head not in result and base is not None:
                # A nested target merges into the variable's current value.
                current = base.get(head)
                if isinstance(current, dict):
                    result[head] = copy.deepcopy(current)
            _deep_set(result, mapping.target, value)
        return result

    def apply_inputs(self, out: RecordWriter, ctx: ElementContext) -> None:
        """Evaluate the element's input mappings into local variables of its instance."""
        if not ctx.element.inputs:
            return
        # Evaluated from the instance's own scope: it holds nothing yet but the loop
        # variables of a multi-instance child, which the mappings may use.
        local = self._evaluate(ctx.element.inputs, ctx.key, out.now)
        self.set_local(out, ctx.key, local, VariableOwner.of(ctx))

    def apply_outputs(self, out: RecordWriter, ctx: ElementContext) -> None:
        """Evaluate the output mappings against the instance's scope; propagate the results
        from the element's flow scope. All evaluated before the first write (a Failure
        leaves no partial result)."""
        if not ctx.element.outputs:
            return
        base = self._expressions.scope(ctx.flow_scope_key)
        document = self._evaluate(ctx.element.outputs, ctx.key, out.now, base)
        self.propagate(out, ctx.flow_scope_key, document, VariableOwner.of(ctx))

    def merge_result(
        self, out: RecordWriter, ctx: ElementContext, document: Mapping[str, Any]
    ) -> None:
        """Variables an element produced (a job's, a script's result): local to the instance
        when the element has output mappings (which then pick what leaves), else propagated."""
        if not document:
            return
        if ctx.element.outputs:
            self.set_local(out, ctx.key, document, VariableOwner.of(ctx))
        else:
            self.propagate(out, ctx.key, document, VariableOwner.of(ctx))
