"""Incidents (search, resolution), variables (search, get) and element-instance variables."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from broker.exporters.sql import queries
from engine.records.enums import VariableDocumentUpdateSemantic
from engine.records.intents import IncidentIntent, VariableDocumentIntent
from engine.records.values import IncidentRecordValue, VariableDocumentRecordValue

from ..errors import ErrorKind, GatewayError
from ..grpc._requests import Command
from ._context import RestContext
from ._fields import iso, key_text, path_key, variables
from ._problems import PROBLEM_RESPONSES
from ._search import PageResponse, SearchField, SearchRequest, page_response, search_query


class IncidentItem(BaseModel):
    incidentKey: str
    processDefinitionKey: str
    processDefinitionId: str
    processInstanceKey: str
    errorType: str
    errorMessage: str
    elementId: str
    elementInstanceKey: str
    creationTime: str | None
    state: str
    jobKey: str | None
    tenantId: str


class IncidentSearchResponse(BaseModel):
    items: list[IncidentItem]
    page: PageResponse


class VariableItem(BaseModel):
    variableKey: str
    name: str
    value: str = Field(description="the value as JSON text")
    scopeKey: str
    processInstanceKey: str
    tenantId: str
    isTruncated: bool = False


class VariableSearchResponse(BaseModel):
    items: list[VariableItem]
    page: PageResponse


class InstanceIncidentResolution(BaseModel):
    batchOperationType: str
    resolvedIncidentKeys: list[str]


class SetVariablesRequest(BaseModel):
    variables: dict[str, Any]
    local: bool = False
    operationReference: int | None = Field(default=None, ge=1)


INCIDENT_FIELDS = {
    "incidentKey": SearchField("key", "key"),
    "processDefinitionKey": SearchField("process_definition_key", "key", sortable=False),
    "processDefinitionId": SearchField("bpmn_process_id", sortable=False),
    "processInstanceKey": SearchField("process_instance_key", "key"),
    "errorType": SearchField("error_type"),
    "errorMessage": SearchField("error_message", sortable=False),
    "elementId": SearchField("element_id"),
    "elementInstanceKey": SearchField("element_instance_key", "key", sortable=False),
    "creationTime": SearchField("created_at", "date"),
    "state": SearchField("state"),
    "jobKey": SearchField("job_key", "key", sortable=False),
    "tenantId": SearchField("tenant_id", sortable=False),
}

VARIABLE_FIELDS = {
    "variableKey": SearchField("key", "key"),
    "name": SearchField("name"),
    "value": SearchField("value"),
    "scopeKey": SearchField("scope_key", "key"),
    "processInstanceKey": SearchField("process_instance_key", "key"),
    "tenantId": SearchField("tenant_id", sortable=False),
}


def _incident(i: queries.Incident) -> IncidentItem:
    return IncidentItem(
        incidentKey=str(i.key),
        processDefinitionKey=str(i.process_definition_key),
        processDefinitionId=i.bpmn_process_id,
        processInstanceKey=str(i.process_instance_key),
        errorType=i.error_type,
        errorMessage=i.error_message,
        elementId=i.element_id,
        elementInstanceKey=str(i.element_instance_key),
        creationTime=iso(i.created_at),
        state=i.state,
        jobKey=key_text(i.job_key),
        tenantId=i.tenant_id,
    )


def _variable(v: queries.Variable) -> VariableItem:
    return VariableItem(
        variableKey=str(v.key),
        name=v.name,
        value=v.value,
        scopeKey=str(v.scope_key),
        processInstanceKey=str(v.process_instance_key),
        tenantId=v.tenant_id,
    )


def _value_filter(filter: dict[str, Any] | None) -> dict[str, Any] | None:
    # A plain `value` filter compares JSON text: "\"gold\"" or 12 -> "12".
    if filter and "value" in filter and not isinstance(filter["value"], (str, dict)):
        filter = {**filter, "value": json.dumps(filter["value"])}
    return filter


def router(ctx: RestContext) -> APIRouter:
    api = APIRouter(responses=PROBLEM_RESPONSES)
    limit = ctx.options.max_variables_bytes

    @api.post("/incidents/search", response_model=IncidentSearchResponse, tags=["Incident"])
    async def search_incidents(body: SearchRequest | None = None) -> dict[str, Any]:
        query = search_query(INCIDENT_FIELDS, body)
        page = await ctx.query(
            "search incidents",
            lambda engine: queries.search_incidents(
                engine, query.filter, query.sort, query.limit, query.after
            ),
        )
        return page_response(page, _incident)

    @api.get("/incidents/{incidentKey}", response_model=IncidentItem, tags=["Incident"])
    async def get_incident(incidentKey: str) -> IncidentItem:
        key = path_key(incidentKey, "incidentKey")
        page = await ctx.query(
            "get an incident", lambda engine: queries.search_incidents(engine, {"key": key})
        )
        if not page.items:
            raise GatewayError(
                ErrorKind.NOT_FOUND, f"Expected to find incident with key '{key}', but none"
            )
        return _incident(page.items[0])

    @api.post("/incidents/{incidentKey}/resolution", status_code=204, tags=["Incident"])
    async def resolve(incidentKey: str) -> Response:
        key = path_key(incidentKey, "incidentKey")
        await ctx.calls.send(Command(IncidentIntent.RESOLVE, IncidentRecordValue(), key))
        return Response(status_code=204)

    @api.post(
        "/process-instances/{processInstanceKey}/incident-resolution",
        response_model=InstanceIncidentResolution,
        tags=["Process instance"],
    )
    async def resolve_all(processInstanceKey: str) -> InstanceIncidentResolution:
        """Resolves every active incident of the instance at once (Camunda creates a batch
        operation; Baton has none, so it answers with the incidents it resolved)."""
        key = path_key(processInstanceKey, "processInstanceKey")
        instance = await ctx.query(
            "find the process instance",
            lambda engine: queries.search_process_instances(engine, {"key": key}, limit=1),
        )
        if not instance.items:
            raise GatewayError(
                ErrorKind.NOT_FOUND,
                f"Expected to find process instance with key '{key}', but none was found",
            )
        active = await ctx.query(
            "find the instance's incidents",
            lambda engine: queries.search_incidents(
                engine, {"process_instance_key": key, "state": "ACTIVE"}, limit=10_000
            ),
        )
        resolved = []
        for incident in active.items:
            command = Command(IncidentIntent.RESOLVE, IncidentRecordValue(), incident.key)
            try:
                await ctx.calls.send(command)
            except GatewayError as error:
                if error.kind is not ErrorKind.NOT_FOUND:  # resolved meanwhile: fine
                    raise
            else:
                resolved.append(str(incident.key))
        return InstanceIncidentResolution(
            batchOperationType="RESOLVE_INCIDENT", resolvedIncidentKeys=resolved
        )

    @api.post("/variables/search", response_model=VariableSearchResponse, tags=["Variable"])
    async def search_variables(body: SearchRequest | None = None) -> dict[str, Any]:
        if body is not None:
            body = body.model_copy(update={"filter": _value_filter(body.filter)})
        query = search_query(VARIABLE_FIELDS, body)
        page = await ctx.query(
            "search variables",
            lambda engine: queries.search_variables(
                engine, query.filter, query.sort, query.limit, query.after
            ),
        )
        return page_response(page, _variable)

    @api.get("/variables/{variableKey}", response_model=VariableItem, tags=["Variable"])
    async def get_variable(variableKey: str) -> VariableItem:
        key = path_key(variableKey, "variableKey")
        page = await ctx.query(
            "get a variable", lambda engine: queries.search_variables(engine, {"key": key})
        )
        if not page.items:
            raise GatewayError(
                ErrorKind.NOT_FOUND, f"Expected to find variable with key '{key}', but none"
            )
        return _variable(page.items[0])

    async def set_variables(elementInstanceKey: str, body: SetVariablesRequest) -> Response:
        key = path_key(elementInstanceKey, "elementInstanceKey")
        value = VariableDocumentRecordValue(
            scope_key=key,
            update_semantics=(
                VariableDocumentUpdateSemantic.LOCAL
                if body.local
                else VariableDocumentUpdateSemantic.PROPAGATE
            ),
            variables=variables(body.variables, "variables", limit),
        )
        await ctx.calls.send(Command(VariableDocumentIntent.UPDATE, value, key))
        return Response(status_code=204)

    # Camunda's docs give PUT; POST is accepted as well (the brief of issue 6 names it).
    path = "/element-instances/{elementInstanceKey}/variables"
    api.put(path, status_code=204, tags=["Element instance"])(set_variables)
    api.post(path, status_code=204, tags=["Element instance"], include_in_schema=False)(
        set_variables
    )
    return api
