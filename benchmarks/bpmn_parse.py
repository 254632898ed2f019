"""How long ``bpmn.parse`` takes on a typical model, as Camunda Modeler saves it (with DI).

Usage: ``.venv/bin/python benchmarks/bpmn_parse.py [--runs N] [--nodes N]``. Builds a process of
``--nodes`` flow nodes (service and user tasks with io mappings and headers, exclusive and
parallel gateways with conditions, a timer boundary event, a message catch, an embedded
subprocess) plus their sequence flows and diagram shapes, then prints the median and p99.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bpmn

_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
  xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:modeler="http://camunda.org/schema/modeler/1.0"
  id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn"
  exporter="Camunda Modeler" exporterVersion="5.31.0"
  modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.6.0">
"""


def _service(i: int) -> str:
    return f"""    <bpmn:serviceTask id="Task_{i}" name="Step {i}">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="step-{i}" retries="5" />
        <zeebe:ioMapping>
          <zeebe:input source="=order.items[{i}]" target="item" />
          <zeebe:output source="=result" target="result{i}" />
        </zeebe:ioMapping>
        <zeebe:taskHeaders>
          <zeebe:header key="endpoint" value="https://example.invalid/{i}" />
        </zeebe:taskHeaders>
      </bpmn:extensionElements>
      <bpmn:incoming>Flow_{i}</bpmn:incoming>
      <bpmn:outgoing>Flow_{i + 1}</bpmn:outgoing>
    </bpmn:serviceTask>
"""


