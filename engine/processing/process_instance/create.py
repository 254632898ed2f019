"""PROCESS_INSTANCE_CREATION CREATE: start an instance of a deployed process.

The definition is chosen by key, or by bpmn process id (a given version, else the latest).
Variables become VARIABLE CREATED events in the instance's root scope; the process element is
activated by a follow-up ACTIVATE_ELEMENT. A business key (Baton extension) must be unique
among the process's active instances (ALREADY_EXISTS otherwise). Start instructions start the
instance at the named elements instead of its none start event.
"""

from __future__ import annotations

import msgspec

from bpmn.model import BpmnElementType

from ...records.enums import RejectionType
from ...records.intents import ProcessInstanceCreationIntent, ProcessInstanceIntent
from ...records.record import Record
from ...records.values import (
    ProcessInstanceCreationRecordValue,
    ProcessInstanceRecordValue,
    ProcessRecordValue,
)
from ..bpmn.behaviours import AwaitingClient, VariableOwner
from ..context import ProcessingContext
from ..deployment.executable import ExecutableProcess
from ..errors import Rejection
from ..writer import RecordWriter
from ._scopes import activate_inside

# Elements a start instruction may not name: they are started by events, not tokens.
_NOT_STARTABLE = frozenset({BpmnElementType.BOUNDARY_EVENT, BpmnElementType.EVENT_SUB_PROCESS})


class CreateProcessInstance:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx

    def _definition(self, value: ProcessInstanceCreationRecordValue) -> ProcessRecordValue:
        processes = self._ctx.state.processes
        if value.process_definition_key > 0:
            found = processes.get(value.process_definition_key)
            if found is None:
                raise Rejection(
                    RejectionType.NOT_FOUND,
                    f"Expected to find process definition with key "
                    f"'{value.process_definition_key}', but none found",
                )
            return found
        if not value.bpmn_process_id:
            raise Rejection(
                RejectionType.INVALID_ARGUMENT,
                "Expected either a process definition key or a bpmn process id, but got neither",
            )
        if value.version > 0:
            found = processes.get_version(value.bpmn_process_id, value.version, value.tenant_id)
            if found is None:
                raise Rejection(
                    RejectionType.NOT_FOUND,
                    f"Expected to find process definition with process ID "
                    f"'{value.bpmn_process_id}' and version '{value.version}', but none found",
                )
            return found
        found = processes.latest(value.bpmn_process_id, value.tenant_id)
        if found is None:
            raise Rejection(
                RejectionType.NOT_FOUND,
                f"Expected to find process definition with process ID "
                f"'{value.bpmn_process_id}', but none found",
            )
        return found

    @staticmethod
    def _check_start_instruction(executable: ExecutableProcess, element_id: str) -> None:
        element = executable.elements.get(element_id)
        if element is None or element.element_type in _NOT_STARTABLE:
            raise Rejection(
                RejectionType.INVALID_ARGUMENT,
                f"Expected to start process instance at element with id '{element_id}', but "
                f"no such element was found or it cannot be started at",
            )
        scope_id = element.flow_scope_id
        while scope_id is not None and scope_id != executable.bpmn_process_id:
            scope = executable.element(scope_id)
            if scope.loop is not None or scope.element_type is BpmnElementType.EVENT_SUB_PROCESS:
                raise Rejection(
                    RejectionType.INVALID_ARGUMENT,
                    f"Expected to start process instance at element with id '{element_id}', "
                    f"but it is inside a multi-instance or event subprocess '{scope_id}'",
                )
            scope_id = scope.flow_scope_id

    def _start_at(
        self,
        out: RecordWriter,
        instance_key: int,
        instance: ProcessInstanceRecordValue,
        executable: ExecutableProcess,
        targets: list[str],
    ) -> None:
        """Zeebe's start instructions: the process (and each enclosing subprocess of a
        target) is activated without its start event, then each target is activated."""
        out.event(instance_key, ProcessInstanceIntent.ELEMENT_ACTIVATING, instance)
        out.event(instance_key, ProcessInstanceIntent.ELEMENT_ACTIVATED, instance)
        scopes = {executable.bpmn_process_id: instance_key}
        for element_id in targets:
            activate_inside(self._ctx, out, executable, instance, scopes, element_id)

    def process(
        self, command: Record[ProcessInstanceCreationRecordValue], out: RecordWriter
    ) -> None:
        value = command.value
        definition = self._definition(value)
        executable = self._ctx.models.process(definition.process_definition_key)
        targets = [instruction.element_id for instruction in value.start_instructions]
        for element_id in targets:
            self._check_start_instruction(executable, element_id)
        if not targets and executable.root.start_event_id is None:
            raise Rejection(
                RejectionType.INVALID_STATE,
                f"Expected to create instance of process with none start event, but there is "
                f"no such event in process '{definition.bpmn_process_id}'",
            )
        if value.business_key:
            existing = self._ctx.state.process_instances.by_business_key(
                definition.tenant_id, definition.bpmn_process_id, value.business_key
            )
            if existing >= 0:
                raise Rejection(
                    RejectionType.ALREADY_EXISTS,
                    f"Expected to create an instance of process '{definition.bpmn_process_id}' "
                    f"with business key '{value.business_key}', but the active instance "
                    f"{existing} already has it",
                )
        instance_key = self._ctx.keys.next_key()
        instance = ProcessInstanceRecordValue(
            bpmn_process_id=definition.bpmn_process_id,
            version=definition.version,
            process_definition_key=definition.process_definition_key,
            process_instance_key=instance_key,
            element_id=definition.bpmn_process_id,
            flow_scope_key=-1,
            bpmn_element_type=BpmnElementType.PROCESS,
            tenant_id=definition.tenant_id,
        )
        owner = VariableOwner(
            instance_key,
            definition.process_definition_key,
            definition.bpmn_process_id,
            definition.tenant_id,
        )
        self._ctx.behaviours.variables.set_local(out, instance_key, value.variables, owner)
        if targets:
            self._start_at(out, instance_key, instance, executable, targets)
        else:
            out.command(instance_key, ProcessInstanceIntent.ACTIVATE_ELEMENT, instance)
        created = msgspec.structs.replace(
            value,
            bpmn_process_id=definition.bpmn_process_id,
            process_definition_key=definition.process_definition_key,
            version=definition.version,
            process_instance_key=instance_key,
            tenant_id=definition.tenant_id,
        )
        record = out.event(instance_key, ProcessInstanceCreationIntent.CREATED, created)
        if command.intent is ProcessInstanceCreationIntent.CREATE_WITH_AWAITING_RESULT:
            # The answer is the instance's result, once it completes.
            self._ctx.behaviours.awaiting.add(
                instance_key,
                AwaitingClient(
                    command.request_id, command.request_stream_id, tuple(value.fetch_variables)
                ),
            )
        else:
            out.respond(record)
