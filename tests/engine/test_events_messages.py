"""Message events: publish and correlate to catch events, receive tasks, boundary events,
event subprocesses, event-based gateways and start events; buffering for the time to live,
message id deduplication, one correlation per process, synchronous correlation."""

from __future__ import annotations

import pytest

from engine.records import ValueType
from engine.records.intents import (
    MessageIntent,
    MessageSubscriptionIntent,
    ProcessInstanceIntent,
    ProcessMessageSubscriptionIntent,
)
from engine.testing import EngineHarness, Rejected, bpmn

PI = ProcessInstanceIntent


def message(name: str = "paid", key: str = "=orderId") -> str:
    return (
        f'<bpmn:message id="msg_{name}" name="{name}"><bpmn:extensionElements>'
        f'<zeebe:subscription correlationKey="{key}" /></bpmn:extensionElements></bpmn:message>'
    )


def catch_process(outputs: str = "") -> str:
    return bpmn(
        f"""
  <bpmn:process id="order" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <bpmn:intermediateCatchEvent id="wait">
      {outputs}
      <bpmn:messageEventDefinition messageRef="msg_paid" />
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""",
        message(),
    )


def intents(h: EngineHarness, value_type: ValueType) -> list[str]:
    return [r.intent.name for r in h.records.of_type(value_type).events()]


def test_message_published_after_the_subscription_opens(h: EngineHarness) -> None:
    h.deploy(catch_process())
    instance = h.create_instance("order", {"orderId": "o-1"})
    assert intents(h, ValueType.PROCESS_MESSAGE_SUBSCRIPTION) == ["CREATING", "CREATED"]
    assert intents(h, ValueType.MESSAGE_SUBSCRIPTION) == ["CREATED"]
    h.publish("paid", "o-2", {"amount": 1})
    assert h.is_active(instance)
    h.publish("paid", "o-1", {"amount": 12})
    assert not h.is_active(instance)
    assert intents(h, ValueType.MESSAGE_SUBSCRIPTION) == ["CREATED", "CORRELATING", "CORRELATED"]
    assert intents(h, ValueType.PROCESS_MESSAGE_SUBSCRIPTION) == [
        "CREATING",
        "CREATED",
        "CORRELATED",
    ]
    amount = h.records.variables().with_process_instance(instance).values()[-1]
    assert (amount.name, amount.value) == ("amount", "12")
    steps = h.records.with_process_instance(instance).element_steps()
    assert steps[-1] == ("order", "ELEMENT_COMPLETED")


def test_buffered_message_correlates_when_the_subscription_opens(h: EngineHarness) -> None:
    h.deploy(catch_process())
    h.publish("paid", "o-1", {"amount": 5}, ttl_ms=60_000)
    first = h.create_instance("order", {"orderId": "o-1"})
    assert not h.is_active(first)
    # At most one correlation per process: a second instance does not get the same message.
    second = h.create_instance("order", {"orderId": "o-1"})
    assert h.is_active(second)


def test_message_expires_after_its_time_to_live(h: EngineHarness) -> None:
    h.deploy(catch_process())
    h.publish("paid", "o-1", ttl_ms=10_000)
    h.clock.advance(seconds=10)
    assert intents(h, ValueType.MESSAGE) == ["PUBLISHED", "EXPIRED"]
    instance = h.create_instance("order", {"orderId": "o-1"})
    assert h.is_active(instance)


def test_message_with_zero_ttl_is_not_buffered(h: EngineHarness) -> None:
    h.deploy(catch_process())
    h.publish("paid", "o-1", ttl_ms=0)
    assert intents(h, ValueType.MESSAGE) == ["PUBLISHED", "EXPIRED"]
    assert h.is_active(h.create_instance("order", {"orderId": "o-1"}))


def test_duplicate_message_id_is_rejected_while_buffered(h: EngineHarness) -> None:
    h.publish("paid", "o-1", message_id="m-1", ttl_ms=1000)
    with pytest.raises(Rejected) as rejected:
        h.publish("paid", "o-1", message_id="m-1")
    assert rejected.value.record.rejection_type.name == "ALREADY_EXISTS"
    h.clock.advance(seconds=1)
    h.publish("paid", "o-1", message_id="m-1")


def test_output_mappings_take_the_message_variables(h: EngineHarness) -> None:
    outputs = (
        '<bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="=amount * 2" '
        'target="doubled" /></zeebe:ioMapping></bpmn:extensionElements>'
    )
    h.deploy(catch_process(outputs))
    instance = h.create_instance("order", {"orderId": "o-1"})
    h.publish("paid", "o-1", {"amount": 21})
    variables = h.records.variables().with_process_instance(instance).values()
    in_root = [v.name for v in variables if v.scope_key == instance]
    assert in_root == ["orderId", "doubled"]  # `amount` stayed local to the catch event