def build(nodes: int = 50) -> bytes:
    """A valid model with ``nodes`` flow nodes in one chain, decorated as a modeler saves it."""
    parts = [_HEAD, '  <bpmn:process id="order" name="Order" isExecutable="true">\n']
    parts.append(
        '    <bpmn:startEvent id="Task_0" name="Order received">'
        "<bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>\n"
    )
    shapes = []
    flows = []
    i = 1
    while i < nodes - 1:
        kind = i % 10
        if kind == 3 and i + 3 < nodes - 1:
            # split with conditions and a default, two branches, join
            parts.append(
                f'    <bpmn:exclusiveGateway id="Task_{i}" default="Flow_{i}_b" />\n'
                f'    <bpmn:sequenceFlow id="Flow_{i}_a" sourceRef="Task_{i}" '
                f'targetRef="Task_{i + 1}"><bpmn:conditionExpression xsi:type="bpmn:'
                f'tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
                f"=amount &gt; {i * 100}</bpmn:conditionExpression></bpmn:sequenceFlow>\n"
                f'    <bpmn:sequenceFlow id="Flow_{i}_b" sourceRef="Task_{i}" '
                f'targetRef="Task_{i + 2}" />\n'
                f'    <bpmn:userTask id="Task_{i + 1}" name="Review"><bpmn:extensionElements>'
                f'<zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="sales" />'
                f'<zeebe:formDefinition formId="review" /></bpmn:extensionElements>'
                f"</bpmn:userTask>\n"
                f'    <bpmn:sequenceFlow id="Flow_{i}_c" sourceRef="Task_{i + 1}" '
                f'targetRef="Task_{i + 3}" />\n'
                f'    <bpmn:scriptTask id="Task_{i + 2}"><bpmn:extensionElements>'
                f'<zeebe:script expression="=amount * 2" resultVariable="doubled" />'
                f"</bpmn:extensionElements></bpmn:scriptTask>\n"
                f'    <bpmn:sequenceFlow id="Flow_{i}_d" sourceRef="Task_{i + 2}" '
                f'targetRef="Task_{i + 3}" />\n'
                f'    <bpmn:exclusiveGateway id="Task_{i + 3}" />\n'
                f'    <bpmn:sequenceFlow id="Flow_{i + 4}" sourceRef="Task_{i + 3}" '
                f'targetRef="Task_{i + 4}" />\n'
            )
            flows += [f"Flow_{i}_a", f"Flow_{i}_b", f"Flow_{i}_c", f"Flow_{i}_d", f"Flow_{i + 4}"]
            shapes += [f"Task_{j}" for j in range(i, i + 4)]
            i += 4
            continue
        if kind == 7:
            parts.append(
                f'    <bpmn:intermediateCatchEvent id="Task_{i}"><bpmn:messageEventDefinition '
                f'messageRef="Message_1" /></bpmn:intermediateCatchEvent>\n'
            )
        elif kind == 5:
            parts.append(_service(i))
            parts.append(
                f'    <bpmn:boundaryEvent id="Timeout_{i}" attachedToRef="Task_{i}">'
                f"<bpmn:timerEventDefinition><bpmn:timeDuration>PT{i}M</bpmn:timeDuration>"
                f"</bpmn:timerEventDefinition></bpmn:boundaryEvent>\n"
                f'    <bpmn:sequenceFlow id="Flow_t{i}" sourceRef="Timeout_{i}" '
                f'targetRef="End" />\n'
            )
            shapes.append(f"Timeout_{i}")
            flows.append(f"Flow_t{i}")
        else:
            parts.append(_service(i))
        parts.append(
            f'    <bpmn:sequenceFlow id="Flow_{i + 1}" sourceRef="Task_{i}" '
            f'targetRef="{"Task_" + str(i + 1) if i + 1 < nodes - 1 else "End"}" />\n'
        )
        flows.append(f"Flow_{i + 1}")
        shapes.append(f"Task_{i}")
        i += 1
    parts.insert(3, '    <bpmn:sequenceFlow id="Flow_1" sourceRef="Task_0" targetRef="Task_1" />\n')
    flows.append("Flow_1")
    parts.append('    <bpmn:endEvent id="End" name="Done" />\n  </bpmn:process>\n')
    parts.append(
        '  <bpmn:message id="Message_1" name="paid"><bpmn:extensionElements>'
        '<zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements>'
        "</bpmn:message>\n"
    )
    parts.append('  <bpmndi:BPMNDiagram id="Diagram_1">\n')
    parts.append('    <bpmndi:BPMNPlane id="Plane_1" bpmnElement="order">\n')
    for n, shape in enumerate(["Task_0", *shapes, "End"]):
        parts.append(
            f'      <bpmndi:BPMNShape id="{shape}_di" bpmnElement="{shape}">'
            f'<dc:Bounds x="{150 + n * 130}" y="100" width="100" height="80" />'
            f"</bpmndi:BPMNShape>\n"
        )
    for n, flow in enumerate(flows):
        parts.append(
            f'      <bpmndi:BPMNEdge id="{flow}_di" bpmnElement="{flow}">'
            f'<di:waypoint x="{250 + n * 130}" y="140" /><di:waypoint x="{280 + n * 130}" '
            f'y="140" /></bpmndi:BPMNEdge>\n'
        )
    parts.append("    </bpmndi:BPMNPlane>\n  </bpmndi:BPMNDiagram>\n</bpmn:definitions>\n")
    return "".join(parts).encode()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--nodes", type=int, default=50)
    args = parser.parse_args(argv)
    data = build(args.nodes)
    definitions = bpmn.parse(data)
    process = definitions.processes[0]
    nodes = sum(isinstance(e, bpmn.FlowNode) for e in process.elements.values())
    for _ in range(50):  # warm up
        bpmn.parse(data)
    samples = []
    for _ in range(args.runs):
        start = time.perf_counter()
        bpmn.parse(data)
        samples.append(time.perf_counter() - start)
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    print(f"model: {nodes} flow nodes, {len(process.elements)} elements, {len(data)} bytes with DI")
    print(f"runs:   {args.runs}")
    print(f"median: {statistics.median(samples) * 1000:.3f} ms")
    print(f"p99:    {p99 * 1000:.3f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
