"""Jobs: activation (with long polling), completion, failure, error, update of retries and
timeout."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from engine.records.intents import JobIntent
from engine.records.values import JobRecordValue

from ..errors import invalid_argument
from ..grpc._requests import Command
from ._context import RestContext
from ._fields import path_key, tenant, variables
from ._problems import PROBLEM_RESPONSES

_Text = Field(default="", max_length=10_000)


class ActivationRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: str = Field(min_length=1, max_length=256)
    worker: str = Field(default="", max_length=256)
    timeout: int = Field(ge=1, le=2**40, description="ms the job stays activated")
    maxJobsToActivate: int = Field(ge=1, le=10_000)
    fetchVariable: list[str] | None = Field(default=None, max_length=1000)
    requestTimeout: int | None = Field(
        None, ge=-1, le=3_600_000, description="ms of long polling; 0: default, <0: none"
    )
    tenantIds: list[str] | None = Field(default=None, max_length=10)


class ActivatedJob(BaseModel):
    jobKey: str
    type: str
    processDefinitionId: str
    processDefinitionVersion: int
    processDefinitionKey: str
    processInstanceKey: str
    elementId: str
    elementInstanceKey: str
    customHeaders: dict[str, str]
    worker: str
    retries: int
    deadline: int
    variables: dict[str, Any]
    tenantId: str
    kind: str
    listenerEventType: str


class ActivationResponse(BaseModel):
    jobs: list[ActivatedJob]


class CompletionRequest(BaseModel):
    variables: dict[str, Any] | None = None


class FailureRequest(BaseModel):
    retries: int = Field(default=0, ge=0, le=2**31 - 1)
    errorMessage: str = _Text
    retryBackOff: int = Field(default=0, ge=0, le=2**40)
    variables: dict[str, Any] | None = None


class ErrorRequest(BaseModel):
    errorCode: str = Field(min_length=1, max_length=256)
    errorMessage: str | None = Field(default=None, max_length=10_000)
    variables: dict[str, Any] | None = None


class JobChangeset(BaseModel):
    retries: int | None = Field(default=None, ge=1, le=2**31 - 1)
    timeout: int | None = Field(default=None, ge=0, le=2**40)


class JobUpdateRequest(BaseModel):
    changeset: JobChangeset
    operationReference: int | None = Field(default=None, ge=1)


def _activated(key: int, job: JobRecordValue) -> ActivatedJob:
    return ActivatedJob(
        jobKey=str(key),
        type=job.type,
        processDefinitionId=job.bpmn_process_id,
        processDefinitionVersion=job.process_definition_version,
        processDefinitionKey=str(job.process_definition_key),
        processInstanceKey=str(job.process_instance_key),
        elementId=job.element_id,
        elementInstanceKey=str(job.element_instance_key),
        customHeaders=job.custom_headers,
        worker=job.worker,
        retries=job.retries,
        deadline=job.deadline,
        variables=job.variables,
        tenantId=job.tenant_id,
        kind=job.job_kind.name,
        listenerEventType=job.job_listener_event_type.name,
    )


def router(ctx: RestContext) -> APIRouter:
    api = APIRouter(tags=["Job"], responses=PROBLEM_RESPONSES)
    limit = ctx.options.max_variables_bytes

    @api.post("/jobs/activation", response_model=ActivationResponse)
    async def activate(body: ActivationRequest) -> ActivationResponse:
        for tenant_id in body.tenantIds or []:
            tenant(tenant_id)
        wait_ms = body.requestTimeout or ctx.options.long_polling_timeout_ms
        jobs = await ctx.calls.activate_jobs(
            body.type,
            body.maxJobsToActivate,
            timeout_ms=body.timeout,
            worker=body.worker or "default",
            fetch_variables=list(body.fetchVariable or []),
            request_timeout_s=max(wait_ms, 0) / 1000,
        )
        return ActivationResponse(jobs=[_activated(j.key, j.job) for j in jobs])

    @api.post("/jobs/{jobKey}/completion", status_code=204)
    async def complete(jobKey: str, body: CompletionRequest | None = None) -> Response:
        key = path_key(jobKey, "jobKey")
        document = variables(body.variables if body else None, "variables", limit)
        await ctx.calls.send(Command(JobIntent.COMPLETE, JobRecordValue(variables=document), key))
        return Response(status_code=204)

    @api.post("/jobs/{jobKey}/failure", status_code=204)
    async def fail(jobKey: str, body: FailureRequest | None = None) -> Response:
        key = path_key(jobKey, "jobKey")
        body = body or FailureRequest()
        value = JobRecordValue(
            retries=body.retries,
            error_message=body.errorMessage,
            retry_backoff=body.retryBackOff,
            variables=variables(body.variables, "variables", limit),
        )
        await ctx.calls.send(Command(JobIntent.FAIL, value, key))
        return Response(status_code=204)

    @api.post("/jobs/{jobKey}/error", status_code=204)
    async def throw_error(jobKey: str, body: ErrorRequest) -> Response:
        key = path_key(jobKey, "jobKey")
        value = JobRecordValue(
            error_code=body.errorCode,
            error_message=body.errorMessage or "",
            variables=variables(body.variables, "variables", limit),
        )
        await ctx.calls.send(Command(JobIntent.THROW_ERROR, value, key))
        return Response(status_code=204)

    @api.patch("/jobs/{jobKey}", status_code=204)
    async def update(jobKey: str, body: JobUpdateRequest) -> Response:
        key = path_key(jobKey, "jobKey")
        changes = body.changeset
        if changes.retries is None and changes.timeout is None:
            raise invalid_argument(
                "Expected 'changeset' to set 'retries' or 'timeout', but it sets neither"
            )
        if changes.retries is not None:
            value = JobRecordValue(retries=changes.retries)
            await ctx.calls.send(Command(JobIntent.UPDATE_RETRIES, value, key))
        if changes.timeout is not None:
            value = JobRecordValue(timeout=changes.timeout)
            await ctx.calls.send(Command(JobIntent.UPDATE_TIMEOUT, value, key))
        return Response(status_code=204)

    return api
