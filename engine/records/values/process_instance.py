"""Values of process instances: the element lifecycle, creation, modification, migration,
results, batches and event triggers."""

from __future__ import annotations

from typing import Any

import msgspec

from bpmn.model import BpmnElementType, BpmnEventType

from ._base import DEFAULT_TENANT, RecordValue


class ProcessInstanceRecordValue(RecordValue, frozen=True):
    """One element instance of a process instance (the process itself is an element too).

    The element and event kinds are `bpmn.model`'s enums (Zeebe's names). `bpmn_element_type`
    is None only in an empty value: Zeebe writes UNSPECIFIED there, which `BpmnElementType` has
    no member for, so Baton's JSON says null.
    """

    bpmn_process_id: str = ""
    version: int = -1
    process_definition_key: int = -1
    process_instance_key: int = -1
    element_id: str = ""
    flow_scope_key: int = -1
    bpmn_element_type: BpmnElementType | None = None
    parent_process_instance_key: int = -1
    parent_element_instance_key: int = -1
    bpmn_event_type: BpmnEventType = BpmnEventType.UNSPECIFIED
    tenant_id: str = DEFAULT_TENANT


class StartInstruction(RecordValue, frozen=True):
    element_id: str = ""


class ProcessInstanceCreationRecordValue(RecordValue, frozen=True):
    bpmn_process_id: str = ""
    process_definition_key: int = -1
    version: int = -1  # -1: the latest version
    variables: dict[str, Any] = msgspec.field(default_factory=dict)
    process_instance_key: int = -1
    start_instructions: list[StartInstruction] = msgspec.field(default_factory=list)
    fetch_variables: list[str] = msgspec.field(default_factory=list)
    tenant_id: str = DEFAULT_TENANT
    # Baton extension: unique among the process's active instances ("" for none).
    business_key: str = ""


class TerminateInstruction(RecordValue, frozen=True):
    element_instance_key: int = -1


class VariableInstruction(RecordValue, frozen=True):
    element_id: str = ""
    variables: dict[str, Any] = msgspec.field(default_factory=dict)


class ActivateInstruction(RecordValue, frozen=True):
    element_id: str = ""
    ancestor_scope_key: int = -1
    variable_instructions: list[VariableInstruction] = msgspec.field(default_factory=list)
    ancestor_scope_keys: list[int] = msgspec.field(default_factory=list)


class ProcessInstanceModificationRecordValue(RecordValue, frozen=True):
    process_instance_key: int = -1
    terminate_instructions: list[TerminateInstruction] = msgspec.field(default_factory=list)
    activate_instructions: list[ActivateInstruction] = msgspec.field(default_factory=list)
    ancestor_scope_keys: list[int] = msgspec.field(default_factory=list)
    tenant_id: str = DEFAULT_TENANT


class MappingInstruction(RecordValue, frozen=True):
    source_element_id: str = ""
    target_element_id: str = ""


class ProcessInstanceMigrationRecordValue(RecordValue, frozen=True):
    process_instance_key: int = -1
    target_process_definition_key: int = -1
    mapping_instructions: list[MappingInstruction] = msgspec.field(default_factory=list)


class ProcessInstanceResultRecordValue(RecordValue, frozen=True):
    bpmn_process_id: str = ""
    process_definition_key: int = -1
    version: int = -1
    process_instance_key: int = -1
    variables: dict[str, Any] = msgspec.field(default_factory=dict)
    tenant_id: str = DEFAULT_TENANT


class ProcessInstanceBatchRecordValue(RecordValue, frozen=True):
    process_instance_key: int = -1
    batch_element_instance_key: int = -1
    index: int = -1
    tenant_id: str = DEFAULT_TENANT


class ProcessEventRecordValue(RecordValue, frozen=True):
    """An event (timer, message, signal, error...) about to trigger `target_element_id`."""

    scope_key: int = -1
    target_element_id: str = ""
    variables: dict[str, Any] = msgspec.field(default_factory=dict)
    process_definition_key: int = -1
    process_instance_key: int = -1
    tenant_id: str = DEFAULT_TENANT