def test_a_missing_correlation_key_raises_an_incident(h: EngineHarness) -> None:
    h.deploy(catch_process())
    h.create_instance("order")
    [(_, incident)] = h.open_incidents()
    assert "correlation key" in incident.error_message


BOUNDARY = bpmn(
    """
  <bpmn:process id="order" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="ship" />
    <bpmn:serviceTask id="ship">
      <bpmn:extensionElements><zeebe:taskDefinition type="ship" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:boundaryEvent id="cancelled" attachedToRef="ship">
      <bpmn:messageEventDefinition messageRef="msg_cancel" />
    </bpmn:boundaryEvent>
    <bpmn:boundaryEvent id="updated" attachedToRef="ship" cancelActivity="false">
      <bpmn:messageEventDefinition messageRef="msg_update" />
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="ship" targetRef="end" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f3" sourceRef="cancelled" targetRef="end_cancelled" />
    <bpmn:endEvent id="end_cancelled" />
    <bpmn:sequenceFlow id="f4" sourceRef="updated" targetRef="end_updated" />
    <bpmn:endEvent id="end_updated" />
  </bpmn:process>""",
    message("cancel"),
    message("update"),
)


def test_boundary_messages_non_interrupting_then_interrupting(h: EngineHarness) -> None:
    h.deploy(BOUNDARY)
    instance = h.create_instance("order", {"orderId": "o-7"})
    h.publish("update", "o-7", {"address": "a"})
    h.publish("update", "o-7", {"address": "b"})
    updated = h.records.process_instance().with_element_id("end_updated")
    assert len(updated.with_intent(PI.ELEMENT_COMPLETED)) == 2
    assert h.is_active(h.element_instance_key("ship"))
    h.publish("cancel", "o-7")
    steps = h.records.with_process_instance(instance).element_steps()
    assert ("ship", "ELEMENT_TERMINATED") in steps
    assert ("end_cancelled", "ELEMENT_COMPLETED") in steps
    assert not h.is_active(instance)
    # The "update" subscription was closed with the task.
    deleted = h.records.of_type(ValueType.MESSAGE_SUBSCRIPTION).with_intent(
        MessageSubscriptionIntent.DELETED
    )
    assert [r.value.message_name for r in deleted] == ["update"]
    assert h.engine.state.messages.process_subscriptions(h.element_instance_key("ship")) == []


def test_receive_task_and_synchronous_correlate(h: EngineHarness) -> None:
    h.deploy(
        bpmn(
            """
  <bpmn:process id="recv" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <bpmn:receiveTask id="task" messageRef="msg_paid" />
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""",
            message(),
        )
    )
    instance = h.create_instance("recv", {"orderId": 42})
    with pytest.raises(Rejected) as rejected:
        h.correlate("paid", "41")
    assert rejected.value.record.rejection_type.name == "NOT_FOUND"
    response = h.correlate("paid", "42", {"ok": True})
    assert response.value.process_instance_key == instance
    assert not h.is_active(instance)
    assert h.variables(instance) == {}  # the instance is gone; its variables with it


def test_message_start_event_one_active_instance_per_correlation_key(h: EngineHarness) -> None:
    h.deploy(
        bpmn(
            """
  <bpmn:process id="onboard" isExecutable="true">
    <bpmn:startEvent id="start">
      <bpmn:messageEventDefinition messageRef="msg_signup" />
    </bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="welcome" />
    <bpmn:serviceTask id="welcome">
      <bpmn:extensionElements><zeebe:taskDefinition type="welcome" /></bpmn:extensionElements>
    </bpmn:serviceTask>
  </bpmn:process>""",
            '<bpmn:message id="msg_signup" name="signup" />',
        )
    )
    h.publish("signup", "u-1", {"user": "ann"})
    h.publish("signup", "u-1", {"user": "ann again"})
    h.publish("signup", "u-2", {"user": "bob"})
    jobs = h.jobs.activate("welcome")
    assert sorted(job.variables["user"] for job in jobs) == ["ann", "bob"]
    for job in jobs:
        h.jobs.complete(job.key)
    # Ann's instance ended: the message buffered meanwhile starts the next one.
    [job] = h.jobs.activate("welcome")
    assert job.variables["user"] == "ann again"
    h.publish("signup", "u-1", {"user": "ann later"})
    assert h.jobs.activate("welcome") == []  # buffered: "ann again" is still active
    h.jobs.complete(job.key)
    [job] = h.jobs.activate("welcome")
    assert job.variables["user"] == "ann later"
    h.jobs.complete(job.key)
    assert h.jobs.activate("welcome") == []  # each message started one instance


