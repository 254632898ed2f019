"""bpmn.parse reads every element and extension Zeebe executes into the model."""

from __future__ import annotations

from pathlib import Path

import pytest

import bpmn
from bpmn.model import (
    BpmnElementType,
    BpmnEventType,
    CompensationDefinition,
    ConditionalDefinition,
    Definitions,
    ErrorDefinition,
    EscalationDefinition,
    Event,
    LinkDefinition,
    MessageDefinition,
    Process,
    SignalDefinition,
    TerminateDefinition,
    TimerDefinition,
    TimerKind,
)

T = BpmnElementType
FIXTURE = Path(__file__).parent / "fixtures" / "everything.bpmn"


@pytest.fixture(scope="module")
def definitions() -> Definitions:
    return bpmn.parse(FIXTURE)


@pytest.fixture(scope="module")
def order(definitions: Definitions) -> Process:
    return definitions.process("order")


def test_document_attributes(definitions: Definitions) -> None:
    assert definitions.id == "Definitions_1"
    assert definitions.target_namespace == "http://bpmn.io/schema/bpmn"
    assert definitions.exporter == "Camunda Modeler"
    assert definitions.exporter_version == "5.31.0"
    assert [p.id for p in definitions.processes] == ["order", "bank"]
    assert [p.id for p in definitions.executable_processes] == ["order"]


def test_source_kinds_give_the_same_model(definitions: Definitions) -> None:
    data = FIXTURE.read_bytes()
    assert bpmn.parse(data) == definitions
    assert bpmn.parse(data.decode()) == definitions
    assert bpmn.parse(str(FIXTURE)) == definitions


def test_root_elements(definitions: Definitions) -> None:
    paid = definitions.messages["Msg_Paid"]
    assert paid.name is not None and paid.name.text == '="paid-" + orderId'
    assert paid.name.is_feel and paid.name.feel == '"paid-" + orderId'
    assert paid.correlation_key is not None and paid.correlation_key.text == "=orderId"
    assert definitions.messages["Msg_Placed"].correlation_key is None
    assert definitions.signals["Sig_Go"].name.text == "go"  # type: ignore[union-attr]
    card = definitions.errors["Err_Card"]
    assert (card.name, card.error_code.text) == ("Card declined", "DECLINED")  # type: ignore[union-attr]
    assert definitions.escalations["Esc_Late"].escalation_code.text == "LATE"  # type: ignore[union-attr]


def test_collaboration(definitions: Definitions) -> None:
    (collab,) = definitions.collaborations
    assert definitions.collaboration is collab
    assert [(p.id, p.process_id) for p in collab.participants] == [
        ("Pool_Order", "order"),
        ("Pool_Bank", "bank"),
    ]
    (flow,) = collab.message_flows
    assert (flow.source_id, flow.target_id, flow.message_id) == (
        "Pool_Bank",
        "WaitPaid",
        "Msg_Paid",
    )


def test_process_attributes_and_extensions(order: Process) -> None:
    assert order.name == "Order handling"
    assert order.is_executable
    assert order.version_tag == "v1.2"
    assert dict(order.properties) == {"team": "sales"}
    (listener,) = order.execution_listeners
    assert (listener.event_type, listener.type.text, listener.retries.text) == (
        "start",
        "audit-start",
        "2",
    )
    assert dict(order.user_task_forms) == {"Form_1": '{"components": []}'}
    assert order.line == 15


def test_ignored_elements_are_not_in_the_model(order: Process) -> None:
    for ignored in ("Lanes", "Lane_1", "Note", "Assoc_note", "DataRef", "Data", "Group_1"):
        assert ignored not in order.elements


def test_every_element_type_is_read(order: Process) -> None:
    types = {e.element_type for e in order.elements.values()}
    assert types == set(T) - {T.PROCESS, T.MULTI_INSTANCE_BODY}


def test_every_element_knows_its_scope_and_line(order: Process) -> None:
    for element in order.elements.values():
        assert element.line is not None and element.line > 15
        assert element.parent_id == "order" or element.parent_id in order.elements
    assert order.element("Box").parent_id == "Pack"
    assert order.children("Pack")[0].id == "PackStart"
    assert [e.id for e in order.start_events()] == [
        "Start",
        "StartMsg",
        "StartTimer",
        "StartSignal",
    ]
    assert [e.id for e in order.start_events("Pack")] == ["PackStart"]


