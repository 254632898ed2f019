"""Read-model searches beyond the core: process definitions (search, get, XML), element
instances (search, get), jobs (search) and decision instances (search)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, create_model

from broker.exporters.sql import queries

from ..errors import ErrorKind, GatewayError
from ._context import RestContext
from ._fields import iso, key_text, path_key
from ._problems import PROBLEM_RESPONSES
from ._search import PageResponse, SearchField, SearchRequest, page_response, search_query


class ProcessDefinitionItem(BaseModel):
    processDefinitionKey: str
    processDefinitionId: str
    version: int
    versionTag: str | None
    resourceName: str
    tenantId: str


class ElementInstanceItem(BaseModel):
    elementInstanceKey: str
    processInstanceKey: str
    processDefinitionKey: str
    processDefinitionId: str
    elementId: str
    type: str
    state: str
    startDate: str | None
    endDate: str | None
    hasIncident: bool
    incidentKey: str | None
    tenantId: str


class JobItem(BaseModel):
    jobKey: str
    type: str
    worker: str
    state: str
    kind: str
    retries: int
    errorMessage: str
    errorCode: str
    deadline: str | None
    processInstanceKey: str
    elementInstanceKey: str
    elementId: str
    processDefinitionId: str
    tenantId: str
    endTime: str | None


class DecisionInstanceItem(BaseModel):
    decisionInstanceId: str
    decisionInstanceKey: str
    state: str
    evaluationDate: str | None
    evaluationFailure: str
    decisionDefinitionKey: str
    decisionDefinitionId: str
    decisionDefinitionName: str
    decisionDefinitionVersion: int
    decisionDefinitionType: str
    result: str
    processInstanceKey: str | None
    elementInstanceKey: str | None
    tenantId: str


def _page_of(item: type[BaseModel]) -> type[BaseModel]:
    return create_model(
        f"{item.__name__.removesuffix('Item')}SearchResponse",
        items=(list[item], ...),  # type: ignore[valid-type]
        page=(PageResponse, ...),
    )


DEFINITION_FIELDS = {
    "processDefinitionKey": SearchField("key", "key"),
    "processDefinitionId": SearchField("bpmn_process_id"),
    "version": SearchField("version", "int"),
    "versionTag": SearchField("version_tag", sortable=False),
    "resourceName": SearchField("resource_name", sortable=False),
    "tenantId": SearchField("tenant_id"),
}
ELEMENT_FIELDS = {
    "elementInstanceKey": SearchField("key", "key"),
    "processInstanceKey": SearchField("process_instance_key", "key", sortable=False),
    "processDefinitionKey": SearchField("process_definition_key", "key", sortable=False),
    "processDefinitionId": SearchField("bpmn_process_id", sortable=False),
    "elementId": SearchField("element_id"),
    "type": SearchField("element_type"),
    "state": SearchField("state"),
    "incidentKey": SearchField("incident_key", "key", sortable=False),
    "tenantId": SearchField("tenant_id", sortable=False),
    "startDate": SearchField("start_date", "date"),
    "endDate": SearchField("end_date", "date"),
}
JOB_FIELDS = {
    "jobKey": SearchField("key", "key"),
    "type": SearchField("type"),
    "worker": SearchField("worker"),
    "state": SearchField("state"),
    "kind": SearchField("kind", sortable=False),
    "retries": SearchField("retries", "int"),
    "processInstanceKey": SearchField("process_instance_key", "key", sortable=False),
    "elementInstanceKey": SearchField("element_instance_key", "key", sortable=False),
    "elementId": SearchField("element_id", sortable=False),
    "processDefinitionId": SearchField("bpmn_process_id", sortable=False),
    "tenantId": SearchField("tenant_id", sortable=False),
    "deadline": SearchField("deadline", "date"),
}
DECISION_FIELDS = {
    "decisionInstanceId": SearchField("id"),
    "decisionInstanceKey": SearchField("evaluation_key", "key", sortable=False),
    "state": SearchField("state"),
    "decisionDefinitionKey": SearchField("decision_key", "key", sortable=False),
    "decisionDefinitionId": SearchField("decision_id"),
    "decisionDefinitionVersion": SearchField("decision_version", "int"),
    "decisionDefinitionType": SearchField("decision_type", sortable=False),
    "processInstanceKey": SearchField("process_instance_key", "key", sortable=False),
    "elementInstanceKey": SearchField("element_instance_key", "key", sortable=False),
    "tenantId": SearchField("tenant_id", sortable=False),
    "evaluationDate": SearchField("evaluated_at", "date"),
}


def _definition(d: queries.ProcessDefinition) -> ProcessDefinitionItem:
    return ProcessDefinitionItem(
        processDefinitionKey=str(d.key),
        processDefinitionId=d.bpmn_process_id,
        version=d.version,
        versionTag=d.version_tag or None,
        resourceName=d.resource_name,
        tenantId=d.tenant_id,
    )


def _element(e: queries.ElementInstance) -> ElementInstanceItem:
    return ElementInstanceItem(
        elementInstanceKey=str(e.key),
        processInstanceKey=str(e.process_instance_key),
        processDefinitionKey=str(e.process_definition_key),
        processDefinitionId=e.bpmn_process_id,
        elementId=e.element_id,
        type=e.element_type,
        state=e.state,
        startDate=iso(e.start_date),
        endDate=iso(e.end_date),
        hasIncident=e.incident_key is not None,
        incidentKey=key_text(e.incident_key),
        tenantId=e.tenant_id,
    )


def _job(j: queries.Job) -> JobItem:
    return JobItem(
        jobKey=str(j.key),
        type=j.type,
        worker=j.worker,
        state=j.state,
        kind=j.kind,
        retries=j.retries,
        errorMessage=j.error_message,
        errorCode=j.error_code,
        deadline=iso(j.deadline),
        processInstanceKey=str(j.process_instance_key),
        elementInstanceKey=str(j.element_instance_key),
        elementId=j.element_id,
        processDefinitionId=j.bpmn_process_id,
        tenantId=j.tenant_id,
        endTime=iso(j.ended_at),
    )


def _decision(d: queries.DecisionInstance) -> DecisionInstanceItem:
    return DecisionInstanceItem(
        decisionInstanceId=d.id,
        decisionInstanceKey=str(d.evaluation_key),
        state=d.state,
        evaluationDate=iso(d.evaluated_at),
        evaluationFailure=d.failure_message,
        decisionDefinitionKey=str(d.decision_key),
        decisionDefinitionId=d.decision_id,
        decisionDefinitionName=d.decision_name,
        decisionDefinitionVersion=d.decision_version,
        decisionDefinitionType=d.decision_type,
        result=d.output,
        processInstanceKey=key_text(d.process_instance_key),
        elementInstanceKey=key_text(d.element_instance_key),
        tenantId=d.tenant_id,
    )


def _not_found(what: str, key: int) -> GatewayError:
    return GatewayError(
        ErrorKind.NOT_FOUND, f"Expected to find {what} with key '{key}', but none was found"
    )


def router(ctx: RestContext) -> APIRouter:
    api = APIRouter(responses=PROBLEM_RESPONSES)

    @api.post(
        "/process-definitions/search",
        response_model=_page_of(ProcessDefinitionItem),
        tags=["Process definition"],
    )
    async def search_definitions(body: SearchRequest | None = None) -> dict[str, Any]:
        q = search_query(DEFINITION_FIELDS, body)
        page = await ctx.query(
            "search process definitions",
            lambda e: queries.search_process_definitions(e, q.filter, q.sort, q.limit, q.after),
        )
        return page_response(page, _definition)

    @api.get(
        "/process-definitions/{processDefinitionKey}",
        response_model=ProcessDefinitionItem,
        tags=["Process definition"],
    )
    async def get_definition(processDefinitionKey: str) -> ProcessDefinitionItem:
        key = path_key(processDefinitionKey, "processDefinitionKey")
        page = await ctx.query(
            "get a process definition",
            lambda e: queries.search_process_definitions(e, {"key": key}, limit=1),
        )
        if not page.items:
            raise _not_found("process definition", key)
        return _definition(page.items[0])

    @api.get(
        "/process-definitions/{processDefinitionKey}/xml",
        response_class=Response,
        responses={200: {"content": {"text/xml": {}}}},
        tags=["Process definition"],
    )
    async def definition_xml(processDefinitionKey: str) -> Response:
        key = path_key(processDefinitionKey, "processDefinitionKey")
        xml = await ctx.query(
            "get a process definition's XML", lambda e: queries.process_definition_xml(e, key)
        )
        if xml is None:
            raise _not_found("process definition", key)
        return Response(xml, media_type="text/xml")

    @api.post(
        "/element-instances/search",
        response_model=_page_of(ElementInstanceItem),
        tags=["Element instance"],
    )
    async def search_elements(body: SearchRequest | None = None) -> dict[str, Any]:
        q = search_query(ELEMENT_FIELDS, body)
        page = await ctx.query(
            "search element instances",
            lambda e: queries.search_element_instances(e, q.filter, q.sort, q.limit, q.after),
        )
        return page_response(page, _element)

    @api.get(
        "/element-instances/{elementInstanceKey}",
        response_model=ElementInstanceItem,
        tags=["Element instance"],
    )
    async def get_element(elementInstanceKey: str) -> ElementInstanceItem:
        key = path_key(elementInstanceKey, "elementInstanceKey")
        page = await ctx.query(
            "get an element instance",
            lambda e: queries.search_element_instances(e, {"key": key}, limit=1),
        )
        if not page.items:
            raise _not_found("element instance", key)
        return _element(page.items[0])

    @api.post("/jobs/search", response_model=_page_of(JobItem), tags=["Job"])
    async def search_jobs(body: SearchRequest | None = None) -> dict[str, Any]:
        q = search_query(JOB_FIELDS, body)
        page = await ctx.query(
            "search jobs",
            lambda e: queries.search_jobs(e, q.filter, q.sort, q.limit, q.after),
        )
        return page_response(page, _job)

    @api.post(
        "/decision-instances/search",
        response_model=_page_of(DecisionInstanceItem),
        tags=["Decision instance"],
    )
    async def search_decisions(body: SearchRequest | None = None) -> dict[str, Any]:
        q = search_query(DECISION_FIELDS, body)
        page = await ctx.query(
            "search decision instances",
            lambda e: queries.search_decision_instances(e, q.filter, q.sort, q.limit, q.after),
        )
        return page_response(page, _decision)

    return api