def test_message_event_subprocess_and_event_based_gateway(h: EngineHarness) -> None:
    h.deploy(
        bpmn(
            """
  <bpmn:process id="flow" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw" />
    <bpmn:eventBasedGateway id="gw" />
    <bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="on_paid" />
    <bpmn:sequenceFlow id="f3" sourceRef="gw" targetRef="on_timeout" />
    <bpmn:intermediateCatchEvent id="on_paid">
      <bpmn:messageEventDefinition messageRef="msg_paid" />
    </bpmn:intermediateCatchEvent>
    <bpmn:intermediateCatchEvent id="on_timeout">
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f4" sourceRef="on_paid" targetRef="wait_more" />
    <bpmn:sequenceFlow id="f5" sourceRef="on_timeout" targetRef="end" />
    <bpmn:userTask id="wait_more" />
    <bpmn:sequenceFlow id="f6" sourceRef="wait_more" targetRef="end" />
    <bpmn:endEvent id="end" />
    <bpmn:subProcess id="notes" triggeredByEvent="true">
      <bpmn:startEvent id="note" isInterrupting="false">
        <bpmn:messageEventDefinition messageRef="msg_note" />
      </bpmn:startEvent>
      <bpmn:sequenceFlow id="n1" sourceRef="note" targetRef="note_end" />
      <bpmn:endEvent id="note_end" />
    </bpmn:subProcess>
  </bpmn:process>""",
            message(),
            message("note"),
        )
    )
    instance = h.create_instance("flow", {"orderId": "o-9"})
    h.publish("note", "o-9", {"text": "hi"})
    h.publish("note", "o-9", {"text": "again"})
    notes = h.records.process_instance().with_element_id("notes").with_intent(PI.ELEMENT_COMPLETED)
    assert len(notes) == 2
    h.publish("paid", "o-9", {"amount": 3})
    steps = h.records.with_process_instance(instance).element_steps()
    assert ("on_paid", "ELEMENT_COMPLETED") in steps
    assert ("on_timeout", "ELEMENT_ACTIVATING") not in steps
    assert h.is_active(h.element_instance_key("wait_more"))
    assert intents(h, ValueType.TIMER) == ["CREATED", "CANCELED"]
    h.cancel(instance)
    assert h.engine.state.messages.process_subscriptions(instance) == []


def test_publisher_and_subscriber_on_different_partitions() -> None:
    """The instance on partition 1, the message's correlation key hashing to partition 2:
    the engines exchange the subscription commands as `sends`, delivered here by hand."""
    from engine.processing.bpmn.behaviours import subscription_partition

    key = next(k for k in (f"o-{i}" for i in range(100)) if subscription_partition(k, 2) == 2)
    p1, p2 = EngineHarness(1, partition_count=2), EngineHarness(2, partition_count=2)
    partitions = {1: p1, 2: p2}

    def deliver() -> None:
        while p1.outbox or p2.outbox:
            for harness in (p1, p2):
                sends, harness.outbox = harness.outbox, []
                for send in sends:
                    partitions[send.partition_id].deliver(send.command)

    p1.deploy(catch_process())
    instance = p1.create_instance("order", {"orderId": key})
    [create] = p1.outbox
    assert (create.partition_id, create.command.intent) == (2, MessageSubscriptionIntent.CREATE)
    # Published before the subscription arrives: buffered on partition 2.
    p2.publish("paid", key, {"amount": 9})
    deliver()
    assert not p1.is_active(instance)
    assert [
        r.intent for r in p1.records.of_type(ValueType.PROCESS_MESSAGE_SUBSCRIPTION).events()
    ] == [
        ProcessMessageSubscriptionIntent.CREATING,
        ProcessMessageSubscriptionIntent.CREATED,
        ProcessMessageSubscriptionIntent.CORRELATED,
    ]
    assert (
        p2.engine.state.messages.subscription(h_key := p1.element_instance_key("wait"), "paid")
        is None
    )
    assert h_key > 0
    assert [r.intent for r in p2.records.of_type(ValueType.MESSAGE).events()] == [
        MessageIntent.PUBLISHED
    ]
    p1.assert_replay_matches()
    p2.assert_replay_matches()


def test_restart_between_publish_and_correlation(h: EngineHarness) -> None:
    """A new engine over the same store (a broker restart) goes on with the buffered
    message and the open timers."""
    from engine import Engine

    h.deploy(catch_process())
    h.publish("paid", "o-5", {"amount": 7}, ttl_ms=60_000)
    h.engine = Engine(h.store, h.partition_id)
    instance = h.create_instance("order", {"orderId": "o-5"})
    assert not h.is_active(instance)


