"""The core flow over REST: deploy, create, activate, complete; await completion; topology."""

from __future__ import annotations

import asyncio

import pytest

from engine.testing import bpmn
from tests.gateway.rest.conftest import SERVICE, Rest

STRAIGHT = bpmn("""
  <bpmn:process id="straight" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")


async def test_topology_and_status(rest: Rest) -> None:
    response = await rest.client.get("/v2/topology")
    assert response.status_code == 200
    body = response.json()
    assert body["partitionsCount"] == 1
    assert body["brokers"][0]["partitions"] == [
        {"partitionId": 1, "role": "leader", "health": "healthy"}
    ]
    status = await rest.client.get("/v2/status")
    assert status.status_code == 204


async def test_deploy_create_activate_complete(rest: Rest) -> None:
    deployed = await rest.deploy("order.bpmn", SERVICE)
    definition = deployed["deployments"][0]["processDefinition"]
    assert definition["processDefinitionId"] == "order"
    assert definition["processDefinitionVersion"] == 1
    assert definition["processDefinitionKey"].isdigit()
    assert deployed["deploymentKey"].isdigit()

    created = await rest.create("order", variables={"amount": 12})
    assert created["processDefinitionKey"] == definition["processDefinitionKey"]
    instance = created["processInstanceKey"]

    jobs = await rest.activate("payment")
    assert len(jobs) == 1
    job = jobs[0]
    assert job["processInstanceKey"] == instance
    assert job["variables"] == {"amount": 12}
    assert job["customHeaders"] == {"method": "card"}
    assert job["kind"] == "BPMN_ELEMENT"
    assert isinstance(job["jobKey"], str)

    done = await rest.client.post(
        f"/v2/jobs/{job['jobKey']}/completion", json={"variables": {"paid": True}}
    )
    assert done.status_code == 204, done.text

    await rest.exported()
    found = await rest.client.get(f"/v2/process-instances/{instance}")
    assert found.status_code == 200
    assert found.json()["state"] == "COMPLETED"


async def test_await_completion_returns_the_fetched_variables(rest: Rest) -> None:
    await rest.deploy("straight.bpmn", STRAIGHT)
    created = await rest.create(
        "straight",
        variables={"a": 1, "b": {"c": [1, 2]}, "s": "x"},
        awaitCompletion=True,
        fetchVariables=["a", "b"],
    )
    assert created["variables"] == {"a": 1, "b": {"c": [1, 2]}}
    assert created["processDefinitionId"] == "straight"
    everything = await rest.create("straight", variables={"a": 1}, awaitCompletion=True)
    assert everything["variables"] == {"a": 1}
    plain = await rest.create("straight")
    assert "variables" not in plain


@pytest.mark.xfail(
    reason="broker: a with-result response written in a later group is not delivered yet "
    "(same as the gRPC CreateProcessInstanceWithResult test)",
    strict=False,
)
async def test_await_completion_across_a_job(rest: Rest) -> None:
    await rest.deploy("order.bpmn", SERVICE)

    async def worker() -> None:
        while True:
            jobs = await rest.activate("payment", requestTimeout=2_000)
            for job in jobs:
                await rest.client.post(
                    f"/v2/jobs/{job['jobKey']}/completion", json={"variables": {"paid": True}}
                )
                return

    task = asyncio.create_task(worker())
    try:
        created = await rest.create(
            "order",
            variables={"amount": 3, "secret": "x"},
            awaitCompletion=True,
            fetchVariables=["amount", "paid"],
            requestTimeout=10_000,
        )
        await task
    finally:
        task.cancel()
    assert created["variables"] == {"amount": 3, "paid": True}
