"""Every refusal is an RFC 7807 problem with the right status: invalid input (400 naming the
field), unknown entities (404), wrong state (409), unknown paths and methods, oversized
bodies (413), commands the engine lacks (501), backpressure and stopped partitions (503)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx

from broker import BrokerClient, Partition
from gateway.grpc import BrokerCalls, PartitionState, TopologySource
from gateway.http import create_app
from gateway.rest import RestContext
from tests.gateway.rest.conftest import SERVICE, USER_TASK, Rest, assert_problem


async def test_create_refusals(rest: Rest) -> None:
    post = rest.client.post
    unknown = await post("/v2/process-instances", json={"processDefinitionId": "nope"})
    assert "nope" in assert_problem(unknown, 404, "NOT_FOUND")
    neither = await post("/v2/process-instances", json={"variables": {}})
    assert "processDefinitionId" in assert_problem(neither, 400)
    both = await post(
        "/v2/process-instances", json={"processDefinitionId": "a", "processDefinitionKey": "1"}
    )
    assert "both" in assert_problem(both, 400)
    for variables in ([1, 2], "text", 3):
        bad = await post(
            "/v2/process-instances", json={"processDefinitionId": "a", "variables": variables}
        )
        assert "variables" in assert_problem(bad, 400, "INVALID_ARGUMENT")
    huge_int = await post(
        "/v2/process-instances", json={"processDefinitionId": "a", "variables": {"n": 10**30}}
    )
    assert "64 bits" in assert_problem(huge_int, 400)
    big = await post(
        "/v2/process-instances",
        json={"processDefinitionId": "a", "variables": {"s": "x" * 70_000}},
    )
    assert "bytes" in assert_problem(big, 400)
    for key in ("abc", "-1", "0", "99999999999999999999", 1.5, True):
        response = await post(
            "/v2/process-instances", json={"processDefinitionKey": key, "variables": {}}
        )
        assert "processDefinitionKey" in assert_problem(response, 400), key
    tenant = await post(
        "/v2/process-instances", json={"processDefinitionId": "a", "tenantId": "other"}
    )
    assert "tenant" in assert_problem(tenant, 400)
    extra = await post("/v2/process-instances", json={"processDefinitionId": "a", "bogus": 1})
    assert "bogus" in assert_problem(extra, 400)
    unknown_key = await post(
        "/v2/process-instances", json={"processDefinitionKey": "2251799813699999"}
    )
    assert_problem(unknown_key, 404, "NOT_FOUND")
    other_partition = await post("/v2/process-instances", json={"processDefinitionKey": "1"})
    assert_problem(other_partition, 404, "NOT_FOUND")


async def test_malformed_and_hostile_bodies(rest: Rest) -> None:
    post = rest.client.post
    headers = {"content-type": "application/json"}
    for body in (b"{", b"not json", b"\xff\xfe", b"[]", b"null", b'{"a": NaN}'):
        response = await post("/v2/process-instances", content=body, headers=headers)
        assert_problem(response, 400, "INVALID_ARGUMENT")
    nan = await post(
        "/v2/process-instances",
        content=b'{"processDefinitionId": "a", "variables": {"x": NaN}}',
        headers=headers,
    )
    assert "finite" in assert_problem(nan, 400)
    deep = ("[" * 100_000 + "]" * 100_000).encode()
    response = await post(
        "/v2/process-instances",
        content=b'{"processDefinitionId": "a", "variables": {"x": ' + deep[:150_000] + b"}}",
        headers=headers,
    )
    assert_problem(response, 400)
    nested = {"x": 1}
    for _ in range(200):
        nested = {"x": nested}
    response = await post(
        "/v2/process-instances", json={"processDefinitionId": "a", "variables": nested}
    )
    assert_problem(response, 400)
    oversized = await post(
        "/v2/process-instances",
        content=json.dumps({"processDefinitionId": "a", "pad": "x" * 300_000}).encode(),
        headers=headers,
    )
    assert "bytes" in assert_problem(oversized, 413, "PAYLOAD_TOO_LARGE")

    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(100):
            yield b" " * 4096

    streamed = await post("/v2/process-instances", content=chunks(), headers=headers)
    assert_problem(streamed, 413, "PAYLOAD_TOO_LARGE")
    text = await post(
        "/v2/process-instances", content=b"a=b", headers={"content-type": "text/plain"}
    )
    assert_problem(text, 400)


async def test_paths_methods_and_state(rest: Rest) -> None:
    missing = await rest.client.get("/v2/nothing-here")
    assert "nothing-here" in assert_problem(missing, 404, "NOT_FOUND")
    method = await rest.client.delete("/v2/topology")
    assert_problem(method, 405, "METHOD_NOT_ALLOWED")
    await rest.deploy("review.bpmn", USER_TASK)
    instance = (await rest.create("review"))["processInstanceKey"]
    await rest.exported()
    task = (await rest.client.post("/v2/user-tasks/search", json={})).json()["items"][0]
    await rest.client.post(
        f"/v2/user-tasks/{task['userTaskKey']}/assignment", json={"assignee": "a"}
    )
    conflict = await rest.client.post(
        f"/v2/user-tasks/{task['userTaskKey']}/assignment",
        json={"assignee": "b", "allowOverride": False},
    )
    assert_problem(conflict, 409, "INVALID_STATE")
    cancel = await rest.client.post(f"/v2/process-instances/{instance}/cancellation")
    assert cancel.status_code == 204


async def test_deployment_refusals(rest: Rest) -> None:
    invalid = await rest.client.post(
        "/v2/deployments", files={"resources": ("bad.bpmn", b"<definitions")}
    )
    assert "bad.bpmn" in assert_problem(invalid, 400, "INVALID_ARGUMENT")
    dtd = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    xxe = await rest.client.post("/v2/deployments", files={"resources": ("x.bpmn", dtd)})
    assert_problem(xxe, 400)
    none = await rest.client.post("/v2/deployments", files={"other": ("a.bpmn", SERVICE)})
    assert "resources" in assert_problem(none, 400)
    json_body = await rest.client.post("/v2/deployments", json={"resources": []})
    assert "resources" in assert_problem(json_body, 400)
    garbage = await rest.client.post(
        "/v2/deployments",
        content=b"--zz\r\nnonsense",
        headers={"content-type": "multipart/form-data; boundary=zz"},
    )
    assert_problem(garbage, 400)
    tenant = await rest.client.post(
        "/v2/deployments",
        files={"resources": ("order.bpmn", SERVICE)},
        data={"tenantId": "other"},
    )
    assert "tenant" in assert_problem(tenant, 400)


async def test_deploy_several_resources_and_versions(rest: Rest) -> None:
    first = await rest.deploy("order.bpmn", SERVICE)
    changed = SERVICE.replace('retries="3"', 'retries="4"')
    second = await rest.deploy("order.bpmn", changed)
    v1 = first["deployments"][0]["processDefinition"]
    v2 = second["deployments"][0]["processDefinition"]
    assert (v1["processDefinitionVersion"], v2["processDefinitionVersion"]) == (1, 2)
    by_version = await rest.create("order", processDefinitionVersion=1)
    assert by_version["processDefinitionKey"] == v1["processDefinitionKey"]
    by_key = await rest.client.post(
        "/v2/process-instances", json={"processDefinitionKey": v2["processDefinitionKey"]}
    )
    assert by_key.json()["processDefinitionVersion"] == 2
    both = await rest.client.post(
        "/v2/deployments",
        files=[("resources", ("a.bpmn", SERVICE)), ("resources", ("b.bpmn", USER_TASK))],
    )
    assert both.status_code == 200, both.text
    ids = [d["processDefinition"]["processDefinitionId"] for d in both.json()["deployments"]]
    assert sorted(ids) == ["order", "review"]


async def test_commands_the_engine_lacks_answer_501_or_work(rest: Rest) -> None:
    for path, body in (
        ("/v2/messages/publication", {"name": "paid", "correlationKey": "o-1"}),
        ("/v2/messages/correlation", {"name": "paid", "correlationKey": "o-1"}),
        ("/v2/signals/broadcast", {"signalName": "stop"}),
        ("/v2/decision-definitions/evaluation", {"decisionDefinitionId": "d"}),
    ):
        response = await rest.client.post(path, json=body)
        if response.status_code == 501:
            assert "not supported yet" in assert_problem(response, 501, "UNIMPLEMENTED")
        else:  # the engine learned it: then a real answer (or a real refusal)
            assert response.status_code in (200, 404), response.text
    missing = await rest.client.post("/v2/messages/publication", json={"correlationKey": "k"})
    assert "name" in assert_problem(missing, 400)
    neither = await rest.client.post("/v2/decision-definitions/evaluation", json={})
    assert "neither" in assert_problem(neither, 400)


async def test_modification_moves_the_token(rest: Rest) -> None:
    await rest.deploy("order.bpmn", SERVICE)
    instance = (await rest.create("order"))["processInstanceKey"]
    await rest.exported()
    found = (await rest.client.post("/v2/incidents/search", json={})).json()
    assert found["items"] == []
    job = (await rest.activate("payment"))[0]
    modified = await rest.client.post(
        f"/v2/process-instances/{instance}/modification",
        json={
            "activateInstructions": [
                {"elementId": "charge", "variableInstructions": [{"variables": {"again": 1}}]}
            ],
            "terminateInstructions": [{"elementInstanceKey": job["elementInstanceKey"]}],
        },
    )
    if modified.status_code == 501:  # the engine has no modification (yet)
        assert_problem(modified, 501, "UNIMPLEMENTED")
        return
    assert modified.status_code == 204, modified.text
    jobs = await rest.activate("payment")
    assert len(jobs) == 1 and jobs[0]["jobKey"] != job["jobKey"]
    assert jobs[0]["variables"]["again"] == 1
    bad = await rest.client.post(
        f"/v2/process-instances/{instance}/modification",
        json={"activateInstructions": [{"elementId": "nowhere"}]},
    )
    assert "nowhere" in assert_problem(bad, 400)


async def test_backpressure_and_stopped_partitions_answer_503(tmp_path: Path) -> None:
    partition = await Partition.start(tmp_path / "p", 1, queue_limit=1)
    stopped = False
    try:
        calls = BrokerCalls(BrokerClient([partition]))
        topology = TopologySource("h", 1, lambda: [PartitionState(1, partition.processor.running)])
        app = create_app(lambda: True, RestContext(calls, topology))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://b") as client:
            await client.post("/v2/deployments", files={"resources": ("o.bpmn", SERVICE)})
            responses = await asyncio.gather(
                *(
                    client.post("/v2/process-instances", json={"processDefinitionId": "order"})
                    for _ in range(40)
                )
            )
            statuses = {r.status_code for r in responses}
            assert statuses <= {200, 503}
            assert 503 in statuses
            refused = next(r for r in responses if r.status_code == 503)
            assert_problem(refused, 503, "RESOURCE_EXHAUSTED")
            await partition.stop()
            stopped = True
            assert (await client.get("/v2/status")).status_code == 503
            down = await client.post("/v2/process-instances", json={"processDefinitionId": "o"})
            assert_problem(down, 503, "UNAVAILABLE")
    finally:
        if not stopped:
            await partition.stop()


async def test_resource_deletion_and_migration(rest: Rest) -> None:
    deployed = await rest.deploy("order.bpmn", SERVICE)
    key = deployed["deployments"][0]["processDefinition"]["processDefinitionKey"]
    instance = (await rest.create("order"))["processInstanceKey"]
    busy = await rest.client.post(f"/v2/resources/{key}/deletion")
    assert_problem(busy, 409, "INVALID_STATE")  # an instance still runs on it
    migrated = await rest.client.post(
        f"/v2/process-instances/{instance}/migration",
        json={"targetProcessDefinitionKey": key, "mappingInstructions": []},
    )
    if migrated.status_code == 501:
        assert "migrat" in assert_problem(migrated, 501, "UNIMPLEMENTED").lower()
    await rest.client.post(f"/v2/process-instances/{instance}/cancellation")
    deleted = await rest.client.post(f"/v2/resources/{key}/deletion", json={})
    assert deleted.status_code == 204, deleted.text
    gone = await rest.client.post("/v2/process-instances", json={"processDefinitionId": "order"})
    assert_problem(gone, 404, "NOT_FOUND")
    again = await rest.client.post(f"/v2/resources/{key}/deletion")
    assert_problem(again, 404, "NOT_FOUND")
