"""Values of deployed resources: deployments, processes, decisions, forms, their deletion and
the distribution of commands to other partitions."""

from __future__ import annotations

from typing import Any

import msgspec

from ..enums import ValueType
from ._base import DEFAULT_TENANT, RecordValue


class DeploymentResource(RecordValue, frozen=True):
    resource_name: str = ""
    resource: bytes = b""  # the file as uploaded; base64 in JSON


class ProcessMetadata(RecordValue, frozen=True):
    """One process of a deployment, without its resource (which the PROCESS record carries)."""

    bpmn_process_id: str = ""
    version: int = -1
    process_definition_key: int = -1
    resource_name: str = ""
    checksum: bytes = b""  # digest of the resource; equal digests mean a duplicate deployment
    duplicate: bool = False
    tenant_id: str = DEFAULT_TENANT
    deployment_key: int = -1
    version_tag: str = ""


class DecisionMetadata(RecordValue, frozen=True):
    decision_id: str = ""
    decision_name: str = ""
    version: int = -1
    decision_key: int = -1
    decision_requirements_id: str = ""
    decision_requirements_key: int = -1
    duplicate: bool = False
    tenant_id: str = DEFAULT_TENANT
    deployment_key: int = -1
    version_tag: str = ""


class DecisionRequirementsMetadata(RecordValue, frozen=True):
    decision_requirements_id: str = ""
    decision_requirements_name: str = ""
    decision_requirements_version: int = -1
    decision_requirements_key: int = -1
    namespace: str = ""
    resource_name: str = ""
    checksum: bytes = b""
    duplicate: bool = False
    tenant_id: str = DEFAULT_TENANT


class FormMetadata(RecordValue, frozen=True):
    form_id: str = ""
    version: int = -1
    form_key: int = -1
    resource_name: str = ""
    checksum: bytes = b""
    duplicate: bool = False
    tenant_id: str = DEFAULT_TENANT
    deployment_key: int = -1
    version_tag: str = ""


class DeploymentRecordValue(RecordValue, frozen=True):
    resources: list[DeploymentResource] = msgspec.field(default_factory=list)
    processes_metadata: list[ProcessMetadata] = msgspec.field(default_factory=list)
    decisions_metadata: list[DecisionMetadata] = msgspec.field(default_factory=list)
    decision_requirements_metadata: list[DecisionRequirementsMetadata] = msgspec.field(
        default_factory=list
    )
    form_metadata: list[FormMetadata] = msgspec.field(default_factory=list)
    tenant_id: str = DEFAULT_TENANT
    deployment_key: int = -1


class ProcessRecordValue(RecordValue, frozen=True):
    """A deployed process definition; also what the process store keeps per definition."""

    bpmn_process_id: str = ""
    version: int = -1
    process_definition_key: int = -1
    resource_name: str = ""
    checksum: bytes = b""
    resource: bytes = b""
    duplicate: bool = False
    tenant_id: str = DEFAULT_TENANT
    deployment_key: int = -1
    version_tag: str = ""


class DecisionRecordValue(RecordValue, frozen=True):
    decision_id: str = ""
    decision_name: str = ""
    version: int = -1
    decision_key: int = -1
    decision_requirements_id: str = ""
    decision_requirements_key: int = -1
    duplicate: bool = False
    tenant_id: str = DEFAULT_TENANT
    deployment_key: int = -1
    version_tag: str = ""


class DecisionRequirementsRecordValue(RecordValue, frozen=True):
    decision_requirements_id: str = ""
    decision_requirements_name: str = ""
    decision_requirements_version: int = -1
    decision_requirements_key: int = -1
    namespace: str = ""
    resource_name: str = ""
    checksum: bytes = b""
    resource: bytes = b""
    duplicate: bool = False
    tenant_id: str = DEFAULT_TENANT


class FormRecordValue(RecordValue, frozen=True):
    form_id: str = ""
    version: int = -1
    form_key: int = -1
    resource_name: str = ""
    checksum: bytes = b""
    resource: bytes = b""
    duplicate: bool = False
    tenant_id: str = DEFAULT_TENANT
    deployment_key: int = -1
    version_tag: str = ""


class ResourceDeletionRecordValue(RecordValue, frozen=True):
    resource_key: int = -1
    tenant_id: str = DEFAULT_TENANT


class CommandDistributionRecordValue(RecordValue, frozen=True):
    """A command sent to another partition.

    `value_type` and `intent` name the distributed command; `command_value` is that command's
    value as its JSON-shaped document (`msgspec.convert` it to the value type's struct to read
    it). The intent is its name and the value a document because both depend on `value_type`,
    which msgspec cannot switch on while decoding.
    """

    partition_id: int = -1
    queue_id: str | None = None
    value_type: ValueType | None = None
    intent: str = "UNKNOWN"
    command_value: dict[str, Any] | None = None
