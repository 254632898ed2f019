"""`POST /v2/deployments`: multipart/form-data with one or more `resources` files (BPMN, DMN,
form JSON) and an optional `tenantId`.

The body is parsed by Starlette's form parser (python-multipart), after the app's body size
limit: it never sees more than that many bytes. Every resource goes to the engine, which
refuses the whole deployment (400, each problem listed) if any resource is invalid.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Response, UploadFile
from pydantic import BaseModel, Field

from engine.records.intents import DeploymentIntent, ResourceDeletionIntent
from engine.records.values import (
    DeploymentRecordValue,
    DeploymentResource,
    ResourceDeletionRecordValue,
)

from ..grpc._requests import Command
from ._context import RestContext
from ._fields import path_key, tenant
from ._problems import PROBLEM_RESPONSES


class DeletionRequest(BaseModel):
    operationReference: int | None = Field(default=None, ge=1)


class DeploymentResponse(BaseModel):
    deploymentKey: str
    tenantId: str
    deployments: list[dict[str, dict[str, Any]]]


def _response(record: Any) -> DeploymentResponse:
    value: DeploymentRecordValue = record.value
    deployments: list[dict[str, dict[str, Any]]] = []
    for p in value.processes_metadata:
        deployments.append(
            {
                "processDefinition": {
                    "processDefinitionId": p.bpmn_process_id,
                    "processDefinitionVersion": p.version,
                    "resourceName": p.resource_name,
                    "tenantId": p.tenant_id,
                    "processDefinitionKey": str(p.process_definition_key),
                }
            }
        )
    for d in value.decisions_metadata:
        deployments.append(
            {
                "decisionDefinition": {
                    "decisionDefinitionId": d.decision_id,
                    "version": d.version,
                    "name": d.decision_name,
                    "tenantId": d.tenant_id,
                    "decisionDefinitionKey": str(d.decision_key),
                    "decisionRequirementsId": d.decision_requirements_id,
                    "decisionRequirementsKey": str(d.decision_requirements_key),
                }
            }
        )
    for r in value.decision_requirements_metadata:
        deployments.append(
            {
                "decisionRequirements": {
                    "decisionRequirementsId": r.decision_requirements_id,
                    "decisionRequirementsName": r.decision_requirements_name,
                    "version": r.decision_requirements_version,
                    "resourceName": r.resource_name,
                    "tenantId": r.tenant_id,
                    "decisionRequirementsKey": str(r.decision_requirements_key),
                }
            }
        )
    for f in value.form_metadata:
        deployments.append(
            {
                "form": {
                    "formId": f.form_id,
                    "version": f.version,
                    "resourceName": f.resource_name,
                    "tenantId": f.tenant_id,
                    "formKey": str(f.form_key),
                }
            }
        )
    return DeploymentResponse(
        deploymentKey=str(record.key), tenantId=value.tenant_id, deployments=deployments
    )


def router(ctx: RestContext) -> APIRouter:
    api = APIRouter(tags=["Deployment"], responses=PROBLEM_RESPONSES)

    @api.post("/deployments", response_model=DeploymentResponse)
    async def deploy(
        resources: Annotated[list[UploadFile], File(description="BPMN, DMN or form files")],
        tenantId: Annotated[str | None, Form()] = None,
    ) -> DeploymentResponse:
        files = [
            DeploymentResource(
                resource_name=upload.filename or f"resource-{index}.bpmn",
                resource=await upload.read(),
            )
            for index, upload in enumerate(resources)
        ]
        value = DeploymentRecordValue(resources=files, tenant_id=tenant(tenantId))
        record = await ctx.calls.deploy(Command(DeploymentIntent.CREATE, value))
        return _response(record)

    @api.post("/resources/{resourceKey}/deletion", status_code=204, tags=["Resource"])
    async def delete(resourceKey: str, body: DeletionRequest | None = None) -> Response:
        """Deletes a process definition, decision requirements graph or form by key. Every
        partition keys its own copy of a deployment, so this deletes the copy of the key's
        partition (the keys clients know are partition 1's)."""
        key = path_key(resourceKey, "resourceKey")
        value = ResourceDeletionRecordValue(resource_key=key)
        await ctx.calls.send(Command(ResourceDeletionIntent.DELETE, value, key))
        return Response(status_code=204)

    return api
