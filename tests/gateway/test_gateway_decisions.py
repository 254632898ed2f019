"""Decisions over gRPC: DMN deployed with DeployResource (metadata of the DRG and of each
decision), evaluated by a business rule task, including a decision whose output is a
context; EvaluateDecision itself waits for the engine's DECISION_EVALUATION command."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import pytest
from pyzeebe.proto import gateway_pb2 as pb

from engine.testing import bpmn
from tests.gateway.test_gateway_harness import Gateway, started_gateway


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Gateway]:
    async with started_gateway(tmp_path) as started:
        yield started


DMN = """<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="pricing" name="Pricing"
    namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="price" name="Price">
    <decisionTable id="table" hitPolicy="FIRST">
      <input id="in_amount" label="Amount">
        <inputExpression id="e1" typeRef="number"><text>amount</text></inputExpression>
      </input>
      <output id="out_level" name="level" typeRef="string" />
      <output id="out_discount" name="discount" typeRef="number" />
      <rule id="big"><inputEntry id="i1"><text>&gt; 1000</text></inputEntry>
        <outputEntry id="o1"><text>"gold"</text></outputEntry>
        <outputEntry id="o2"><text>0.1</text></outputEntry></rule>
      <rule id="small"><inputEntry id="i2"><text>-</text></inputEntry>
        <outputEntry id="o3"><text>"basic"</text></outputEntry>
        <outputEntry id="o4"><text>0</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>
"""

RULE = bpmn("""
  <bpmn:process id="quote" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="decide" />
    <bpmn:businessRuleTask id="decide">
      <bpmn:extensionElements>
        <zeebe:calledDecision decisionId="price" resultVariable="price" />
      </bpmn:extensionElements>
    </bpmn:businessRuleTask>
    <bpmn:sequenceFlow id="f2" sourceRef="decide" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")


async def test_dmn_deployment_metadata(gateway: Gateway) -> None:
    response = await gateway.deploy("pricing.dmn", DMN)
    drgs = [
        d.decisionRequirements for d in response.deployments if d.HasField("decisionRequirements")
    ]
    decisions = [d.decision for d in response.deployments if d.HasField("decision")]
    assert [(d.dmnDecisionRequirementsId, d.version, d.resourceName) for d in drgs] == [
        ("pricing", 1, "pricing.dmn")
    ]
    [decision] = decisions
    assert (decision.dmnDecisionId, decision.dmnDecisionName, decision.version) == (
        "price",
        "Price",
        1,
    )
    assert decision.decisionRequirementsKey == drgs[0].decisionRequirementsKey


async def test_a_business_rule_task_decides_with_a_context_output(gateway: Gateway) -> None:
    await gateway.deploy("pricing.dmn", DMN)
    await gateway.deploy("quote.bpmn", RULE)
    result = await gateway.stub.CreateProcessInstanceWithResult(
        pb.CreateProcessInstanceWithResultRequest(
            request=pb.CreateProcessInstanceRequest(
                bpmnProcessId="quote", variables='{"amount": 5000}'
            ),
            fetchVariables=["price"],
        )
    )
    assert json.loads(result.variables) == {"price": {"level": "gold", "discount": 0.1}}


async def test_evaluate_decision_is_unimplemented_until_the_engine_has_it(
    gateway: Gateway,
) -> None:
    await gateway.deploy("pricing.dmn", DMN)
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await gateway.stub.EvaluateDecision(
            pb.EvaluateDecisionRequest(decisionId="price", variables='{"amount": 1}')
        )
    assert refused.value.code() == grpc.StatusCode.UNIMPLEMENTED
