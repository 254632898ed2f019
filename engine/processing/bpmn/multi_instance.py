"""Multi-instance activities: a body instance (MULTI_INSTANCE_BODY) around one inner instance
of the activity per item of the input collection, all at once (parallel) or one after the
other (sequential).

- The input collection is evaluated when the body activates; an empty one completes the body
  at once. Each inner instance gets local variables `loopCounter` (1-based) and the input
  element; the activity's own mappings apply to each inner instance.
- The output collection is a local variable of the body, one slot per item, filled with the
  output element of each inner instance as it completes (so the order is the input's, not the
  completion order), and propagated from the body when it completes.
- After each inner instance completes, the completion condition (if any) is evaluated in the
  body's scope with `numberOfInstances`, `numberOfActiveInstances` and
  `numberOfCompletedInstances`; when true, the remaining instances are terminated and the body
  completes.

Invariant: the body's `multi_instance_loop_counter` is the number of inner instances activated
so far (the ELEMENT_ACTIVATING applier of an inner instance raises it).
"""

from __future__ import annotations

from typing import Any

from ...records.enums import ErrorType
from ...records.intents import ProcessInstanceIntent
from ..deployment.executable import ExecutableLoop
from ..errors import Failure
from ..writer import RecordWriter
from .behaviours import VariableOwner
from .element import ElementProcessor
from .element_context import ElementContext

_I = ProcessInstanceIntent
LOOP_COUNTER = "loopCounter"


class MultiInstanceBody(ElementProcessor):
    def _loop(self, ctx: ElementContext) -> ExecutableLoop:
        loop = ctx.element.loop
        assert loop is not None, "a multi-instance body of an element without a loop"
        return loop

    def _collection(self, out: RecordWriter, body: ElementContext) -> list[Any]:
        loop = self._loop(body)
        if loop.input_collection is None:
            raise Failure(
                ErrorType.EXTRACT_VALUE_ERROR,
                f"Expected multi-instance '{body.element.id}' to have an input collection",
            )
        return self.b.expressions.evaluate_list(
            loop.input_collection, self.b.expressions.scope(body.key), out.now
        )

    def _activate_next(self, out: RecordWriter, body: ElementContext) -> None:
        instance = self.b.state.element_instances.get(body.key)
        assert instance is not None
        self.lifecycle.activate(out, instance, body.element.id, body.element.element_type)

    def on_activate(self, out: RecordWriter, ctx: ElementContext) -> None:
        items = self._collection(out, ctx)
        loop = self._loop(ctx)
        self.lifecycle.activated(out, ctx)
        if loop.output_collection:
            self.b.variables.set_local(
                out, ctx.key, {loop.output_collection: [None] * len(items)}, VariableOwner.of(ctx)
            )
        if not items:
            self.lifecycle.complete(out, ctx)
            return
        for _ in range(1 if loop.sequential else len(items)):
            self._activate_next(out, ctx)

    def on_child_activating(
        self, out: RecordWriter, scope: ElementContext, child: ElementContext
    ) -> None:
        body = self.b.state.element_instances.get(scope.key)
        assert body is not None
        counter = body.multi_instance_loop_counter
        items = self._collection(out, scope)
        local: dict[str, Any] = {LOOP_COUNTER: counter}
        loop = self._loop(scope)
        if loop.input_element:
            local[loop.input_element] = items[counter - 1] if counter <= len(items) else None
        self.b.variables.set_local(out, child.key, local, VariableOwner.of(child))

    def before_child_completed(
        self, out: RecordWriter, scope: ElementContext, child: ElementContext
    ) -> None:
        loop = self._loop(scope)
        if not loop.output_collection:
            return
        variables = self.b.expressions.scope(child.key)
        value = (
            None
            if loop.output_element is None
            else self.b.expressions.evaluate(loop.output_element, variables, out.now)
        )
        index = variables.get(LOOP_COUNTER)
        stored = self.b.state.variables.get(scope.key, loop.output_collection)
        collection = [] if stored is None else list(stored.decoded() or [])
        if isinstance(index, int) and 1 <= index <= len(collection):
            collection[index - 1] = value
            self.b.variables.set_local(
                out, scope.key, {loop.output_collection: collection}, VariableOwner.of(scope)
            )

    def _counts(self, scope: ElementContext, total: int) -> dict[str, int]:
        instances = self.b.state.element_instances
        body = instances.get(scope.key)
        assert body is not None
        active = instances.child_count(scope.key)
        return {
            "numberOfInstances": total,
            "numberOfActiveInstances": active,
            "numberOfCompletedInstances": body.multi_instance_loop_counter - active,
        }

    def on_child_completed(
        self, out: RecordWriter, scope: ElementContext, child: ElementContext
    ) -> None:
        instances = self.b.state.element_instances
        body = instances.get(scope.key)
        if body is None or body.state is not _I.ELEMENT_ACTIVATED:
            return
        loop = self._loop(scope)
        total = len(self._collection(out, scope))
        counts = self._counts(scope, total)
        if loop.completion_condition is not None and self.b.expressions.evaluate_bool(
            loop.completion_condition,
            self.b.expressions.scope(scope.key, counts),
            out.now,
            ErrorType.EXTRACT_VALUE_ERROR,
        ):
            children = [c for k in instances.children(scope.key) if (c := instances.get(k))]
            if not children:
                out.command(scope.key, _I.COMPLETE_ELEMENT, scope.value)
            for other in children:
                if other.state is not _I.ELEMENT_TERMINATING:
                    out.command(other.key, _I.TERMINATE_ELEMENT, other.value)
            return
        if body.multi_instance_loop_counter < total:
            if loop.sequential:
                self._activate_next(out, scope)
            return
        if counts["numberOfActiveInstances"] == 0:
            out.command(scope.key, _I.COMPLETE_ELEMENT, scope.value)

    def on_child_terminated(
        self, out: RecordWriter, scope: ElementContext, child: ElementContext
    ) -> None:
        instances = self.b.state.element_instances
        body = instances.get(scope.key)
        if body is None or instances.has_children(scope.key):
            return
        if body.state is _I.ELEMENT_TERMINATING:
            self.lifecycle.terminated(out, scope)
        elif body.state is _I.ELEMENT_ACTIVATED:  # the completion condition ended the rest
            out.command(scope.key, _I.COMPLETE_ELEMENT, scope.value)

    def on_complete(self, out: RecordWriter, ctx: ElementContext) -> None:
        loop = self._loop(ctx)
        if loop.output_collection:
            stored = self.b.state.variables.get(ctx.key, loop.output_collection)
            value = None if stored is None else stored.decoded()
            self.b.variables.propagate(
                out, ctx.flow_scope_key, {loop.output_collection: value}, VariableOwner.of(ctx)
            )
        self.lifecycle.completed(out, ctx)

    def on_terminate(self, out: RecordWriter, ctx: ElementContext) -> None:
        instances = self.b.state.element_instances
        children = [c for k in list(instances.children(ctx.key)) if (c := instances.get(k))]
        if not children:
            self.lifecycle.terminated(out, ctx)
            return
        for child in children:
            if child.state is not _I.ELEMENT_TERMINATING:
                out.command(child.key, _I.TERMINATE_ELEMENT, child.value)
