"""Ad-hoc subprocesses controlled by the model (`zeebe:adHoc activeElementsCollection`).

On activation the collection (FEEL, a list of element ids) names the children to activate;
each must be one of the subprocess's children without incoming flows, else an
EXTRACT_VALUE_ERROR incident. Flows between children are followed as in any subprocess. After
each child completes, the completion condition (if any) is evaluated in the subprocess's scope:
when true, the remaining children are terminated (`cancelRemainingInstances`, the default) or
waited for, and the subprocess completes. With no condition it completes once nothing is left
to do, as a subprocess does; an empty collection completes it at once.
"""

from __future__ import annotations

from ...records.enums import ErrorType
from ...records.intents import ProcessInstanceIntent
from ..deployment.executable import ExecutableAdHoc
from ..errors import Failure
from ..writer import RecordWriter
from .containers import Container
from .element_context import ElementContext

_I = ProcessInstanceIntent


class AdHocSubProcess(Container):
    def _spec(self, ctx: ElementContext) -> ExecutableAdHoc:
        spec = ctx.element.ad_hoc
        assert spec is not None, "an ad-hoc subprocess without its compiled settings"
        return spec

    def on_activate(self, out: RecordWriter, ctx: ElementContext) -> None:
        spec = self._spec(ctx)
        chosen: list[str] = []
        if spec.active_elements is not None:
            values = self.b.expressions.evaluate_list(
                spec.active_elements, self.b.expressions.scope(ctx.key), out.now
            )
            for value in values:
                if not isinstance(value, str) or value not in spec.activatable_ids:
                    raise Failure(
                        ErrorType.EXTRACT_VALUE_ERROR,
                        f"Expected the active elements of ad-hoc subprocess '{ctx.element.id}'"
                        f" to be among {list(spec.activatable_ids)}, but found {value!r}",
                    )
                chosen.append(value)
        self.lifecycle.activated(out, ctx)
        if not chosen:
            self.lifecycle.complete(out, ctx)
            return
        instance = self.b.state.element_instances.get(ctx.key)
        assert instance is not None
        for element_id in chosen:
            element = ctx.process.element(element_id)
            self.lifecycle.activate(out, instance, element_id, element.element_type)

    def on_child_completed(
        self, out: RecordWriter, scope: ElementContext, child: ElementContext
    ) -> None:
        spec = self._spec(scope)
        instances = self.b.state.element_instances
        instance = instances.get(scope.key)
        if instance is None or instance.state is not _I.ELEMENT_ACTIVATED:
            return
        if spec.completion_condition is not None and self.b.expressions.evaluate_bool(
            spec.completion_condition,
            self.b.expressions.scope(scope.key),
            out.now,
            ErrorType.EXTRACT_VALUE_ERROR,
        ):
            children = [c for k in instances.children(scope.key) if (c := instances.get(k))]
            if not children:
                out.command(scope.key, _I.COMPLETE_ELEMENT, scope.value)
            elif spec.cancel_remaining_instances:
                for other in children:
                    if other.state is not _I.ELEMENT_TERMINATING:
                        out.command(other.key, _I.TERMINATE_ELEMENT, other.value)
            return
        super().on_child_completed(out, scope, child)
