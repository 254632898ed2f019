"""Messages (publication, correlation), signals (broadcast) and decision evaluation.

Each is sent to the engine as its command; while the engine has no processor for one, the
rejection "... is not one (yet)" becomes a 501 problem naming the issue that adds it, never a
fake success. The handlers need no change when the engine learns them.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from broker.routing import partition_of_correlation_key
from engine.records.intents import (
    DecisionEvaluationIntent,
    MessageCorrelationIntent,
    MessageIntent,
    SignalIntent,
)
from engine.records.values import (
    DecisionEvaluationRecordValue,
    MessageCorrelationRecordValue,
    MessageRecordValue,
    SignalRecordValue,
)

from ..errors import invalid_argument
from ..grpc._requests import Command
from ._context import RestContext
from ._fields import Key, tenant, variables
from ._problems import PROBLEM_RESPONSES

_Name = Field(min_length=1, max_length=256)
_MESSAGES = "messages come with issue 7 (timers, messages, signals)"


class PublicationRequest(BaseModel):
    name: str = _Name
    correlationKey: str = Field(default="", max_length=1024)
    timeToLive: int = Field(default=0, ge=0, le=2**40, description="ms")
    messageId: str | None = Field(default=None, max_length=1024)
    variables: dict[str, Any] | None = None
    tenantId: str | None = None


class PublicationResponse(BaseModel):
    messageKey: str
    tenantId: str


class CorrelationRequest(BaseModel):
    name: str = _Name
    correlationKey: str = Field(default="", max_length=1024)
    variables: dict[str, Any] | None = None
    tenantId: str | None = None


class CorrelationResponse(BaseModel):
    messageKey: str
    tenantId: str
    processInstanceKey: str


class SignalRequest(BaseModel):
    signalName: str = _Name
    variables: dict[str, Any] | None = None
    tenantId: str | None = None


class SignalResponse(BaseModel):
    signalKey: str
    tenantId: str


class EvaluationRequest(BaseModel):
    decisionDefinitionId: str | None = Field(default=None, min_length=1, max_length=256)
    decisionDefinitionKey: Key | None = None
    variables: dict[str, Any] | None = None
    tenantId: str | None = None


class EvaluationResponse(BaseModel):
    decisionDefinitionId: str
    decisionDefinitionKey: str
    decisionDefinitionName: str
    decisionDefinitionVersion: int
    decisionRequirementsId: str
    decisionRequirementsKey: str
    output: str = Field(description="the decision's output as JSON text")
    failedDecisionDefinitionId: str
    failureMessage: str
    tenantId: str
    decisionInstanceKey: str
    evaluatedDecisions: list[dict[str, Any]]


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def router(ctx: RestContext) -> APIRouter:
    api = APIRouter(responses=PROBLEM_RESPONSES)
    limit = ctx.options.max_variables_bytes

    @api.post("/messages/publication", response_model=PublicationResponse, tags=["Message"])
    async def publish(body: PublicationRequest) -> PublicationResponse:
        tenant_id = tenant(body.tenantId)
        value = MessageRecordValue(
            name=body.name,
            correlation_key=body.correlationKey,
            time_to_live=body.timeToLive,
            message_id=body.messageId or "",
            variables=variables(body.variables, "variables", limit),
            tenant_id=tenant_id,
        )
        record = await ctx.calls.send(
            Command(MessageIntent.PUBLISH, value),
            partition_id=partition_of_correlation_key(
                body.correlationKey, ctx.calls.partition_count
            ),
            unsupported=f"Publishing messages is not supported yet: {_MESSAGES}",
        )
        return PublicationResponse(messageKey=str(record.key), tenantId=tenant_id)

    @api.post("/messages/correlation", response_model=CorrelationResponse, tags=["Message"])
    async def correlate(body: CorrelationRequest) -> CorrelationResponse:
        tenant_id = tenant(body.tenantId)
        value = MessageCorrelationRecordValue(
            name=body.name,
            correlation_key=body.correlationKey,
            variables=variables(body.variables, "variables", limit),
            tenant_id=tenant_id,
        )
        record = await ctx.calls.send(
            Command(MessageCorrelationIntent.CORRELATE, value),
            partition_id=partition_of_correlation_key(
                body.correlationKey, ctx.calls.partition_count
            ),
            unsupported=f"Correlating messages is not supported yet: {_MESSAGES}",
        )
        return CorrelationResponse(
            messageKey=str(record.key),
            tenantId=tenant_id,
            processInstanceKey=str(record.value.process_instance_key),
        )

    @api.post("/signals/broadcast", response_model=SignalResponse, tags=["Signal"])
    async def broadcast(body: SignalRequest) -> SignalResponse:
        tenant_id = tenant(body.tenantId)
        value = SignalRecordValue(
            signal_name=body.signalName,
            variables=variables(body.variables, "variables", limit),
            tenant_id=tenant_id,
        )
        record = await ctx.calls.send(
            Command(SignalIntent.BROADCAST, value),
            partition_id=1,
            unsupported="Broadcasting signals is not supported yet: signals come with issue 7 "
            "(timers, messages, signals)",
        )
        return SignalResponse(signalKey=str(record.key), tenantId=tenant_id)

    @api.post(
        "/decision-definitions/evaluation", response_model=EvaluationResponse, tags=["Decision"]
    )
    async def evaluate(body: EvaluationRequest) -> EvaluationResponse:
        tenant_id = tenant(body.tenantId)
        if (body.decisionDefinitionKey is None) == (body.decisionDefinitionId is None):
            raise invalid_argument(
                "Expected either 'decisionDefinitionKey' or 'decisionDefinitionId' to be set, "
                "but got " + ("both" if body.decisionDefinitionId else "neither")
            )
        value = DecisionEvaluationRecordValue(
            decision_key=body.decisionDefinitionKey or -1,
            decision_id=body.decisionDefinitionId or "",
            variables=variables(body.variables, "variables", limit),
            tenant_id=tenant_id,
        )
        record = await ctx.calls.send(
            Command(DecisionEvaluationIntent.EVALUATE, value),
            partition_id=1,  # the decision keys clients know are partition 1's
            unsupported="Evaluating decisions over the API is not supported yet: the engine has "
            "no DECISION_EVALUATION EVALUATE processor (decisions run from business rule tasks)",
        )
        v = record.value
        return EvaluationResponse(
            decisionDefinitionId=v.decision_id,
            decisionDefinitionKey=str(v.decision_key),
            decisionDefinitionName=v.decision_name,
            decisionDefinitionVersion=v.decision_version,
            decisionRequirementsId=v.decision_requirements_id,
            decisionRequirementsKey=str(v.decision_requirements_key),
            output=v.decision_output,
            failedDecisionDefinitionId=v.failed_decision_id,
            failureMessage=v.evaluation_failure_message,
            tenantId=v.tenant_id,
            decisionInstanceKey=str(record.key),
            evaluatedDecisions=[
                {
                    "decisionDefinitionId": d.decision_id,
                    "decisionDefinitionKey": str(d.decision_key),
                    "decisionDefinitionName": d.decision_name,
                    "decisionDefinitionVersion": d.decision_version,
                    "decisionDefinitionType": d.decision_type,
                    "output": d.decision_output,
                    "tenantId": d.tenant_id,
                    "matchedRules": [
                        {
                            "ruleId": r.rule_id,
                            "ruleIndex": r.rule_index,
                            "evaluatedOutputs": [
                                {
                                    "outputId": o.output_id,
                                    "outputName": o.output_name,
                                    "outputValue": _json(o.output_value),
                                }
                                for o in r.evaluated_outputs
                            ],
                        }
                        for r in d.matched_rules
                    ],
                    "evaluatedInputs": [
                        {
                            "inputId": i.input_id,
                            "inputName": i.input_name,
                            "inputValue": _json(i.input_value),
                        }
                        for i in d.evaluated_inputs
                    ],
                }
                for d in v.evaluated_decisions
            ],
        )

    return api
