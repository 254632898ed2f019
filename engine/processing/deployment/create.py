"""DEPLOYMENT CREATE: validate every resource, then version what is new.

BPMN (`.bpmn`, `.xml`) is parsed by `bpmn.parse` and every FEEL text compiled; DMN (`.dmn`) by
`bpmn.dmn.parse_dmn`; a form-js schema (`.form`) must be JSON with an `id`. Any problem
rejects the whole deployment INVALID_ARGUMENT, listing every problem with its resource,
element and line. A resource whose latest version has the same digest is a duplicate (Zeebe's
rule): no new version, its metadata says `duplicate`. Events: PROCESS CREATED per new process,
DECISION_REQUIREMENTS and DECISION CREATED per new DMN, FORM CREATED per new form, then
DEPLOYMENT CREATED (the response).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import msgspec

import bpmn
from bpmn.dmn import DecisionRequirementsGraph, parse_dmn

from ...records.enums import RejectionType
from ...records.intents import (
    DecisionIntent,
    DecisionRequirementsIntent,
    DeploymentIntent,
    FormIntent,
    ProcessIntent,
)
from ...records.record import Record
from ...records.values import (
    DecisionMetadata,
    DecisionRecordValue,
    DecisionRequirementsMetadata,
    DecisionRequirementsRecordValue,
    DeploymentRecordValue,
    DeploymentResource,
    FormMetadata,
    FormRecordValue,
    ProcessMetadata,
    ProcessRecordValue,
)
from ..context import ProcessingContext
from ..errors import Rejection
from ..writer import RecordWriter
from .executable import ExecutableProcess, compile_process


@dataclass(frozen=True, slots=True)
class _Process:
    resource: DeploymentResource
    model: bpmn.Process
    executable: ExecutableProcess


@dataclass(frozen=True, slots=True)
class _Form:
    resource: DeploymentResource
    form_id: str
    version_tag: str


def _form(resource: DeploymentResource) -> _Form:
    """A form-js schema: a JSON object with a non-empty string `id`."""
    try:
        schema = msgspec.json.decode(resource.resource)
    except msgspec.DecodeError as error:
        raise ValueError(f"Expected the form to be JSON, but {error}") from None
    if not isinstance(schema, dict) or not isinstance(schema.get("id"), str) or not schema["id"]:
        raise ValueError("Expected the form to be a JSON object with a non-empty 'id'")
    tag = schema.get("versionTag")
    return _Form(resource, schema["id"], tag if isinstance(tag, str) else "")


@dataclass(frozen=True, slots=True)
class _Drg:
    resource: DeploymentResource
    drg: DecisionRequirementsGraph


def _digest(resource: bytes) -> bytes:
    # Zeebe uses an MD5 digest for duplicate detection; it is not a security measure here.
    return hashlib.md5(resource, usedforsecurity=False).digest()


def _problems(name: str, error: bpmn.BpmnError) -> list[str]:
    return [f"'{name}': {problem}" for problem in error.problems]


class CreateDeployment:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx

    def _validate(
        self, value: DeploymentRecordValue
    ) -> tuple[list[_Process], list[_Drg], list[_Form]]:
        problems: list[str] = []
        processes: list[_Process] = []
        drgs: list[_Drg] = []
        forms: list[_Form] = []
        for resource in value.resources:
            name = resource.resource_name
            if name.endswith(".dmn"):
                try:
                    drgs.append(_Drg(resource, parse_dmn(resource.resource)))
                except bpmn.BpmnError as error:
                    problems += _problems(name, error)
            elif name.endswith(".form"):
                try:
                    forms.append(_form(resource))
                except ValueError as error:
                    problems.append(f"'{name}': {error}")
            elif name.endswith((".bpmn", ".xml")):
                try:
                    definitions = bpmn.parse(resource.resource)
                    executable = definitions.executable_processes
                    if not executable:
                        problems.append(f"'{name}': Must contain at least one executable process")
                    for process in executable:
                        processes.append(_Process(resource, process, compile_process(process)))
                except bpmn.BpmnError as error:
                    problems += _problems(name, error)
            else:
                problems.append(
                    f"'{name}': Expected the resource name to end with '.bpmn', '.xml', "
                    f"'.dmn' or '.form', but it does not"
                )
        seen: set[str] = set()
        for entry in processes:
            if entry.model.id in seen:
                problems.append(
                    f"Duplicated process id in resources, '{entry.model.id}' appears twice"
                )
            seen.add(entry.model.id)
        if problems:
            raise Rejection(
                RejectionType.INVALID_ARGUMENT,
                "Expected to deploy new resources, but encountered the following errors:\n"
                + "\n".join(problems),
            )
        return processes, drgs, forms

    def process(self, command: Record[DeploymentRecordValue], out: RecordWriter) -> None:
        value = command.value
        if not value.resources:
            raise Rejection(
                RejectionType.INVALID_ARGUMENT,
                "Expected to deploy at least one resource, but none given",
            )
        processes, drgs, forms = self._validate(value)
        keys = self._ctx.keys
        deployment_key = keys.next_key()
        metadata = [self._process(out, entry, value, deployment_key) for entry in processes]
        drg_metadata: list[DecisionRequirementsMetadata] = []
        decision_metadata: list[DecisionMetadata] = []
        for entry in drgs:
            drg_meta, decisions = self._drg(out, entry, value, deployment_key)
            drg_metadata.append(drg_meta)
            decision_metadata += decisions
        form_metadata = [self._form(out, entry, value, deployment_key) for entry in forms]
        created = DeploymentRecordValue(
            resources=value.resources,
            processes_metadata=metadata,
            decisions_metadata=decision_metadata,
            decision_requirements_metadata=drg_metadata,
            form_metadata=form_metadata,
            tenant_id=value.tenant_id,
            deployment_key=deployment_key,
        )
        out.respond(out.event(deployment_key, DeploymentIntent.CREATED, created))

    def _process(
        self,
        out: RecordWriter,
        entry: _Process,
        deployment: DeploymentRecordValue,
        deployment_key: int,
    ) -> ProcessMetadata:
        processes = self._ctx.state.processes
        process_id, tenant = entry.model.id, deployment.tenant_id
        checksum = _digest(entry.resource.resource)
        latest = processes.latest(process_id, tenant)
        if (
            latest is not None
            and latest.checksum == checksum
            and latest.resource_name == entry.resource.resource_name
        ):
            return ProcessMetadata(
                bpmn_process_id=process_id,
                version=latest.version,
                process_definition_key=latest.process_definition_key,
                resource_name=latest.resource_name,
                checksum=checksum,
                duplicate=True,
                tenant_id=tenant,
                deployment_key=latest.deployment_key,
                version_tag=latest.version_tag,
            )
        key = self._ctx.keys.next_key()
        record = ProcessRecordValue(
            bpmn_process_id=process_id,
            version=processes.highest_version(process_id, tenant) + 1,
            process_definition_key=key,
            resource_name=entry.resource.resource_name,
            checksum=checksum,
            resource=entry.resource.resource,
            tenant_id=tenant,
            deployment_key=deployment_key,
            version_tag=entry.model.version_tag or "",
        )
        self._ctx.models.stage(key, entry.executable)
        out.event(key, ProcessIntent.CREATED, record)
        # The new version's timer start events replace the previous version's.
        self._ctx.behaviours.events.open_start_events(
            out,
            entry.executable,
            key,
            -1 if latest is None else latest.process_definition_key,
            tenant,
        )
        return ProcessMetadata(
            bpmn_process_id=process_id,
            version=record.version,
            process_definition_key=key,
            resource_name=record.resource_name,
            checksum=checksum,
            tenant_id=tenant,
            deployment_key=deployment_key,
            version_tag=record.version_tag,
        )

    def _form(
        self,
        out: RecordWriter,
        entry: _Form,
        deployment: DeploymentRecordValue,
        deployment_key: int,
    ) -> FormMetadata:
        tenant = deployment.tenant_id
        checksum = _digest(entry.resource.resource)
        latest = self._ctx.state.forms.latest(entry.form_id, tenant)
        if latest is not None and latest.checksum == checksum:
            return FormMetadata(
                form_id=entry.form_id,
                version=latest.version,
                form_key=latest.form_key,
                resource_name=latest.resource_name,
                checksum=checksum,
                duplicate=True,
                tenant_id=tenant,
                deployment_key=latest.deployment_key,
                version_tag=latest.version_tag,
            )
        key = self._ctx.keys.next_key()
        form = FormRecordValue(
            form_id=entry.form_id,
            version=1 if latest is None else latest.version + 1,
            form_key=key,
            resource_name=entry.resource.resource_name,
            checksum=checksum,
            resource=entry.resource.resource,
            tenant_id=tenant,
            deployment_key=deployment_key,
            version_tag=entry.version_tag,
        )
        out.event(key, FormIntent.CREATED, form)
        return FormMetadata(
            form_id=form.form_id,
            version=form.version,
            form_key=key,
            resource_name=form.resource_name,
            checksum=checksum,
            tenant_id=tenant,
            deployment_key=deployment_key,
            version_tag=form.version_tag,
        )

    def _drg(
        self,
        out: RecordWriter,
        entry: _Drg,
        deployment: DeploymentRecordValue,
        deployment_key: int,
    ) -> tuple[DecisionRequirementsMetadata, list[DecisionMetadata]]:
        decisions = self._ctx.state.decisions
        drg, tenant = entry.drg, deployment.tenant_id
        checksum = _digest(entry.resource.resource)
        latest = decisions.latest_requirements(drg.id, tenant)
        duplicate = latest is not None and latest.checksum == checksum
        if latest is not None and duplicate:
            meta = DecisionRequirementsMetadata(
                decision_requirements_id=drg.id,
                decision_requirements_name=latest.decision_requirements_name,
                decision_requirements_version=latest.decision_requirements_version,
                decision_requirements_key=latest.decision_requirements_key,
                namespace=latest.namespace,
                resource_name=latest.resource_name,
                checksum=checksum,
                duplicate=True,
                tenant_id=tenant,
            )
            found = [decisions.latest(decision_id, tenant) for decision_id in drg.decisions]
            return meta, [_decision_meta(d, duplicate=True) for d in found if d is not None]
        drg_key = self._ctx.keys.next_key()
        record = DecisionRequirementsRecordValue(
            decision_requirements_id=drg.id,
            decision_requirements_name=drg.name or drg.id,
            decision_requirements_version=(
                1 if latest is None else latest.decision_requirements_version + 1
            ),
            decision_requirements_key=drg_key,
            namespace=drg.namespace or "",
            resource_name=entry.resource.resource_name,
            checksum=checksum,
            resource=entry.resource.resource,
            tenant_id=tenant,
        )
        self._ctx.models.stage_drg(drg_key, drg)
        out.event(drg_key, DecisionRequirementsIntent.CREATED, record)
        metadata = []
        for decision in drg.decisions.values():
            previous = decisions.latest(decision.id, tenant)
            decision_key = self._ctx.keys.next_key()
            created = DecisionRecordValue(
                decision_id=decision.id,
                decision_name=decision.name or decision.id,
                version=1 if previous is None else previous.version + 1,
                decision_key=decision_key,
                decision_requirements_id=drg.id,
                decision_requirements_key=drg_key,
                tenant_id=tenant,
                deployment_key=deployment_key,
                version_tag=decision.version_tag or "",
            )
            out.event(decision_key, DecisionIntent.CREATED, created)
            metadata.append(_decision_meta(created, duplicate=False))
        meta = DecisionRequirementsMetadata(
            decision_requirements_id=drg.id,
            decision_requirements_name=record.decision_requirements_name,
            decision_requirements_version=record.decision_requirements_version,
            decision_requirements_key=drg_key,
            namespace=record.namespace,
            resource_name=record.resource_name,
            checksum=checksum,
            tenant_id=tenant,
        )
        return meta, metadata


def _decision_meta(decision: DecisionRecordValue, duplicate: bool) -> DecisionMetadata:
    fields: dict[str, Any] = {
        name: getattr(decision, name)
        for name in (
            "decision_id",
            "decision_name",
            "version",
            "decision_key",
            "decision_requirements_id",
            "decision_requirements_key",
            "tenant_id",
            "deployment_key",
            "version_tag",
        )
    }
    return DecisionMetadata(duplicate=duplicate, **fields)
