"""Messages over gRPC with pyzeebe: correlation to a waiting instance (its variables reach the
next job), a message start event, a buffered message, a duplicate message id
(ALREADY_EXISTS). Skipped while the engine does not process MESSAGE PUBLISH."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import pytest
from pyzeebe.errors import MessageAlreadyExistsError
from pyzeebe.proto import gateway_pb2 as pb

from engine.engine import _TABLES, merge_processors
from engine.records.intents import MessageIntent
from engine.testing import bpmn
from tests.gateway.test_gateway_harness import Gateway, started_gateway

pytestmark = pytest.mark.skipif(
    MessageIntent.PUBLISH not in set(merge_processors(_TABLES)),
    reason="the engine does not process MESSAGE PUBLISH yet (issue 7)",
)


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Gateway]:
    async with started_gateway(tmp_path) as started:
        yield started


def _message(name: str, key: str = "=orderId") -> str:
    return (
        f'<bpmn:message id="msg_{name}" name="{name}"><bpmn:extensionElements>'
        f'<zeebe:subscription correlationKey="{key}" /></bpmn:extensionElements></bpmn:message>'
    )


WAIT_THEN_SHIP = bpmn(
    """
  <bpmn:process id="order" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <bpmn:intermediateCatchEvent id="wait">
      <bpmn:messageEventDefinition messageRef="msg_paid" />
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="ship" />
    <bpmn:serviceTask id="ship">
      <bpmn:extensionElements><zeebe:taskDefinition type="ship" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f3" sourceRef="ship" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""",
    _message("paid"),
)

MESSAGE_START = bpmn(
    """
  <bpmn:process id="inbound" isExecutable="true">
    <bpmn:startEvent id="received">
      <bpmn:messageEventDefinition messageRef="msg_order-received" />
    </bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="received" targetRef="handle" />
    <bpmn:serviceTask id="handle">
      <bpmn:extensionElements><zeebe:taskDefinition type="handle" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="handle" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""",
    '<bpmn:message id="msg_order-received" name="order-received" />',
)


async def test_a_message_correlates_to_the_waiting_instance(gateway: Gateway) -> None:
    await gateway.deploy("order.bpmn", WAIT_THEN_SHIP)
    created = await gateway.client.run_process("order", {"orderId": "o-1"})
    other = await gateway.client.publish_message("paid", "o-2", {"amount": 1})
    assert other.key > 0
    assert await gateway.activate("ship") == []  # o-2 matched nothing
    await gateway.client.publish_message("paid", "o-1", {"amount": 12})
    [job] = await gateway.activate("ship", request_timeout=5_000)
    assert job.processInstanceKey == created.process_instance_key
    assert json.loads(job.variables) == {"orderId": "o-1", "amount": 12}


async def test_a_buffered_message_waits_for_its_instance(gateway: Gateway) -> None:
    await gateway.deploy("order.bpmn", WAIT_THEN_SHIP)
    await gateway.client.publish_message(
        "paid", "o-9", {"amount": 3}, time_to_live_in_milliseconds=60_000
    )
    created = await gateway.client.run_process("order", {"orderId": "o-9"})
    [job] = await gateway.activate("ship", request_timeout=5_000)
    assert job.processInstanceKey == created.process_instance_key


async def test_a_message_start_event_creates_an_instance(gateway: Gateway) -> None:
    await gateway.deploy("inbound.bpmn", MESSAGE_START)
    await gateway.client.publish_message("order-received", "", {"orderId": "o-5"})
    [job] = await gateway.activate("handle", request_timeout=5_000)
    assert job.bpmnProcessId == "inbound"
    assert json.loads(job.variables) == {"orderId": "o-5"}


async def test_a_duplicate_message_id_is_already_exists(gateway: Gateway) -> None:
    request = pb.PublishMessageRequest(
        name="paid", correlationKey="o-1", messageId="m-1", timeToLive=60_000
    )
    await gateway.stub.PublishMessage(request)
    with pytest.raises(grpc.aio.AioRpcError) as again:
        await gateway.stub.PublishMessage(request)
    assert again.value.code() == grpc.StatusCode.ALREADY_EXISTS
    with pytest.raises(MessageAlreadyExistsError):
        await gateway.client.publish_message(
            "paid", "o-1", message_id="m-1", time_to_live_in_milliseconds=60_000
        )