def test_incoming_and_outgoing_come_from_the_flows(order: Process) -> None:
    route = order.element("Route")
    assert isinstance(route, bpmn.Gateway)
    assert route.incoming == ("F_charge_ok",)
    assert route.outgoing == ("F_small", "F_big")
    assert route.default_flow_id == "F_big"
    assert [f.id for f in order.outgoing(route)] == ["F_small", "F_big"]
    big = order.element("F_big")
    small = order.element("F_small")
    assert isinstance(big, bpmn.SequenceFlow) and isinstance(small, bpmn.SequenceFlow)
    assert big.is_default and not small.is_default
    assert (small.source_id, small.target_id) == ("Route", "Fork")
    assert small.condition is not None
    assert (small.condition.text, small.condition.attribute) == (
        "=total < 100",
        "conditionExpression",
    )
    assert small.condition.element_id == "F_small"


def test_service_task(order: Process) -> None:
    charge = order.element("Charge")
    assert isinstance(charge, bpmn.Task)
    assert charge.element_type is T.SERVICE_TASK
    assert charge.name == "Charge card"
    assert charge.task_definition is not None
    assert charge.task_definition.type.text == '="charge-" + region'
    assert charge.task_definition.type.attribute == "zeebe:taskDefinition/@type"
    assert charge.task_definition.retries.text == "5"
    assert dict(charge.task_headers) == {"method": "POST", "url": "https://pay.example"}
    assert charge.io_mapping is not None
    (mapping_in,) = charge.io_mapping.inputs
    assert (mapping_in.source.text, mapping_in.target) == ("=order.total", "amount")  # type: ignore[union-attr]
    assert [m.target for m in charge.io_mapping.outputs] == ["receipt"]
    assert [x.type.text for x in charge.execution_listeners] == ["audit-end"]
    assert charge.execution_listeners[0].retries.text == "3"
    assert charge.boundary_event_ids == ("ChargeTimeout", "ChargeFailed", "ChargeUndo")


def test_default_retries_is_three(order: Process) -> None:
    refund = order.element("Refund")
    assert isinstance(refund, bpmn.Task)
    assert refund.task_definition is not None and refund.task_definition.retries.text == "3"
    assert refund.is_for_compensation


def test_boundary_events(order: Process) -> None:
    timeout = order.element("ChargeTimeout")
    assert isinstance(timeout, Event)
    assert timeout.attached_to_id == "Charge" and not timeout.is_interrupting
    assert isinstance(timeout.definition, TimerDefinition)
    assert timeout.definition.kind is TimerKind.DURATION
    assert timeout.definition.expression.text == "PT10M"
    failed = order.element("ChargeFailed")
    assert isinstance(failed, Event) and failed.is_interrupting
    assert isinstance(failed.definition, ErrorDefinition)
    assert failed.definition.error is not None and failed.definition.error.id == "Err_Card"
    undo = order.element("ChargeUndo")
    assert isinstance(undo, Event) and undo.event_type is BpmnEventType.COMPENSATION
    assert undo.compensation_handler_id == "Refund"


def test_user_task(order: Process) -> None:
    review = order.element("Review")
    assert isinstance(review, bpmn.UserTask)
    assert review.is_zeebe_user_task
    assert review.assignment is not None
    assert review.assignment.assignee.text == "=manager"  # type: ignore[union-attr]
    assert review.assignment.candidate_groups.text == "reviewers"  # type: ignore[union-attr]
    assert review.assignment.candidate_users.text == "ann, bob"  # type: ignore[union-attr]
    assert review.schedule is not None
    assert review.schedule.due_date.text == '=now() + duration("P1D")'  # type: ignore[union-attr]
    assert review.schedule.follow_up_date.text == "2025-01-01T10:00:00Z"  # type: ignore[union-attr]
    assert review.priority is not None and review.priority.text == "80"
    assert review.form is not None
    assert (review.form.form_id, review.form.binding_type) == ("review-form", "deployment")
    (listener,) = review.task_listeners
    assert (listener.event_type, listener.type.text, listener.retries.text) == (
        "creating",
        "on-create",
        "1",
    )


