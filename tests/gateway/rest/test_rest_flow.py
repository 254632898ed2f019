"""The core flow over REST: deploy, create, activate, complete; await completion; topology."""

from __future__ import annotations

import asyncio

import httpx

from broker import BrokerClient
from engine.testing import bpmn
from gateway.grpc import BrokerCalls, PartitionState, TopologySource
from gateway.http import create_app
from gateway.rest import RestContext
from tests.gateway.rest.conftest import SERVICE, Rest, assert_problem

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


async def test_await_completion_times_out_with_504_and_the_instance_goes_on(rest: Rest) -> None:
    await rest.deploy("order.bpmn", SERVICE)
    response = await rest.client.post(
        "/v2/process-instances",
        json={"processDefinitionId": "order", "awaitCompletion": True, "requestTimeout": 300},
    )
    assert_problem(response, 504, "DEADLINE_EXCEEDED")
    assert len(await rest.activate("payment")) == 1


async def test_await_completion_of_a_cancelled_instance_is_409(rest: Rest) -> None:
    await rest.deploy("order.bpmn", SERVICE)
    waiting = asyncio.create_task(
        rest.client.post(
            "/v2/process-instances",
            json={"processDefinitionId": "order", "awaitCompletion": True},
        )
    )
    job = (await rest.activate("payment", requestTimeout=2_000))[0]
    cancel = await rest.client.post(
        f"/v2/process-instances/{job['processInstanceKey']}/cancellation"
    )
    assert cancel.status_code == 204
    assert "terminated" in assert_problem(await waiting, 409, "INVALID_STATE")


async def test_await_completion_without_a_read_model_uses_the_broker(rest: Rest) -> None:
    calls = BrokerCalls(BrokerClient([rest.partition]))
    topology = TopologySource("127.0.0.1", 1, lambda: [PartitionState(1, True)])
    app = create_app(lambda: True, RestContext(calls, topology))
    await rest.deploy("straight.bpmn", STRAIGHT)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://baton") as client:
        response = await client.post(
            "/v2/process-instances",
            json={
                "processDefinitionId": "straight",
                "awaitCompletion": True,
                "variables": {"a": 1},
            },
        )
    assert response.status_code == 200, response.text
    assert response.json()["variables"] == {"a": 1}
