"""Process instances: create (optionally awaiting completion), cancel, modify, search."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Response
from msgspec.structs import replace
from pydantic import BaseModel, ConfigDict, Field

from broker.exporters.sql import queries
from engine.records.intents import (
    ProcessInstanceCreationIntent,
    ProcessInstanceIntent,
    ProcessInstanceMigrationIntent,
    ProcessInstanceModificationIntent,
)
from engine.records.values import (
    ActivateInstruction,
    MappingInstruction,
    ProcessInstanceCreationRecordValue,
    ProcessInstanceMigrationRecordValue,
    ProcessInstanceModificationRecordValue,
    ProcessInstanceRecordValue,
    StartInstruction,
    TerminateInstruction,
    VariableInstruction,
)

from ..errors import ErrorKind, GatewayError, invalid_argument
from ..grpc._requests import Command
from ._awaiting import wait_for_result
from ._context import RestContext
from ._fields import Key, iso, key_text, path_key, tenant, variables
from ._problems import PROBLEM_RESPONSES
from ._search import PageResponse, SearchField, SearchRequest, page_response, search_query

_Id = Field(default=None, min_length=1, max_length=256)


class StartInstructionRequest(BaseModel):
    elementId: str = Field(min_length=1, max_length=256)


class CreateProcessInstanceRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    processDefinitionId: str | None = _Id
    processDefinitionVersion: int | None = Field(default=None, ge=-1, le=2**31 - 1)
    processDefinitionKey: Key | None = None
    variables: dict[str, Any] | None = None
    startInstructions: list[StartInstructionRequest] | None = Field(default=None, max_length=100)
    tenantId: str | None = None
    operationReference: int | None = Field(default=None, ge=1)
    awaitCompletion: bool = False
    requestTimeout: int | None = Field(
        default=None, ge=0, le=3_600_000, description="ms; 0: default"
    )
    fetchVariables: list[str] | None = Field(default=None, max_length=1000)


class CreateProcessInstanceResponse(BaseModel):
    processDefinitionId: str
    processDefinitionVersion: int
    processDefinitionKey: str
    processInstanceKey: str
    tenantId: str
    variables: dict[str, Any] | None = None


class CancellationRequest(BaseModel):
    operationReference: int | None = Field(default=None, ge=1)


class VariableInstructionRequest(BaseModel):
    variables: dict[str, Any]
    scopeId: str = Field(default="", max_length=256)


class ActivateInstructionRequest(BaseModel):
    elementId: str = Field(min_length=1, max_length=256)
    variableInstructions: list[VariableInstructionRequest] = Field(default=[], max_length=100)
    ancestorElementInstanceKey: Key | None = None


class TerminateInstructionRequest(BaseModel):
    elementInstanceKey: Key


class ModificationRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    operationReference: int | None = Field(default=None, ge=1)
    activateInstructions: list[ActivateInstructionRequest] = Field(default=[], max_length=100)
    terminateInstructions: list[TerminateInstructionRequest] = Field(default=[], max_length=100)


class MappingInstructionRequest(BaseModel):
    sourceElementId: str = Field(min_length=1, max_length=256)
    targetElementId: str = Field(min_length=1, max_length=256)


class MigrationRequest(BaseModel):
    targetProcessDefinitionKey: Key
    mappingInstructions: list[MappingInstructionRequest] = Field(max_length=1000)
    operationReference: int | None = Field(default=None, ge=1)


class ProcessInstanceItem(BaseModel):
    processInstanceKey: str
    processDefinitionId: str
    processDefinitionKey: str
    processDefinitionVersion: int
    state: str
    startDate: str | None
    endDate: str | None
    parentProcessInstanceKey: str | None
    parentElementInstanceKey: str | None
    hasIncident: bool
    tenantId: str


class ProcessInstanceSearchResponse(BaseModel):
    items: list[ProcessInstanceItem]
    page: PageResponse


FIELDS = {
    "processInstanceKey": SearchField("key", "key"),
    "processDefinitionId": SearchField("bpmn_process_id"),
    "processDefinitionKey": SearchField("process_definition_key", "key", sortable=False),
    "processDefinitionVersion": SearchField("version", "int"),
    "state": SearchField("state"),
    "startDate": SearchField("start_date", "date"),
    "endDate": SearchField("end_date", "date"),
    "parentProcessInstanceKey": SearchField("parent_process_instance_key", "key", False),
    "parentElementInstanceKey": SearchField("parent_element_instance_key", "key", False),
    "hasIncident": SearchField("has_incident", "bool", sortable=False),
    "tenantId": SearchField("tenant_id", sortable=False),
}


def _item(p: queries.ProcessInstance) -> ProcessInstanceItem:
    return ProcessInstanceItem(
        processInstanceKey=str(p.key),
        processDefinitionId=p.bpmn_process_id,
        processDefinitionKey=str(p.process_definition_key),
        processDefinitionVersion=p.version,
        state=p.state,
        startDate=iso(p.start_date),
        endDate=iso(p.end_date),
        parentProcessInstanceKey=key_text(p.parent_process_instance_key),
        parentElementInstanceKey=key_text(p.parent_element_instance_key),
        hasIncident=p.has_incident,
        tenantId=p.tenant_id,
    )


def creation_command(request: CreateProcessInstanceRequest, limit: int) -> Command:
    if request.processDefinitionKey is None and not request.processDefinitionId:
        raise invalid_argument(
            "Expected either 'processDefinitionKey' or 'processDefinitionId' to be set, but got "
            "neither"
        )
    if request.processDefinitionKey is not None and request.processDefinitionId:
        raise invalid_argument(
            "Expected either 'processDefinitionKey' or 'processDefinitionId' to be set, but got "
            "both"
        )
    version = request.processDefinitionVersion
    value = ProcessInstanceCreationRecordValue(
        bpmn_process_id=request.processDefinitionId or "",
        process_definition_key=request.processDefinitionKey or -1,
        version=version if version is not None and version > 0 else -1,
        variables=variables(request.variables, "variables", limit),
        start_instructions=[
            StartInstruction(element_id=i.elementId) for i in request.startInstructions or []
        ],
        tenant_id=tenant(request.tenantId),
    )
    if request.awaitCompletion:
        value = replace(value, fetch_variables=list(request.fetchVariables or []))
        return Command(ProcessInstanceCreationIntent.CREATE_WITH_AWAITING_RESULT, value)
    return Command(ProcessInstanceCreationIntent.CREATE, value)


def _created(value: Any, result: dict[str, Any] | None) -> CreateProcessInstanceResponse:
    return CreateProcessInstanceResponse(
        processDefinitionId=value.bpmn_process_id,
        processDefinitionVersion=value.version,
        processDefinitionKey=str(value.process_definition_key),
        processInstanceKey=str(value.process_instance_key),
        tenantId=value.tenant_id,
        variables=result,
    )


def router(ctx: RestContext) -> APIRouter:
    api = APIRouter(tags=["Process instance"], responses=PROBLEM_RESPONSES)
    limit = ctx.options.max_variables_bytes

    @api.post(
        "/process-instances",
        response_model=CreateProcessInstanceResponse,
        response_model_exclude_none=True,
        responses={504: {"description": "awaitCompletion timed out (the instance goes on)"}},
    )
    async def create(body: CreateProcessInstanceRequest) -> CreateProcessInstanceResponse:
        command = creation_command(body, limit)
        if not body.awaitCompletion:
            record = await ctx.calls.send(command)
            return _created(record.value, None)
        timeout_ms = body.requestTimeout or ctx.options.with_result_timeout_ms
        try:
            async with asyncio.timeout(timeout_ms / 1000):
                if ctx.read_model is None:
                    record = await ctx.calls.send(command)
                    return _created(record.value, record.value.variables)
                # See _awaiting: create, then wait for the read model to show the end.
                plain = Command(ProcessInstanceCreationIntent.CREATE, command.value)
                created = (await ctx.calls.send(plain)).value
                result = await wait_for_result(
                    ctx, created.process_instance_key, body.fetchVariables or []
                )
                return _created(created, result)
        except TimeoutError:
            process = body.processDefinitionId or body.processDefinitionKey
            raise GatewayError(
                ErrorKind.DEADLINE_EXCEEDED,
                f"Expected the instance of process '{process}' to complete within "
                f"{timeout_ms} ms, but it did not (the instance goes on running)",
            ) from None

    @api.post("/process-instances/{processInstanceKey}/cancellation", status_code=204)
    async def cancel(processInstanceKey: str, body: CancellationRequest | None = None) -> Response:
        key = path_key(processInstanceKey, "processInstanceKey")
        value = ProcessInstanceRecordValue(process_instance_key=key)
        await ctx.calls.send(Command(ProcessInstanceIntent.CANCEL, value, key))
        return Response(status_code=204)

    @api.post("/process-instances/{processInstanceKey}/modification", status_code=204)
    async def modify(processInstanceKey: str, body: ModificationRequest) -> Response:
        key = path_key(processInstanceKey, "processInstanceKey")
        activate = [
            ActivateInstruction(
                element_id=a.elementId,
                ancestor_scope_key=a.ancestorElementInstanceKey or -1,
                variable_instructions=[
                    VariableInstruction(
                        element_id=v.scopeId,
                        variables=variables(
                            v.variables,
                            f"activateInstructions[{i}].variableInstructions[{j}].variables",
                            limit,
                        ),
                    )
                    for j, v in enumerate(a.variableInstructions)
                ],
            )
            for i, a in enumerate(body.activateInstructions)
        ]
        terminate = [
            TerminateInstruction(element_instance_key=t.elementInstanceKey)
            for t in body.terminateInstructions
        ]
        value = ProcessInstanceModificationRecordValue(
            process_instance_key=key,
            activate_instructions=activate,
            terminate_instructions=terminate,
        )
        await ctx.calls.send(Command(ProcessInstanceModificationIntent.MODIFY, value, key))
        return Response(status_code=204)

    @api.post("/process-instances/{processInstanceKey}/migration", status_code=204)
    async def migrate(processInstanceKey: str, body: MigrationRequest) -> Response:
        key = path_key(processInstanceKey, "processInstanceKey")
        value = ProcessInstanceMigrationRecordValue(
            process_instance_key=key,
            target_process_definition_key=body.targetProcessDefinitionKey,
            mapping_instructions=[
                MappingInstruction(
                    source_element_id=m.sourceElementId, target_element_id=m.targetElementId
                )
                for m in body.mappingInstructions
            ],
        )
        await ctx.calls.send(
            Command(ProcessInstanceMigrationIntent.MIGRATE, value, key),
            unsupported="Migrating process instances is not supported yet: the engine has no "
            "process instance migration (no issue plans it yet)",
        )
        return Response(status_code=204)

    @api.post("/process-instances/search", response_model=ProcessInstanceSearchResponse)
    async def search(body: SearchRequest | None = None) -> dict[str, Any]:
        query = search_query(FIELDS, body)
        page = await ctx.query(
            "search process instances",
            lambda engine: queries.search_process_instances(
                engine, query.filter, query.sort, query.limit, query.after
            ),
        )
        return page_response(page, _item)

    @api.get("/process-instances/{processInstanceKey}", response_model=ProcessInstanceItem)
    async def get(processInstanceKey: str) -> ProcessInstanceItem:
        key = path_key(processInstanceKey, "processInstanceKey")
        page = await ctx.query(
            "get a process instance",
            lambda engine: queries.search_process_instances(engine, {"key": key}, limit=1),
        )
        if not page.items:
            raise GatewayError(
                ErrorKind.NOT_FOUND,
                f"Expected to find process instance with key '{key}', but none was found",
            )
        return _item(page.items[0])

    return api