def test_script_business_rule_and_call_activity(order: Process) -> None:
    score = order.element("Score")
    assert isinstance(score, bpmn.ScriptTask) and score.script is not None
    assert (score.script.expression.text, score.script.result_variable) == ("=total * 2", "score")
    decide = order.element("Decide")
    assert isinstance(decide, bpmn.BusinessRuleTask) and decide.called_decision is not None
    decision = decide.called_decision
    assert (decision.decision_id.text, decision.result_variable) == ("discount", "discount")
    assert (decision.binding_type, decision.version_tag) == ("versionTag", "v3")
    ship = order.element("Ship")
    assert isinstance(ship, bpmn.CallActivity) and ship.called_element is not None
    assert ship.called_element.process_id.text == "shipping"
    assert not ship.called_element.propagate_all_child_variables
    assert ship.called_element.propagate_all_parent_variables
    assert ship.called_element.binding_type == "latest"


def test_multi_instance(order: Process) -> None:
    ship = order.element("Ship")
    assert isinstance(ship, bpmn.Activity) and ship.multi_instance is not None
    loop = ship.multi_instance
    assert loop.is_sequential
    assert loop.input_collection is not None and loop.input_collection.text == "=parcels"
    assert loop.input_element == "parcel"
    assert loop.output_collection == "results"
    assert loop.output_element is not None and loop.output_element.text == "=result"
    assert loop.completion_condition is not None
    assert loop.completion_condition.text == "=numberOfCompletedInstances >= 2"


def test_subprocesses(order: Process) -> None:
    pack = order.element("Pack")
    assert isinstance(pack, bpmn.SubProcess) and pack.element_type is T.SUB_PROCESS
    assert pack.child_ids == (
        "PackStart",
        "F_pack1",
        "Box",
        "F_pack2",
        "Label",
        "F_pack3",
        "PackEnd",
    )
    assert order.element("Box").element_type is T.MANUAL_TASK
    assert order.element("Label").element_type is T.TASK
    pick = order.element("Pick")
    assert isinstance(pick, bpmn.SubProcess) and pick.element_type is T.AD_HOC_SUB_PROCESS
    assert pick.ad_hoc is not None
    assert pick.ad_hoc.active_elements_collection.text == "=toDo"  # type: ignore[union-attr]
    assert pick.ad_hoc.output_collection == "outs"
    assert pick.ad_hoc.output_element.text == "=out"  # type: ignore[union-attr]
    assert pick.completion_condition is not None and pick.completion_condition.text == "=done"
    assert not pick.cancel_remaining_instances
    on_cancel = order.element("OnCancel")
    assert on_cancel.element_type is T.EVENT_SUB_PROCESS
    cancel_start = order.element("CancelStart")
    assert isinstance(cancel_start, Event) and not cancel_start.is_interrupting
    error_start = order.element("ErrorStart")
    assert isinstance(error_start, Event) and isinstance(error_start.definition, ErrorDefinition)
    assert error_start.definition.error is None  # catches every error


def test_start_events(order: Process) -> None:
    start = order.element("Start")
    assert isinstance(start, Event) and start.event_type is BpmnEventType.UNSPECIFIED
    assert start.form is not None and start.form.form_id == "start-form"
    assert start.io_mapping is not None and start.io_mapping.outputs[0].target == "y"
    message = order.element("StartMsg")
    assert isinstance(message, Event) and isinstance(message.definition, MessageDefinition)
    assert message.definition.message is not None
    assert message.definition.message.name.text == "order-placed"  # type: ignore[union-attr]
    timer = order.element("StartTimer")
    assert isinstance(timer, Event) and isinstance(timer.definition, TimerDefinition)
    assert (timer.definition.kind, timer.definition.expression.text) == (TimerKind.CYCLE, "R/PT1H")
    signal = order.element("StartSignal")
    assert isinstance(signal, Event) and isinstance(signal.definition, SignalDefinition)
    assert signal.definition.signal is not None and signal.definition.signal.id == "Sig_Go"


def test_catch_events_and_receive_task(order: Process) -> None:
    wait = order.element("Wait")
    assert wait.element_type is T.EVENT_BASED_GATEWAY
    timer = order.element("WaitTimer")
    assert isinstance(timer, Event) and isinstance(timer.definition, TimerDefinition)
    assert timer.definition.kind is TimerKind.DATE
    condition = order.element("WaitCond")
    assert isinstance(condition, Event) and isinstance(condition.definition, ConditionalDefinition)
    assert condition.definition.condition is not None
    assert condition.definition.condition.text == "=a > b"
    assert condition.definition.variable_names == ("a", "b")
    assert condition.definition.variable_events == ("create", "update")
    receive = order.element("Receive")
    assert isinstance(receive, bpmn.ReceiveTask) and receive.message is not None
    assert receive.message.id == "Msg_Refund"


