"""PROCESS_INSTANCE_MODIFICATION MODIFY: activate elements, set variables, terminate element
instances of a running process instance (what Operate's "modify" does).

Validation comes first (NOT_FOUND for the instance, INVALID_ARGUMENT naming each bad element id
or element instance key). Then, in Zeebe's order: for each activate instruction, its variable
instructions (local variables of the named scope, or of the process) and the activation of
the element, inside the given ancestor scope instance, else inside the only active instance of
each enclosing subprocess, created (without start event) when there is none; then the
terminations. MODIFIED is the response; the follow-up commands do the work, so terminating the
last element of a scope completes that scope as usual.
"""

from __future__ import annotations

from bpmn.model import BpmnElementType

from ...records.enums import RejectionType
from ...records.intents import ProcessInstanceIntent, ProcessInstanceModificationIntent
from ...records.record import Record
from ...records.values import ProcessInstanceModificationRecordValue
from ..bpmn.behaviours import VariableOwner
from ..context import ProcessingContext
from ..deployment.executable import ExecutableProcess
from ..errors import Rejection
from ..writer import RecordWriter
from ._scopes import activate_inside

_I = ProcessInstanceIntent
_NOT_ACTIVATABLE = frozenset(
    {
        BpmnElementType.BOUNDARY_EVENT,
        BpmnElementType.EVENT_SUB_PROCESS,
        BpmnElementType.START_EVENT,
        BpmnElementType.SEQUENCE_FLOW,
    }
)


class ModifyProcessInstance:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx

    def _active_scopes(self, root_key: int) -> dict[str, list[int]]:
        """Element id -> keys of its active instances in the instance's tree."""
        instances = self._ctx.state.element_instances
        found: dict[str, list[int]] = {}
        stack = [root_key]
        while stack:
            key = stack.pop()
            instance = instances.get(key)
            if instance is None or instance.state is not _I.ELEMENT_ACTIVATED:
                continue
            found.setdefault(instance.value.element_id, []).append(key)
            stack.extend(instances.children(key))
        return found

    def _check(
        self,
        value: ProcessInstanceModificationRecordValue,
        executable: ExecutableProcess,
        active: dict[str, list[int]],
    ) -> None:
        problems = []
        for instruction in value.activate_instructions:
            element = executable.elements.get(instruction.element_id)
            if element is None or element.element_type in _NOT_ACTIVATABLE:
                problems.append(f"element '{instruction.element_id}' cannot be activated")
                continue
            scope_id = element.flow_scope_id
            while scope_id is not None and scope_id != executable.bpmn_process_id:
                if len(active.get(scope_id, ())) > 1 and instruction.ancestor_scope_key < 0:
                    problems.append(
                        f"element '{instruction.element_id}' has several active flow scopes "
                        f"'{scope_id}'; name one as the ancestor scope"
                    )
                scope = executable.element(scope_id)
                if scope.loop is not None or scope.element_type is (
                    BpmnElementType.EVENT_SUB_PROCESS
                ):
                    problems.append(
                        f"element '{instruction.element_id}' is inside a multi-instance or "
                        f"event subprocess"
                    )
                scope_id = scope.flow_scope_id
            for variables in instruction.variable_instructions:
                if variables.element_id and variables.element_id not in executable.elements:
                    problems.append(f"variable scope '{variables.element_id}' does not exist")
        instances = self._ctx.state.element_instances
        for terminate in value.terminate_instructions:
            target = instances.get(terminate.element_instance_key)
            if target is None or target.value.process_instance_key != value.process_instance_key:
                problems.append(
                    f"element instance {terminate.element_instance_key} is not active in it"
                )
        if problems:
            raise Rejection(
                RejectionType.INVALID_ARGUMENT,
                f"Expected to modify process instance '{value.process_instance_key}', but "
                + "; ".join(problems),
            )

    def process(
        self, command: Record[ProcessInstanceModificationRecordValue], out: RecordWriter
    ) -> None:
        value = command.value
        key = command.key if command.key >= 0 else value.process_instance_key
        root = self._ctx.state.element_instances.get(key)
        if root is None or root.value.bpmn_element_type is not BpmnElementType.PROCESS:
            raise Rejection(
                RejectionType.NOT_FOUND,
                f"Expected to modify a process instance with key '{key}', but no such process "
                f"instance was found",
            )
        executable = self._ctx.models.process(root.value.process_definition_key)
        active = self._active_scopes(key)
        self._check(value, executable, active)
        modified = out.event(key, ProcessInstanceModificationIntent.MODIFIED, value)
        variables = self._ctx.behaviours.variables
        for instruction in value.activate_instructions:
            scopes = {executable.bpmn_process_id: key}
            scopes.update({element_id: keys[0] for element_id, keys in active.items()})
            if instruction.ancestor_scope_key >= 0:
                ancestor = self._ctx.state.element_instances.get(instruction.ancestor_scope_key)
                if ancestor is not None:
                    scopes[ancestor.value.element_id] = ancestor.key
            scope_key = activate_inside(
                self._ctx, out, executable, root.value, scopes, instruction.element_id
            )
            for variable in instruction.variable_instructions:
                target = scopes.get(variable.element_id, key) if variable.element_id else key
                if variable.element_id == instruction.element_id:
                    target = scope_key  # the element does not exist yet: its flow scope
                scope = self._ctx.lifecycle.context_of(target)
                if scope is not None:
                    variables.set_local(out, target, variable.variables, VariableOwner.of(scope))
        for terminate in value.terminate_instructions:
            doomed = self._ctx.state.element_instances.get(terminate.element_instance_key)
            if doomed is not None and doomed.state is not _I.ELEMENT_TERMINATING:
                out.command(doomed.key, _I.TERMINATE_ELEMENT, doomed.value)
        out.respond(modified)
