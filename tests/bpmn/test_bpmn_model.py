"""The model's own behaviour: expressions, helpers on Process and Definitions."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import bpmn
from bpmn.model import BpmnElementType, BpmnEventType, Expression, TerminateDefinition

Doc = Callable[..., str]


@pytest.mark.parametrize(
    ("text", "is_feel", "feel"),
    [
        ("=a + 1", True, "a + 1"),
        ("  = a", True, " a"),
        ("PT1H", False, None),
        ("", False, None),
        ("a = b", False, None),
    ],
)
def test_expression(text: str, is_feel: bool, feel: str | None) -> None:
    expression = Expression(text=text, element_id="e", attribute="x", line=3)
    assert (expression.is_feel, expression.feel) == (is_feel, feel)


def test_process_helpers(bpmn_doc: Doc) -> None:
    body = (
        '<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub" />'
        '<bpmn:subProcess id="sub"><bpmn:startEvent id="inner" />'
        '<bpmn:sequenceFlow id="f2" sourceRef="inner" targetRef="innerEnd" />'
        '<bpmn:endEvent id="innerEnd"><bpmn:terminateEventDefinition /></bpmn:endEvent>'
        "</bpmn:subProcess>"
        '<bpmn:sequenceFlow id="f3" sourceRef="sub" targetRef="end" /><bpmn:endEvent id="end" />'
    )
    definitions = bpmn.parse(bpmn_doc(body))
    process = definitions.process("p")
    assert process.child_ids == ("start", "f1", "sub", "f3", "end")
    assert [e.id for e in process.children("sub")] == ["inner", "f2", "innerEnd"]
    assert [e.id for e in process.children()] == list(process.child_ids)
    assert [e.id for e in process.of_type(bpmn.SequenceFlow)] == ["f1", "f2", "f3"]
    assert [e.id for e in process.start_events("sub")] == ["inner"]
    sub = process.element("sub")
    assert isinstance(sub, bpmn.SubProcess)
    assert [f.id for f in process.incoming(sub)] == ["f1"]
    assert [f.id for f in process.outgoing(sub)] == ["f3"]
    inner_end = process.element("innerEnd")
    assert isinstance(inner_end, bpmn.Event)
    assert inner_end.parent_id == "sub"
    assert isinstance(inner_end.definition, TerminateDefinition)
    assert process.element("end").element_type is BpmnElementType.END_EVENT
    assert process.element("end").event_type is BpmnEventType.UNSPECIFIED  # type: ignore[attr-defined]
    with pytest.raises(KeyError):
        process.element("nope")
    with pytest.raises(KeyError):
        definitions.process("nope")


def test_several_processes(bpmn_doc: Doc) -> None:
    second = (
        '<bpmn:process id="q" isExecutable="true"><bpmn:startEvent id="qs" /></bpmn:process>'
        "</bpmn:definitions>"
    )
    text = bpmn_doc('<bpmn:endEvent id="end" />').replace("</bpmn:definitions>", second)
    definitions = bpmn.parse(text)
    assert [p.id for p in definitions.executable_processes] == ["p", "q"]
    assert definitions.process("q").element("qs").parent_id == "q"


def test_every_expression_is_reachable_with_its_location() -> None:
    from pathlib import Path

    definitions = bpmn.parse(Path(__file__).parent / "fixtures" / "everything.bpmn")
    order = definitions.process("order")
    found = list(order.expressions())
    by_place = {(e.element_id, e.attribute): e.text for e in found}
    assert by_place[("F_small", "conditionExpression")] == "=total < 100"
    assert by_place[("Charge", "zeebe:taskDefinition/@type")] == '="charge-" + region'
    assert by_place[("Ship", "zeebe:loopCharacteristics/@inputCollection")] == "=parcels"
    assert by_place[("Ship", "completionCondition")] == "=numberOfCompletedInstances >= 2"
    assert by_place[("WaitTimer", "timeDate")] == "2030-01-01T00:00:00Z"
    assert by_place[("order", "zeebe:executionListener/@type")] == "audit-start"
    assert by_place[("Refund", "zeebe:taskDefinition/@retries")] == "3"  # Zeebe's default
    assert all(e.line is not None for e in found)
    assert not any(e.element_id.startswith("Msg_") for e in found)
    everything = list(definitions.expressions())
    roots = {(e.element_id, e.attribute): e.text for e in everything}
    assert roots[("Msg_Paid", "zeebe:subscription/@correlationKey")] == "=orderId"
    assert roots[("Err_Card", "errorCode")] == "DECLINED"
    assert len(everything) == len(set(map(id, everything)))


def test_max_bytes_is_a_parse_option(bpmn_doc: Doc) -> None:
    text = bpmn_doc('<bpmn:endEvent id="end" />')
    with pytest.raises(bpmn.BpmnError, match="larger than the limit"):
        bpmn.parse(text, max_bytes=100)
    assert bpmn.parse(text, max_bytes=len(text) + 10).processes[0].id == "p"