def test_throw_and_end_events(order: Process) -> None:
    escalate = order.element("Escalate")
    assert isinstance(escalate, Event) and isinstance(escalate.definition, EscalationDefinition)
    assert escalate.definition.escalation is not None
    tell = order.element("Tell")
    assert isinstance(tell, Event) and tell.event_type is BpmnEventType.MESSAGE
    assert tell.task_definition is not None and tell.task_definition.type.text == "tell"
    undo = order.element("Undo")
    assert isinstance(undo, Event) and isinstance(undo.definition, CompensationDefinition)
    assert (undo.definition.activity_id, undo.definition.wait_for_completion) == ("Charge", False)
    jump = order.element("Jump")
    assert isinstance(jump, Event) and isinstance(jump.definition, LinkDefinition)
    assert jump.definition.name == "toEnd"
    stop = order.element("Stop")
    assert isinstance(stop, Event) and isinstance(stop.definition, TerminateDefinition)
    assert stop.event_type is BpmnEventType.TERMINATE
    failed = order.element("Failed")
    assert isinstance(failed, Event) and isinstance(failed.definition, ErrorDefinition)
    assert failed.definition.error is not None
    assert failed.definition.error.error_code.text == "=code"  # type: ignore[union-attr]


def test_non_executable_process_is_read_leniently(definitions: Definitions) -> None:
    bank = definitions.process("bank")
    assert not bank.is_executable
    assert bank.elements == {}  # its complex gateway is skipped, not refused


def test_model_is_immutable(order: Process) -> None:
    charge = order.element("Charge")
    with pytest.raises(AttributeError):
        charge.name = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        order.elements["x"] = charge  # type: ignore[index]


def test_bpmn2_prefix_and_default_namespace_are_the_same(bpmn_doc) -> None:  # type: ignore[no-untyped-def]
    body = (
        '<bpmn:sequenceFlow id="f" sourceRef="start" targetRef="end" /><bpmn:endEvent id="end" />'
    )
    prefixed = bpmn.parse(bpmn_doc(body))
    default_ns = (
        '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">'
        '<process id="p" isExecutable="true"><startEvent id="start" />'
        '<sequenceFlow id="f" sourceRef="start" targetRef="end" /><endEvent id="end" />'
        "</process></definitions>"
    )
    other = bpmn.parse(default_ns)
    bpmn2 = default_ns.replace('<definitions xmlns="', '<bpmn2:definitions xmlns:bpmn2="')
    bpmn2 = bpmn2.replace("<process", "<bpmn2:process").replace("</process>", "</bpmn2:process>")
    bpmn2 = bpmn2.replace("<startEvent", "<bpmn2:startEvent").replace(
        "<sequenceFlow", "<bpmn2:sequenceFlow"
    )
    bpmn2 = bpmn2.replace("<endEvent", "<bpmn2:endEvent").replace(
        "</definitions>", "</bpmn2:definitions>"
    )
    third = bpmn.parse(bpmn2)
    for parsed in (prefixed, other, third):
        process = parsed.processes[0]
        assert set(process.elements) == {"start", "f", "end"}
        assert process.element("end").incoming == ("f",)  # type: ignore[attr-defined]


def test_vendor_extensions_are_ignored(bpmn_doc) -> None:  # type: ignore[no-untyped-def]
    body = (
        '<bpmn:endEvent id="end" xmlns:acme="urn:acme" acme:colour="red">'
        "<bpmn:extensionElements><acme:thing><acme:deep /></acme:thing>"
        '<zeebe:somethingNewer foo="1" /></bpmn:extensionElements>'
        "<bpmn:documentation>why</bpmn:documentation></bpmn:endEvent>"
    )
    process = bpmn.parse(bpmn_doc(body)).processes[0]
    assert process.element("end").element_type is T.END_EVENT


def test_qname_references_are_resolved(bpmn_doc) -> None:  # type: ignore[no-untyped-def]
    body = (
        '<bpmn:sequenceFlow id="f" sourceRef="start" targetRef="end" />'
        '<bpmn:endEvent id="end"><bpmn:signalEventDefinition signalRef="tns:sig" />'
        "</bpmn:endEvent>"
    )
    end = bpmn.parse(bpmn_doc(body)).processes[0].element("end")
    assert isinstance(end, Event) and isinstance(end.definition, SignalDefinition)
    assert end.definition.signal is not None and end.definition.signal.id == "sig"