def test_lost_sends_are_listed_until_acknowledged_and_duplicates_are_harmless() -> None:
    from engine.processing.bpmn.behaviours import subscription_partition

    key = next(k for k in (f"k-{i}" for i in range(100)) if subscription_partition(k, 2) == 2)
    p1, p2 = EngineHarness(1, partition_count=2), EngineHarness(2, partition_count=2)
    p1.deploy(catch_process())
    instance = p1.create_instance("order", {"orderId": key})
    p1.outbox.clear()  # the CREATE is lost
    [resend] = p1.engine.pending_sends()
    assert resend.command.intent is MessageSubscriptionIntent.CREATE
    for _ in range(2):  # resent twice: the second is acknowledged again, nothing else
        p2.deliver(resend.command)
    acks = [s.command for s in p2.outbox]
    p2.outbox.clear()
    assert [a.intent for a in acks] == [ProcessMessageSubscriptionIntent.CREATE] * 2
    for ack in acks:
        p1.deliver(ack)  # the second ack is rejected: already CREATED
    assert p1.engine.pending_sends() == []
    p2.publish("paid", key)
    [correlate] = p2.outbox
    p2.outbox.clear()  # the CORRELATE is lost
    assert [s.command.intent for s in p2.engine.pending_sends()] == [
        ProcessMessageSubscriptionIntent.CORRELATE
    ]
    p1.deliver(correlate.command)
    assert not p1.is_active(instance)
    for send in p1.outbox:
        p2.deliver(send.command)
    assert p2.engine.pending_sends() == []
    p1.assert_replay_matches()
    p2.assert_replay_matches()


def test_message_boundary_on_a_call_activity_terminates_the_called_instance(
    h: EngineHarness,
) -> None:
    h.deploy(
        bpmn(
            """
  <bpmn:process id="parent" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="call" />
    <bpmn:callActivity id="call">
      <bpmn:extensionElements><zeebe:calledElement processId="child" /></bpmn:extensionElements>
    </bpmn:callActivity>
    <bpmn:boundaryEvent id="cancelled" attachedToRef="call">
      <bpmn:messageEventDefinition messageRef="msg_cancel" />
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="end" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f3" sourceRef="cancelled" targetRef="end_cancelled" />
    <bpmn:endEvent id="end_cancelled" />
  </bpmn:process>
  <bpmn:process id="child" isExecutable="true">
    <bpmn:startEvent id="c_start" />
    <bpmn:sequenceFlow id="c1" sourceRef="c_start" targetRef="wait" />
    <bpmn:intermediateCatchEvent id="wait">
      <bpmn:messageEventDefinition messageRef="msg_paid" />
    </bpmn:intermediateCatchEvent>
  </bpmn:process>""",
            message("cancel"),
            message(),
        )
    )
    parent = h.create_instance("parent", {"orderId": "o-3"})
    child_wait = h.element_instance_key("wait")
    h.publish("cancel", "o-3")
    assert not h.is_active(parent)
    assert not h.is_active(child_wait)
    assert h.engine.state.messages.process_subscriptions(child_wait) == []
    # The child's subscription is gone on both sides: a later message is only buffered.
    h.publish("paid", "o-3")
    assert h.open_incidents() == []


def test_a_rejected_correlation_goes_to_the_next_waiting_instance() -> None:
    from engine.processing.bpmn.behaviours import subscription_partition

    key = next(k for k in (f"r-{i}" for i in range(100)) if subscription_partition(k, 2) == 2)
    p1, p2 = EngineHarness(1, partition_count=2), EngineHarness(2, partition_count=2)
    partitions = {1: p1, 2: p2}

    def deliver(*harnesses: EngineHarness) -> None:
        for harness in harnesses:
            sends, harness.outbox = harness.outbox, []
            for send in sends:
                partitions[send.partition_id].deliver(send.command)

    p1.deploy(catch_process())
    first = p1.create_instance("order", {"orderId": key})
    second = p1.create_instance("order", {"orderId": key})
    deliver(p1, p2)  # both subscriptions open on partition 2, acknowledged on partition 1
    p2.publish("paid", key, {"n": 1}, ttl_ms=60_000)
    [correlate] = p2.outbox  # to the first instance (one per process)
    p2.outbox.clear()
    p1.cancel(first)  # ...which is cancelled before the message arrives
    p1.deliver(correlate.command)
    assert any(s.command.intent is MessageSubscriptionIntent.REJECT for s in p1.outbox)
    deliver(p1)  # REJECT and DELETE reach partition 2: the message goes to the second
    deliver(p2, p1, p2)
    assert not p1.is_active(second)
    p1.assert_replay_matches()
    p2.assert_replay_matches()
