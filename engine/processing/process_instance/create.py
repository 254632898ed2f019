"""PROCESS_INSTANCE_CREATION CREATE: start an instance of a deployed process.

The definition is chosen by key, or by bpmn process id (a given version, else the latest).
Variables become VARIABLE CREATED events in the instance's root scope; the process element is
activated by a follow-up ACTIVATE_ELEMENT. A business key (Baton extension) must be unique
among the process's active instances (ALREADY_EXISTS otherwise).
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
from ..bpmn.behaviours import VariableOwner
from ..context import ProcessingContext
from ..errors import Rejection
from ..writer import RecordWriter


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

    def process(
        self, command: Record[ProcessInstanceCreationRecordValue], out: RecordWriter
    ) -> None:
        value = command.value
        definition = self._definition(value)
        executable = self._ctx.models.process(definition.process_definition_key)
        if value.start_instructions:
            raise Rejection(
                RejectionType.INVALID_ARGUMENT,
                "Expected to create an instance at its none start event, but start "
                "instructions are not supported yet",
            )
        if executable.root.start_event_id is None:
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
        out.command(instance_key, ProcessInstanceIntent.ACTIVATE_ELEMENT, instance)
        created = msgspec.structs.replace(
            value,
            bpmn_process_id=definition.bpmn_process_id,
            process_definition_key=definition.process_definition_key,
            version=definition.version,
            process_instance_key=instance_key,
            tenant_id=definition.tenant_id,
        )
        out.respond(out.event(instance_key, ProcessInstanceCreationIntent.CREATED, created))
