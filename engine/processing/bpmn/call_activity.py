"""Call activities: start an instance of another process and wait for it.

- The called process is the latest version of the id `zeebe:calledElement processId` names
  (FEEL or static); bindings `deployment` (the version deployed with the caller) and
  `versionTag` are resolved too. None found: a CALLED_ELEMENT_ERROR incident.
- The child starts with a copy of the variables visible from the call activity (all of them
  with `propagateAllParentVariables`, the default; else only its input mappings' targets).
- When the child completes, its variables (all of them with `propagateAllChildVariables`, the
  default) are merged into the call activity as a job's would be (output mappings filter),
  and the call activity completes.
- Terminating the call activity terminates the child first; a child is never cancelled on its
  own (the root instance is).
"""

from __future__ import annotations

from typing import Any

import msgspec

from bpmn.model import BpmnElementType

from ...records.enums import ErrorType
from ...records.intents import ProcessInstanceIntent
from ...records.values import ProcessInstanceRecordValue, ProcessRecordValue
from ..errors import Failure
from ..writer import RecordWriter
from .behaviours import VariableOwner
from .element import ElementProcessor
from .element_context import ElementContext

_I = ProcessInstanceIntent
_decode = msgspec.json.Decoder(dict[str, Any]).decode


class CallActivity(ElementProcessor):
    def _called(self, out: RecordWriter, ctx: ElementContext) -> ProcessRecordValue:
        element = ctx.element
        if element.called_process_id is None:
            raise Failure(
                ErrorType.CALLED_ELEMENT_ERROR,
                f"Expected call activity '{element.id}' to name a process, but it names none",
            )
        process_id = self.b.expressions.evaluate_string(
            element.called_process_id, self.b.expressions.scope(ctx.key), out.now
        )
        processes = self.b.state.processes
        tenant = ctx.value.tenant_id
        called = None
        if element.binding_type == "deployment":
            caller = processes.get(ctx.value.process_definition_key)
            latest = processes.latest(process_id, tenant)
            version = latest.version if latest is not None else 0
            while version > 0 and called is None:
                found = processes.get_version(process_id, version, tenant)
                if (
                    found is not None
                    and caller is not None
                    and (found.deployment_key == caller.deployment_key)
                ):
                    called = found
                version -= 1
        elif element.binding_type == "versionTag":
            latest = processes.latest(process_id, tenant)
            version = latest.version if latest is not None else 0
            while version > 0 and called is None:
                found = processes.get_version(process_id, version, tenant)
                if found is not None and found.version_tag == (element.version_tag or ""):
                    called = found
                version -= 1
        else:
            called = processes.latest(process_id, tenant)
        if called is None:
            raise Failure(
                ErrorType.CALLED_ELEMENT_ERROR,
                f"Expected process with BPMN process id '{process_id}' to be deployed, but not "
                f"found.",
            )
        return called

    def on_activate(self, out: RecordWriter, ctx: ElementContext) -> None:
        called = self._called(out, ctx)
        if self.b.models.process(called.process_definition_key).root.start_event_id is None:
            raise Failure(
                ErrorType.CALLED_ELEMENT_ERROR,
                f"Expected process '{called.bpmn_process_id}' to have a none start event, but "
                f"it has none",
            )
        variables = self.b.state.variables
        names = (
            None
            if ctx.element.propagate_all_parent_variables
            else [mapping.target[0] for mapping in ctx.element.inputs]
        )
        document = _decode(variables.document(ctx.key, names))
        child_key = self.b.keys.next_key()
        child = ProcessInstanceRecordValue(
            bpmn_process_id=called.bpmn_process_id,
            version=called.version,
            process_definition_key=called.process_definition_key,
            process_instance_key=child_key,
            element_id=called.bpmn_process_id,
            flow_scope_key=-1,
            bpmn_element_type=BpmnElementType.PROCESS,
            parent_process_instance_key=ctx.process_instance_key,
            parent_element_instance_key=ctx.key,
            tenant_id=called.tenant_id,
        )
        owner = VariableOwner(
            child_key, called.process_definition_key, called.bpmn_process_id, called.tenant_id
        )
        self.b.variables.set_local(out, child_key, document, owner)
        out.command(child_key, _I.ACTIVATE_ELEMENT, child)
        self.lifecycle.activated(out, ctx)

    def on_terminate(self, out: RecordWriter, ctx: ElementContext) -> None:
        instance = self.b.state.element_instances.get(ctx.key)
        child = None
        if instance is not None:
            child = self.b.state.element_instances.get(instance.called_child_instance_key)
        if child is None:
            self.lifecycle.terminated(out, ctx)
        elif child.state is not _I.ELEMENT_TERMINATING:
            out.command(child.key, _I.TERMINATE_ELEMENT, child.value)

    def child_process_completed(
        self, out: RecordWriter, ctx: ElementContext, variables: dict[str, Any]
    ) -> None:
        """The called instance completed with `variables` (read before they were removed)."""
        instance = self.b.state.element_instances.get(ctx.key)
        if instance is None or instance.state is not _I.ELEMENT_ACTIVATED:
            return
        if ctx.element.propagate_all_child_variables:
            self.b.variables.merge_result(out, ctx, variables)
        out.command(ctx.key, _I.COMPLETE_ELEMENT, ctx.value)

    def on_child_terminated(
        self, out: RecordWriter, scope: ElementContext, child: ElementContext
    ) -> None:
        instance = self.b.state.element_instances.get(scope.key)
        if instance is not None and instance.state is _I.ELEMENT_TERMINATING:
            self.lifecycle.terminated(out, scope)
