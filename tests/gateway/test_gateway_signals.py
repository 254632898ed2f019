"""Signals over gRPC with pyzeebe: a broadcast starts an instance at a signal start event and
reaches a waiting catch event. Skipped while the engine does not process SIGNAL BROADCAST."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from engine.engine import _TABLES, merge_processors
from engine.records.intents import SignalIntent
from engine.testing import bpmn
from tests.gateway.test_gateway_harness import Gateway, started_gateway

pytestmark = pytest.mark.skipif(
    SignalIntent.BROADCAST not in set(merge_processors(_TABLES)),
    reason="the engine does not process SIGNAL BROADCAST yet (issue 7)",
)


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Gateway]:
    async with started_gateway(tmp_path) as started:
        yield started


SIGNALS = bpmn(
    """
  <bpmn:process id="alarm" isExecutable="true">
    <bpmn:startEvent id="fired">
      <bpmn:signalEventDefinition signalRef="sig_fire" />
    </bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="fired" targetRef="evacuate" />
    <bpmn:serviceTask id="evacuate">
      <bpmn:extensionElements><zeebe:taskDefinition type="evacuate" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="evacuate" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
  <bpmn:process id="shift" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="g1" sourceRef="start" targetRef="wait" />
    <bpmn:intermediateCatchEvent id="wait">
      <bpmn:signalEventDefinition signalRef="sig_fire" />
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="g2" sourceRef="wait" targetRef="leave" />
    <bpmn:serviceTask id="leave">
      <bpmn:extensionElements><zeebe:taskDefinition type="leave" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="g3" sourceRef="leave" targetRef="done" />
    <bpmn:endEvent id="done" />
  </bpmn:process>""",
    '<bpmn:signal id="sig_fire" name="fire" />',
)


async def test_a_broadcast_starts_and_resumes_instances(gateway: Gateway) -> None:
    await gateway.deploy("signals.bpmn", SIGNALS)
    waiting = await gateway.client.run_process("shift")
    response = await gateway.client.broadcast_signal("fire", {"floor": 3})
    assert response.key > 0
    [evacuate] = await gateway.activate("evacuate", request_timeout=5_000)
    assert json.loads(evacuate.variables) == {"floor": 3}
    [leave] = await gateway.activate("leave", request_timeout=5_000)
    assert leave.processInstanceKey == waiting.process_instance_key
    assert json.loads(leave.variables) == {"floor": 3}
