"""`POST /v2/deployments`: multipart/form-data with one or more `resources` files (BPMN, DMN,
form JSON) and an optional `tenantId`.

The body is parsed with the standard library's MIME parser (python-multipart, which FastAPI's
`UploadFile` needs, is not a dependency); the body size limit has already been applied by the
app's middleware, so the parser only ever sees a bounded body.
"""

from __future__ import annotations

import email.parser
import email.policy
from email.message import EmailMessage
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel

from engine.records.intents import DeploymentIntent
from engine.records.values import DeploymentRecordValue, DeploymentResource

from ..errors import invalid_argument
from ..grpc._requests import Command
from ._context import RestContext
from ._fields import tenant
from ._problems import PROBLEM_RESPONSES

_MULTIPART_SCHEMA: dict[str, Any] = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["resources"],
                "properties": {
                    "resources": {
                        "type": "array",
                        "items": {"type": "string", "format": "binary"},
                        "description": "BPMN, DMN or form files",
                    },
                    "tenantId": {"type": "string"},
                },
            }
        }
    },
}


class DeploymentResponse(BaseModel):
    deploymentKey: str
    tenantId: str
    deployments: list[dict[str, dict[str, Any]]]


def _parts(content_type: str, body: bytes) -> list[EmailMessage]:
    if not content_type.lower().startswith("multipart/form-data"):
        raise invalid_argument(
            f"Expected a multipart/form-data body with 'resources', but the content type is "
            f"'{content_type[:80]}'"
        )
    header = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1", "replace")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(header + body)
    if not message.is_multipart():
        raise invalid_argument("Expected a multipart/form-data body, but it has no parts")
    parts = []
    for part in message.iter_parts():
        if isinstance(part, EmailMessage):
            parts.append(part)
    return parts


def resources_of(content_type: str, body: bytes) -> tuple[list[DeploymentResource], str]:
    """The uploaded files and the tenant field of a deployment body."""
    resources: list[DeploymentResource] = []
    tenant_id = ""
    for index, part in enumerate(_parts(content_type, body)):
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        if name == "resources":
            filename = part.get_filename() or f"resource-{index}.bpmn"
            resources.append(DeploymentResource(resource_name=str(filename), resource=data))
        elif name == "tenantId":
            tenant_id = data.decode("utf-8", "replace").strip()
    if not resources:
        raise invalid_argument(
            "Expected at least one file in the multipart field 'resources', but none given"
        )
    return resources, tenant(tenant_id)


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

    @api.post(
        "/deployments",
        response_model=DeploymentResponse,
        openapi_extra={"requestBody": _MULTIPART_SCHEMA},
    )
    async def deploy(request: Request) -> DeploymentResponse:
        body = await request.body()
        resources, tenant_id = resources_of(request.headers.get("content-type", ""), body)
        value = DeploymentRecordValue(resources=resources, tenant_id=tenant_id)
        record = await ctx.calls.deploy(Command(DeploymentIntent.CREATE, value))
        return _response(record)

    return api
