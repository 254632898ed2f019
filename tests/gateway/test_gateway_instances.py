"""Deploying and running process instances over gRPC with pyzeebe: deploy (BPMN, DMN, forms,
the deprecated DeployProcess), create by id / version / key, with result, start
instructions, cancel, set variables, modify."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import pytest
from pyzeebe.proto import gateway_pb2 as pb

from engine.testing import bpmn
from tests.gateway.test_gateway_harness import SERVICE, Gateway, started_gateway


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Gateway]:
    async with started_gateway(tmp_path) as started:
        yield started


PASS_THROUGH = bpmn("""
  <bpmn:process id="quick" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="calc" />
    <bpmn:scriptTask id="calc">
      <bpmn:extensionElements>
        <zeebe:script expression="=a + b" resultVariable="sum" />
      </bpmn:extensionElements>
    </bpmn:scriptTask>
    <bpmn:sequenceFlow id="f2" sourceRef="calc" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")

FORM = json.dumps({"id": "approval-form", "type": "default", "components": []})


async def test_deploy_resource_answers_metadata_of_each_resource(gateway: Gateway) -> None:
    response = await gateway.deploy("order.bpmn", SERVICE)
    [deployment] = response.deployments
    assert deployment.process.bpmnProcessId == "order"
    assert deployment.process.version == 1
    assert deployment.process.resourceName == "order.bpmn"
    assert deployment.process.tenantId == "<default>"
    assert deployment.process.processDefinitionKey > 0
    assert response.key > 0
    again = await gateway.deploy("order.bpmn", SERVICE)
    assert again.deployments[0].process.version == 1  # a duplicate: no new version


async def test_deploy_a_form(gateway: Gateway) -> None:
    response = await gateway.deploy("approval.form", FORM)
    [deployment] = response.deployments
    assert (deployment.form.formId, deployment.form.version) == ("approval-form", 1)


async def test_pyzeebe_deploys_files_and_runs_a_process_with_result(
    gateway: Gateway, tmp_path: Path
) -> None:
    path = tmp_path / "quick.bpmn"
    path.write_text(PASS_THROUGH)
    deployed = await gateway.client.deploy_resource(str(path))
    assert deployed.deployments[0].bpmn_process_id == "quick"  # type: ignore[union-attr]
    result = await gateway.client.run_process_with_result(
        "quick", {"a": 2, "b": 3}, variables_to_fetch=["sum"]
    )
    assert result.variables == {"sum": 5}
    everything = await gateway.client.run_process_with_result("quick", {"a": 1, "b": 1})
    assert everything.variables == {"a": 1, "b": 1, "sum": 2}


async def test_the_deprecated_deploy_process(gateway: Gateway) -> None:
    response = await gateway.stub.DeployProcess(
        pb.DeployProcessRequest(
            processes=[pb.ProcessRequestObject(name="order.bpmn", definition=SERVICE.encode())]
        )
    )
    assert [p.bpmnProcessId for p in response.processes] == ["order"]


async def test_create_by_id_latest_version_or_key(gateway: Gateway) -> None:
    first = (await gateway.deploy("order.bpmn", SERVICE)).deployments[0].process
    second = (
        (await gateway.deploy("order.bpmn", SERVICE.replace('retries="3"', 'retries="4"')))
        .deployments[0]
        .process
    )
    assert second.version == 2
    latest = await gateway.stub.CreateProcessInstance(
        pb.CreateProcessInstanceRequest(bpmnProcessId="order", version=-1, variables="{}")
    )
    assert (latest.version, latest.processDefinitionKey) == (2, second.processDefinitionKey)
    pinned = await gateway.stub.CreateProcessInstance(
        pb.CreateProcessInstanceRequest(bpmnProcessId="order", version=1)
    )
    assert pinned.processDefinitionKey == first.processDefinitionKey
    by_key = await gateway.stub.CreateProcessInstance(
        pb.CreateProcessInstanceRequest(processDefinitionKey=first.processDefinitionKey)
    )
    assert (by_key.bpmnProcessId, by_key.version) == ("order", 1)
    assert (
        len({latest.processInstanceKey, pinned.processInstanceKey, by_key.processInstanceKey}) == 3
    )


async def test_start_instructions_start_at_the_named_element(gateway: Gateway) -> None:
    await gateway.deploy("order.bpmn", SERVICE)
    await gateway.stub.CreateProcessInstance(
        pb.CreateProcessInstanceRequest(
            bpmnProcessId="order",
            startInstructions=[pb.ProcessInstanceCreationStartInstruction(elementId="end")],
        )
    )
    assert await gateway.activate("payment") == []  # the service task was skipped


async def test_cancel_ends_the_instance_and_its_jobs(gateway: Gateway) -> None:
    await gateway.deploy("order.bpmn", SERVICE)
    created = await gateway.client.run_process("order")
    await gateway.client.cancel_process_instance(created.process_instance_key)
    assert await gateway.activate("payment") == []
    with pytest.raises(grpc.aio.AioRpcError) as again:
        await gateway.stub.CancelProcessInstance(
            pb.CancelProcessInstanceRequest(processInstanceKey=created.process_instance_key)
        )
    assert again.value.code() == grpc.StatusCode.NOT_FOUND


async def test_set_variables_then_the_job_sees_them(gateway: Gateway) -> None:
    await gateway.deploy("order.bpmn", SERVICE)
    created = await gateway.client.run_process("order", {"amount": 10})
    response = await gateway.stub.SetVariables(
        pb.SetVariablesRequest(
            elementInstanceKey=created.process_instance_key, variables='{"amount": 12, "vip": true}'
        )
    )
    assert response.key > 0
    [job] = await gateway.activate("payment", fetchVariable=["amount", "vip"])
    assert json.loads(job.variables) == {"amount": 12, "vip": True}


async def test_modify_activates_and_terminates_elements(gateway: Gateway) -> None:
    await gateway.deploy("order.bpmn", SERVICE)
    created = await gateway.client.run_process("order")
    [job] = await gateway.activate("payment")
    R = pb.ModifyProcessInstanceRequest
    await gateway.stub.ModifyProcessInstance(
        R(
            processInstanceKey=created.process_instance_key,
            activateInstructions=[R.ActivateInstruction(elementId="end")],
            terminateInstructions=[
                R.TerminateInstruction(elementInstanceKey=job.elementInstanceKey)
            ],
        )
    )
    with pytest.raises(grpc.aio.AioRpcError) as gone:
        await gateway.stub.CompleteJob(pb.CompleteJobRequest(jobKey=job.key))
    assert gone.value.code() == grpc.StatusCode.NOT_FOUND
