"""Messages and signals over REST: publication reaching a waiting catch event (with its
variables), correlation answering the instance it reached, message and signal start events,
a duplicate message id, and the refusals."""

from __future__ import annotations

from typing import Any

from engine.testing import bpmn
from tests.gateway.rest.conftest import Rest, assert_problem

WAITER = bpmn("""
  <bpmn:process id="waiter" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <bpmn:intermediateCatchEvent id="wait">
      <bpmn:messageEventDefinition messageRef="paid" />
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
  <bpmn:message id="paid" name="paid">
    <bpmn:extensionElements>
      <zeebe:subscription correlationKey="=orderId" />
    </bpmn:extensionElements>
  </bpmn:message>""")

STARTERS = bpmn("""
  <bpmn:process id="on-message" isExecutable="true">
    <bpmn:startEvent id="m"><bpmn:messageEventDefinition messageRef="placed" /></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="m" targetRef="e1" />
    <bpmn:endEvent id="e1" />
  </bpmn:process>
  <bpmn:process id="on-signal" isExecutable="true">
    <bpmn:startEvent id="s"><bpmn:signalEventDefinition signalRef="alarm" /></bpmn:startEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="s" targetRef="e2" />
    <bpmn:endEvent id="e2" />
  </bpmn:process>
  <bpmn:message id="placed" name="order-placed" />
  <bpmn:signal id="alarm" name="alarm" />""")


async def _instances(rest: Rest, process_id: str) -> list[dict[str, Any]]:
    await rest.exported()
    response = await rest.client.post(
        "/v2/process-instances/search", json={"filter": {"processDefinitionId": process_id}}
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_publication_and_correlation_reach_waiting_instances(rest: Rest) -> None:
    await rest.deploy("waiter.bpmn", WAITER)
    first = (await rest.create("waiter", variables={"orderId": "o-1"}))["processInstanceKey"]
    second = (await rest.create("waiter", variables={"orderId": "o-2"}))["processInstanceKey"]

    published = await rest.client.post(
        "/v2/messages/publication",
        json={"name": "paid", "correlationKey": "o-1", "variables": {"amount": 9}},
    )
    assert published.status_code == 200, published.text
    assert published.json()["messageKey"].isdigit()
    correlated = await rest.client.post(
        "/v2/messages/correlation", json={"name": "paid", "correlationKey": "o-2"}
    )
    assert correlated.status_code == 200, correlated.text
    assert correlated.json()["processInstanceKey"] == second

    states = {i["processInstanceKey"]: i["state"] for i in await _instances(rest, "waiter")}
    assert states == {first: "COMPLETED", second: "COMPLETED"}
    variables = await rest.client.post(
        "/v2/variables/search", json={"filter": {"processInstanceKey": first, "name": "amount"}}
    )
    assert [v["value"] for v in variables.json()["items"]] == ["9"]

    nobody = await rest.client.post(
        "/v2/messages/correlation", json={"name": "paid", "correlationKey": "o-3"}
    )
    assert_problem(nobody, 404, "NOT_FOUND")


async def test_buffered_message_ids_are_unique(rest: Rest) -> None:
    body = {"name": "late", "correlationKey": "k", "messageId": "m-1", "timeToLive": 60_000}
    first = await rest.client.post("/v2/messages/publication", json=body)
    assert first.status_code == 200, first.text
    again = await rest.client.post("/v2/messages/publication", json=body)
    assert "m-1" in assert_problem(again, 400, "ALREADY_EXISTS")
    negative = await rest.client.post(
        "/v2/messages/publication", json={"name": "x", "timeToLive": -1}
    )
    assert "timeToLive" in assert_problem(negative, 400)


async def test_message_and_signal_start_events(rest: Rest) -> None:
    await rest.deploy("starters.bpmn", STARTERS)
    published = await rest.client.post(
        "/v2/messages/publication", json={"name": "order-placed", "variables": {"n": 1}}
    )
    assert published.status_code == 200, published.text
    signalled = await rest.client.post(
        "/v2/signals/broadcast", json={"signalName": "alarm", "variables": {"level": 3}}
    )
    assert signalled.status_code == 200, signalled.text
    assert signalled.json()["signalKey"].isdigit()
    assert [i["state"] for i in await _instances(rest, "on-message")] == ["COMPLETED"]
    assert [i["state"] for i in await _instances(rest, "on-signal")] == ["COMPLETED"]
    empty = await rest.client.post("/v2/signals/broadcast", json={"signalName": ""})
    assert "signalName" in assert_problem(empty, 400)
    array = await rest.client.post(
        "/v2/signals/broadcast", json={"signalName": "alarm", "variables": [1]}
    )
    assert "variables" in assert_problem(array, 400)
