"""Every refusal rule names the element and its line; all problems of a document are reported."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import bpmn

Problems = Callable[[str], list[bpmn.Problem]]
Doc = Callable[..., str]

FLOW = '<bpmn:sequenceFlow id="{id}" sourceRef="{s}" targetRef="{t}" />'


def flow(flow_id: str, source: str, target: str, condition: str | None = None) -> str:
    if condition is None:
        return FLOW.format(id=flow_id, s=source, t=target)
    return (
        f'<bpmn:sequenceFlow id="{flow_id}" sourceRef="{source}" targetRef="{target}">'
        f"<bpmn:conditionExpression>{condition}</bpmn:conditionExpression></bpmn:sequenceFlow>"
    )


JOB = '<bpmn:extensionElements><zeebe:taskDefinition type="work" /></bpmn:extensionElements>'
END = '<bpmn:endEvent id="end" />'

# (case id, process body, start event added?, offending element id, words in the message)
CASES = [
    ("complex gateway", '<bpmn:complexGateway id="cx" />', True, "cx", "complex gateway"),
    ("transaction", '<bpmn:transaction id="tx" />', True, "tx", "transaction"),
    (
        "cancel event",
        '<bpmn:endEvent id="c"><bpmn:cancelEventDefinition /></bpmn:endEvent>',
        True,
        "c",
        "cancel events are not supported",
    ),
    (
        "multiple event definitions",
        '<bpmn:intermediateCatchEvent id="m"><bpmn:messageEventDefinition messageRef="msg" />'
        '<bpmn:signalEventDefinition signalRef="sig" /></bpmn:intermediateCatchEvent>',
        True,
        "m",
        "multiple event definitions",
    ),
    (
        "standard loop",
        f'<bpmn:serviceTask id="loop">{JOB}<bpmn:standardLoopCharacteristics /></bpmn:serviceTask>',
        True,
        "loop",
        "standard loops are not supported",
    ),
    ("service task without job", '<bpmn:serviceTask id="s" />', True, "s", "needs a job type"),
    (
        "service task with empty job type",
        '<bpmn:serviceTask id="s"><bpmn:extensionElements><zeebe:taskDefinition type="" />'
        "</bpmn:extensionElements></bpmn:serviceTask>",
        True,
        "s",
        "needs a job type",
    ),
    ("send task without job", '<bpmn:sendTask id="s" />', True, "s", "needs a job type"),
    ("bare script task", '<bpmn:scriptTask id="s" />', True, "s", "zeebe:script"),
    (
        "script without result variable",
        '<bpmn:scriptTask id="s"><bpmn:extensionElements><zeebe:script expression="=1" />'
        "</bpmn:extensionElements></bpmn:scriptTask>",
        True,
        "s",
        "resultVariable",
    ),
    ("bare business rule task", '<bpmn:businessRuleTask id="b" />', True, "b", "calledDecision"),
    ("call activity without process", '<bpmn:callActivity id="c" />', True, "c", "processId"),
    ("process without start event", END, False, "p", "at least one start event"),
    (
        "process with only an error start event",
        '<bpmn:startEvent id="s"><bpmn:errorEventDefinition /></bpmn:startEvent>',
        False,
        "s",
        "only allowed in an event subprocess",
    ),
    ("two none start events", '<bpmn:startEvent id="start2" />', True, "start2", "only one none"),
    (
        "boundary without attachedToRef",
        '<bpmn:boundaryEvent id="b"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1S'
        "</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>",
        True,
        "b",
        "attachedToRef",
    ),
    (
        "boundary attached to a missing activity",
        '<bpmn:boundaryEvent id="b" attachedToRef="ghost"><bpmn:timerEventDefinition>'
        "<bpmn:timeDuration>PT1S</bpmn:timeDuration></bpmn:timerEventDefinition>"
        "</bpmn:boundaryEvent>",
        True,
        "b",
        "attachedToRef 'ghost' of this boundary event does not exist",
    ),
    (
        "boundary attached to a gateway",
        '<bpmn:parallelGateway id="g" /><bpmn:boundaryEvent id="b" attachedToRef="g">'
        "<bpmn:timerEventDefinition><bpmn:timeDuration>PT1S</bpmn:timeDuration>"
        f"</bpmn:timerEventDefinition></bpmn:boundaryEvent>{END}{flow('f', 'b', 'end')}",
        True,
        "b",
        "must be attached to an activity",
    ),
    (
        "event-based gateway into a task",
        '<bpmn:eventBasedGateway id="g" /><bpmn:task id="t" /><bpmn:intermediateCatchEvent '
        'id="c"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1S</bpmn:timeDuration>'
        "</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>"
        + flow("f1", "g", "t")
        + flow("f2", "g", "c"),
        True,
        "g",
        "not 't'",
    ),
    (
        "event-based gateway with one flow",
        '<bpmn:eventBasedGateway id="g" /><bpmn:receiveTask id="r" messageRef="msg" />'
        + flow("f1", "g", "r"),
        True,
        "g",
        "at least two outgoing",
    ),
    (
        "conditional flow out of a parallel gateway",
        f'<bpmn:parallelGateway id="g" />{END}' + flow("f", "g", "end", "=x"),
        True,
        "f",
        "parallel gateway must not have a condition",
    ),
    (
        "default flow not outgoing",
        f'<bpmn:exclusiveGateway id="g" default="f0" />{END}'
        + flow("f0", "start", "g")
        + flow("f1", "g", "end"),
        True,
        "g",
        "default flow 'f0' is not an outgoing",
    ),
    (
        "default flow of an activity not outgoing",
        f'<bpmn:task id="t" default="f0" />{END}'
        + flow("f0", "start", "t")
        + flow("f1", "t", "end"),
        True,
        "t",
        "default flow 'f0'",
    ),
    (
        "default flow that does not exist",
        f'<bpmn:exclusiveGateway id="g" default="ghost" />{END}' + flow("f1", "g", "end"),
        True,
        "g",
        "default flow 'ghost' is not a sequence flow of this process",
    ),
    (
        "exclusive split without condition",
        f'<bpmn:exclusiveGateway id="g" />{END}<bpmn:endEvent id="end2" />'
        + flow("f1", "g", "end", "=x")
        + flow("f2", "g", "end2"),
        True,
        "f2",
        "needs a condition or must be the default flow",
    ),
    (
        "message without name",
        '<bpmn:receiveTask id="r" messageRef="anon" />',
        True,
        "r",
        "message 'anon' has no name",
    ),
    (
        "caught message without correlation key",
        '<bpmn:intermediateCatchEvent id="c"><bpmn:messageEventDefinition messageRef="startMsg" />'
        "</bpmn:intermediateCatchEvent>",
        True,
        "c",
        "correlation key",
    ),
    (
        "message catch without messageRef",
        '<bpmn:intermediateCatchEvent id="c"><bpmn:messageEventDefinition />'
        "</bpmn:intermediateCatchEvent>",
        True,
        "c",
        "must reference a message",
    ),
    (
        "link throw without catch",
        '<bpmn:intermediateThrowEvent id="l"><bpmn:linkEventDefinition name="away" />'
        "</bpmn:intermediateThrowEvent>",
        True,
        "l",
        "no link catch event named 'away'",
    ),
    (
        "two link catches with one name",
        '<bpmn:intermediateCatchEvent id="a"><bpmn:linkEventDefinition name="x" />'
        '</bpmn:intermediateCatchEvent><bpmn:intermediateCatchEvent id="b">'
        '<bpmn:linkEventDefinition name="x" /></bpmn:intermediateCatchEvent>',
        True,
        "b",
        "more than one link catch",
    ),
    (
        "participant naming a missing process",
        "",
        True,
        "pool",
        "participant references process 'ghost'",
    ),
    (
        "message flow from nowhere",
        "",
        True,
        "mf",
        "sourceRef 'nothing' of this message flow does not exist",
    ),
    (
        "called element bound to a version tag without one",
        '<bpmn:callActivity id="c"><bpmn:extensionElements><zeebe:calledElement processId="x" '
        'bindingType="versionTag" /></bpmn:extensionElements></bpmn:callActivity>',
        True,
        "c",
        "bindingType versionTag needs a versionTag",
    ),
    (
        "unknown binding type",
        '<bpmn:businessRuleTask id="b"><bpmn:extensionElements><zeebe:calledDecision '
        'decisionId="d" resultVariable="r" bindingType="newest" /></bpmn:extensionElements>'
        "</bpmn:businessRuleTask>",
        True,
        "b",
        "bindingType must be latest, deployment or versionTag, not 'newest'",
    ),
    (
        "business rule task with decision and job",
        '<bpmn:businessRuleTask id="b"><bpmn:extensionElements><zeebe:calledDecision '
        'decisionId="d" resultVariable="r" /><zeebe:taskDefinition type="t" />'
        "</bpmn:extensionElements></bpmn:businessRuleTask>",
        True,
        "b",
        "has both zeebe:calledDecision and zeebe:taskDefinition",
    ),
    (
        "script task with script and job",
        '<bpmn:scriptTask id="s"><bpmn:extensionElements><zeebe:script expression="=1" '
        'resultVariable="r" /><zeebe:taskDefinition type="t" />'
        "</bpmn:extensionElements></bpmn:scriptTask>",
        True,
        "s",
        "has both zeebe:script and zeebe:taskDefinition",
    ),
    (
        "task header without key",
        '<bpmn:serviceTask id="s"><bpmn:extensionElements><zeebe:taskDefinition type="a" />'
        '<zeebe:taskHeaders><zeebe:header value="v" /></zeebe:taskHeaders>'
        "</bpmn:extensionElements></bpmn:serviceTask>",
        True,
        "s",
        "zeebe:header has no 'key'",
    ),
    (
        "input mapping without target",
        '<bpmn:task id="t"><bpmn:extensionElements><zeebe:ioMapping>'
        '<zeebe:input source="=a" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:task>',
        True,
        "t",
        "zeebe:input has no 'target' variable",
    ),
    (
        "sequence flow without target",
        '<bpmn:sequenceFlow id="f" sourceRef="start" />',
        True,
        "f",
        "needs a sourceRef and a targetRef",
    ),
    (
        "static condition",
        f'<bpmn:exclusiveGateway id="g" />{END}' + flow("f", "g", "end", "amount > 100"),
        True,
        "f",
        "a condition must be an expression starting with '=' (e.g. '=amount > 100')",
    ),
    (
        "static correlation key",
        '<bpmn:receiveTask id="r" messageRef="staticKey" />',
        True,
        "r",
        "the correlationKey of 'staticKey' must be an expression",
    ),
    (
        "static input collection",
        '<bpmn:task id="t"><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements>'
        '<zeebe:loopCharacteristics inputCollection="items" /></bpmn:extensionElements>'
        "</bpmn:multiInstanceLoopCharacteristics></bpmn:task>",
        True,
        "t",
        "inputCollection must be an expression",
    ),
    (
        "static script",
        '<bpmn:scriptTask id="s"><bpmn:extensionElements><zeebe:script expression="1 + 1" '
        'resultVariable="r" /></bpmn:extensionElements></bpmn:scriptTask>',
        True,
        "s",
        "the zeebe:script expression must be an expression",
    ),
    ("duplicate ids", '<bpmn:task id="start" />', True, "start", "duplicate id 'start'"),
    (
        "dangling message reference",
        '<bpmn:receiveTask id="r" messageRef="nope" />',
        True,
        "r",
        "message 'nope', which does not exist",
    ),
    (
        "dangling flow target",
        flow("f", "start", "nowhere"),
        True,
        "f",
        "targetRef 'nowhere'",
    ),
    (
        "flow crossing into a subprocess",
        '<bpmn:subProcess id="sub"><bpmn:startEvent id="s2" /><bpmn:task id="inner" />'
        "</bpmn:subProcess>" + flow("f", "start", "inner"),
        True,
        "f",
        "crosses a scope boundary",
    ),
    (
        "subprocess without start event",
        '<bpmn:subProcess id="sub"><bpmn:task id="inner" /></bpmn:subProcess>',
        True,
        "sub",
        "exactly one start event",
    ),
    (
        "subprocess with a timer start",
        '<bpmn:subProcess id="sub"><bpmn:startEvent id="s2"><bpmn:timerEventDefinition>'
        "<bpmn:timeDate>2030-01-01T00:00:00Z</bpmn:timeDate></bpmn:timerEventDefinition>"
        "</bpmn:startEvent></bpmn:subProcess>",
        True,
        "s2",
        "must be a none event",
    ),
    (
        "event subprocess with a none start",
        '<bpmn:subProcess id="es" triggeredByEvent="true"><bpmn:startEvent id="s2" />'
        "</bpmn:subProcess>",
        True,
        "s2",
        "cannot start with a none event",
    ),
    (
        "event subprocess with flows",
        '<bpmn:subProcess id="es" triggeredByEvent="true"><bpmn:startEvent id="s2">'
        "<bpmn:errorEventDefinition /></bpmn:startEvent></bpmn:subProcess>"
        + flow("f", "start", "es"),
        True,
        "es",
        "must not have incoming or outgoing",
    ),
    (
        "ad-hoc subprocess with a start event",
        '<bpmn:adHocSubProcess id="ah"><bpmn:startEvent id="s2" /><bpmn:task id="t" />'
        "</bpmn:adHocSubProcess>",
        True,
        "s2",
        "must not contain start or end events",
    ),
    (
        "empty ad-hoc subprocess",
        '<bpmn:adHocSubProcess id="ah" />',
        True,
        "ah",
        "at least one activity",
    ),
    (
        "multi-instance without input collection",
        '<bpmn:task id="t"><bpmn:multiInstanceLoopCharacteristics /></bpmn:task>',
        True,
        "t",
        "inputCollection",
    ),
    (
        "timer without a time",
        '<bpmn:intermediateCatchEvent id="c"><bpmn:timerEventDefinition />'
        "</bpmn:intermediateCatchEvent>",
        True,
        "c",
        "exactly one of timeDate",
    ),
    (
        "timer start with a duration",
        '<bpmn:startEvent id="ts"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H'
        "</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>",
        True,
        "ts",
        "timeDate or timeCycle",
    ),
    (
        "interrupting timer boundary with a cycle",
        f'<bpmn:task id="t" /><bpmn:boundaryEvent id="b" attachedToRef="t">'
        "<bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1H</bpmn:timeCycle>"
        f"</bpmn:timerEventDefinition></bpmn:boundaryEvent>{END}{flow('f', 'b', 'end')}",
        True,
        "b",
        "interrupting timer boundary",
    ),
    (
        "none intermediate catch event",
        '<bpmn:intermediateCatchEvent id="c" />',
        True,
        "c",
        "cannot be a none event",
    ),
    (
        "error end event without error",
        '<bpmn:endEvent id="e"><bpmn:errorEventDefinition /></bpmn:endEvent>',
        True,
        "e",
        "must reference an error",
    ),
    (
        "message end event without job",
        '<bpmn:endEvent id="e"><bpmn:messageEventDefinition messageRef="msg" /></bpmn:endEvent>',
        True,
        "e",
        "zeebe:taskDefinition",
    ),
    (
        "signal without name",
        '<bpmn:endEvent id="e"><bpmn:signalEventDefinition signalRef="quiet" /></bpmn:endEvent>',
        True,
        "e",
        "signal 'quiet' has no name",
    ),
    (
        "boundary without outgoing flow",
        '<bpmn:task id="t" /><bpmn:boundaryEvent id="b" attachedToRef="t">'
        "<bpmn:timerEventDefinition><bpmn:timeDuration>PT1S</bpmn:timeDuration>"
        "</bpmn:timerEventDefinition></bpmn:boundaryEvent>",
        True,
        "b",
        "at least one outgoing",
    ),
    (
        "compensation boundary without handler",
        '<bpmn:task id="t" /><bpmn:boundaryEvent id="b" attachedToRef="t">'
        "<bpmn:compensateEventDefinition /></bpmn:boundaryEvent>",
        True,
        "b",
        "association to its handler",
    ),
    (
        "conditional flow out of a task",
        f'<bpmn:task id="t" />{END}' + flow("f", "t", "end", "=x"),
        True,
        "f",
        "only supported out of exclusive and inclusive",
    ),
    (
        "end event with outgoing flow",
        f'{END}<bpmn:task id="t" />' + flow("f", "end", "t"),
        True,
        "end",
        "end event must not have outgoing",
    ),
    (
        "start event with incoming flow",
        '<bpmn:task id="t" />' + flow("f", "t", "start"),
        True,
        "start",
        "start event must not have incoming",
    ),
    (
        "bad boolean in extension",
        '<bpmn:callActivity id="c"><bpmn:extensionElements><zeebe:calledElement processId="x" '
        'propagateAllChildVariables="yes" /></bpmn:extensionElements></bpmn:callActivity>',
        True,
        "c",
        "must be 'true' or 'false'",
    ),
    (
        "two task definitions",
        '<bpmn:serviceTask id="s"><bpmn:extensionElements><zeebe:taskDefinition type="a" />'
        '<zeebe:taskDefinition type="b" /></bpmn:extensionElements></bpmn:serviceTask>',
        True,
        "s",
        "more than one zeebe:taskDefinition",
    ),
    (
        "unreadable static timer",
        '<bpmn:intermediateCatchEvent id="c"><bpmn:timerEventDefinition><bpmn:timeDuration>'
        "10 minutes</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>",
        True,
        "c",
        "is not an ISO 8601 duration",
    ),
    (
        "two boundary events for one error",
        '<bpmn:task id="t" /><bpmn:boundaryEvent id="b1" attachedToRef="t">'
        '<bpmn:errorEventDefinition errorRef="err" /></bpmn:boundaryEvent>'
        '<bpmn:boundaryEvent id="b2" attachedToRef="t"><bpmn:errorEventDefinition '
        f'errorRef="err" /></bpmn:boundaryEvent>{END}'
        + flow("f1", "b1", "end")
        + flow("f2", "b2", "end"),
        True,
        "b2",
        "both wait for error 'FAILED'",
    ),
    (
        "event-based gateway waiting twice for one message",
        '<bpmn:eventBasedGateway id="g" /><bpmn:receiveTask id="r" messageRef="msg" />'
        '<bpmn:intermediateCatchEvent id="c"><bpmn:messageEventDefinition messageRef="msg" />'
        "</bpmn:intermediateCatchEvent>" + flow("f1", "g", "r") + flow("f2", "g", "c"),
        True,
        "c",
        "both wait for message",
    ),
    (
        "event subprocesses catching every error twice",
        '<bpmn:subProcess id="e1" triggeredByEvent="true"><bpmn:startEvent id="s1">'
        "<bpmn:errorEventDefinition /></bpmn:startEvent></bpmn:subProcess>"
        '<bpmn:subProcess id="e2" triggeredByEvent="true"><bpmn:startEvent id="s2">'
        "<bpmn:errorEventDefinition /></bpmn:startEvent></bpmn:subProcess>",
        True,
        "s2",
        "both wait for every error",
    ),
    (
        "non-interrupting error boundary",
        '<bpmn:task id="t" /><bpmn:boundaryEvent id="b" attachedToRef="t" cancelActivity="false">'
        f"<bpmn:errorEventDefinition /></bpmn:boundaryEvent>{END}" + flow("f", "b", "end"),
        True,
        "b",
        "must be interrupting",
    ),
    (
        "message start event with a FEEL name",
        '<bpmn:startEvent id="ms"><bpmn:messageEventDefinition messageRef="feelMsg" />'
        "</bpmn:startEvent>",
        True,
        "ms",
        "must be a static value",
    ),
    (
        "execution listener without type",
        '<bpmn:task id="t"><bpmn:extensionElements><zeebe:executionListeners>'
        '<zeebe:executionListener eventType="start" /></zeebe:executionListeners>'
        "</bpmn:extensionElements></bpmn:task>",
        True,
        "t",
        "execution listener needs a job type",
    ),
    (
        "execution listener with a strange event",
        '<bpmn:task id="t"><bpmn:extensionElements><zeebe:executionListeners>'
        '<zeebe:executionListener eventType="middle" type="x" /></zeebe:executionListeners>'
        "</bpmn:extensionElements></bpmn:task>",
        True,
        "t",
        "must be 'start' or 'end'",
    ),
    (
        "task listener on a job-based user task",
        '<bpmn:userTask id="u"><bpmn:extensionElements><zeebe:taskListeners>'
        '<zeebe:taskListener eventType="completing" type="x" /></zeebe:taskListeners>'
        "</bpmn:extensionElements></bpmn:userTask>",
        True,
        "u",
        "need a Camunda user task",
    ),
    (
        "retries that are not a number",
        '<bpmn:serviceTask id="s"><bpmn:extensionElements><zeebe:taskDefinition type="a" '
        'retries="many" /></bpmn:extensionElements></bpmn:serviceTask>',
        True,
        "s",
        "retries must be a whole number",
    ),
    (
        "form with two sources",
        '<bpmn:userTask id="u"><bpmn:extensionElements><zeebe:userTask />'
        '<zeebe:formDefinition formId="a" externalReference="https://x" />'
        "</bpmn:extensionElements></bpmn:userTask>",
        True,
        "u",
        "exactly one of formKey, formId or externalReference",
    ),
    (
        "link catch with incoming flow",
        '<bpmn:intermediateCatchEvent id="c"><bpmn:linkEventDefinition name="x" />'
        "</bpmn:intermediateCatchEvent>" + flow("f", "start", "c"),
        True,
        "c",
        "link catch event must not have incoming",
    ),
    (
        "catch event without outgoing flow in an ad-hoc subprocess",
        '<bpmn:adHocSubProcess id="ah"><bpmn:task id="t" /><bpmn:intermediateCatchEvent id="c">'
        '<bpmn:signalEventDefinition signalRef="sig" /></bpmn:intermediateCatchEvent>'
        "</bpmn:adHocSubProcess>",
        True,
        "c",
        "needs an outgoing flow",
    ),
]

COLLABORATION = (
    '  <bpmn:collaboration id="collab"><bpmn:participant id="pool" processRef="ghost" />'
    '<bpmn:participant id="pool2" processRef="bpmn:p" />'
    '<bpmn:messageFlow id="mf" sourceRef="nothing" targetRef="bpmn:start" />'
    "</bpmn:collaboration>\n"
)
EXTRA_ROOTS = (
    '  <bpmn:message id="anon" />\n  <bpmn:signal id="quiet" />\n'
    '  <bpmn:message id="feelMsg" name="=kind" />\n'
    '  <bpmn:message id="staticKey" name="k"><bpmn:extensionElements>'
    '<zeebe:subscription correlationKey="orderId" /></bpmn:extensionElements></bpmn:message>\n'
)


@pytest.mark.parametrize(
    ("body", "start", "element_id", "words"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_rule(
    problems_of: Problems, bpmn_doc: Doc, body: str, start: bool, element_id: str, words: str
) -> None:
    source = bpmn_doc(body, start=start, extra_roots=EXTRA_ROOTS + COLLABORATION)
    problems = problems_of(source)
    matching = [p for p in problems if words in p.message]
    assert matching, f"no problem says {words!r}: {[str(p) for p in problems]}"
    assert any(p.element_id == element_id for p in matching), [str(p) for p in matching]
    assert all(p.line is not None and p.line > 0 for p in matching)


def test_line_points_at_the_element(problems_of: Problems, bpmn_doc: Doc) -> None:
    source = bpmn_doc("\n\n\n<bpmn:serviceTask id='s' />")
    (problem,) = problems_of(source)
    line = source.splitlines()[problem.line - 1]  # type: ignore[operator]
    assert "serviceTask id='s'" in line


def test_all_problems_are_collected(problems_of: Problems, bpmn_doc: Doc) -> None:
    body = (
        '<bpmn:serviceTask id="a" />\n<bpmn:complexGateway id="b" />\n'
        '<bpmn:callActivity id="c" />\n<bpmn:receiveTask id="d" messageRef="nope" />'
    )
    problems = problems_of(bpmn_doc(body))
    assert {p.element_id for p in problems} >= {"a", "b", "c", "d"}
    lines = [p.line or 0 for p in problems]
    assert lines == sorted(lines)  # ordered by line


def test_str_of_error_is_one_problem_per_line(bpmn_doc: Doc) -> None:
    body = '<bpmn:serviceTask id="a" />\n<bpmn:sendTask id="b" />'
    with pytest.raises(bpmn.BpmnError) as caught:
        bpmn.parse(bpmn_doc(body))
    text = str(caught.value).splitlines()
    assert len(text) == len(caught.value.problems) == 2
    assert text[0].startswith("line ") and "element 'a'" in text[0]
    assert "element 'b'" in text[1]


def test_no_executable_process(problems_of: Problems, bpmn_doc: Doc) -> None:
    (problem,) = problems_of(bpmn_doc(END, executable=False))
    assert "no executable process" in problem.message and problem.element_id == "p"


def test_non_executable_process_is_not_checked(bpmn_doc: Doc) -> None:
    executable = bpmn_doc(END)
    other = '<bpmn:process id="other"><bpmn:serviceTask id="loose" /></bpmn:process>'
    definitions = bpmn.parse(
        executable.replace("</bpmn:definitions>", other + "</bpmn:definitions>")
    )
    assert [p.id for p in definitions.processes] == ["p", "other"]
    assert not definitions.process("other").is_executable


def test_duplicate_ids_across_processes(problems_of: Problems, bpmn_doc: Doc) -> None:
    other = '<bpmn:process id="q" isExecutable="true"><bpmn:startEvent id="start" /></bpmn:process>'
    problems = problems_of(
        bpmn_doc(END).replace("</bpmn:definitions>", other + "</bpmn:definitions>")
    )
    assert any("duplicate id 'start'" in p.message for p in problems)


def test_not_a_bpmn_bpmn_doc(problems_of: Problems, bpmn_doc: Doc) -> None:
    (problem,) = problems_of("<html><body>hi</body></html>")
    assert "not a BPMN document" in problem.message and "<html>" in problem.message
    (problem,) = problems_of('<definitions xmlns="http://example.com/other" />')
    assert "namespace 'http://example.com/other'" in problem.message


def test_document_without_process(problems_of: Problems, bpmn_doc: Doc) -> None:
    source = (
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">'
        '<bpmn:message id="m" name="x" /></bpmn:definitions>'
    )
    (problem,) = problems_of(source)
    assert problem.message == "the document has no process"


def test_element_without_id(problems_of: Problems, bpmn_doc: Doc) -> None:
    problems = problems_of(bpmn_doc("<bpmn:task />"))
    assert any(p.message == "<task> has no id" and p.line for p in problems)


def test_valid_models_are_accepted(bpmn_doc: Doc) -> None:
    gateway = (
        '<bpmn:eventBasedGateway id="g" /><bpmn:receiveTask id="r" messageRef="msg" />'
        '<bpmn:intermediateCatchEvent id="c"><bpmn:signalEventDefinition signalRef="sig" />'
        f"</bpmn:intermediateCatchEvent>{END}"
        + flow("f0", "start", "g")
        + flow("f1", "g", "r")
        + flow("f2", "g", "c")
        + flow("f3", "r", "end")
        + flow("f4", "c", "end")
    )
    process = bpmn.parse(bpmn_doc(gateway)).processes[0]
    assert process.element("g").outgoing == ("f1", "f2")  # type: ignore[attr-defined]
    link = (
        '<bpmn:intermediateThrowEvent id="t"><bpmn:linkEventDefinition name="x" />'
        '</bpmn:intermediateThrowEvent><bpmn:intermediateCatchEvent id="c">'
        '<bpmn:linkEventDefinition name="x" /></bpmn:intermediateCatchEvent>'
    )
    assert "t" in bpmn.parse(bpmn_doc(link)).processes[0].elements


def test_qualified_references_resolve(problems_of: Problems, bpmn_doc: Doc) -> None:
    problems = problems_of(bpmn_doc(END, extra_roots=COLLABORATION))
    assert {p.element_id for p in problems} == {"pool", "mf"}
    assert not any("bpmn:start" in p.message or "bpmn:p" in p.message for p in problems)


def test_static_io_mapping_sources_are_allowed(bpmn_doc: Doc) -> None:
    body = (
        '<bpmn:task id="t"><bpmn:extensionElements><zeebe:ioMapping>'
        '<zeebe:input source="demo@example.com" target="from" /></zeebe:ioMapping>'
        "</bpmn:extensionElements></bpmn:task>"
    )
    task = bpmn.parse(bpmn_doc(body)).processes[0].element("t")
    assert isinstance(task, bpmn.Task) and task.io_mapping is not None
    source = task.io_mapping.inputs[0].source
    assert source is not None and not source.is_feel


def test_quoted_multi_line_text_stays_on_one_line(bpmn_doc: Doc) -> None:
    body = f'<bpmn:exclusiveGateway id="g" />{END}' + flow("f", "g", "end", "a\n  > 1")
    with pytest.raises(bpmn.BpmnError) as caught:
        bpmn.parse(bpmn_doc(body))
    assert len(str(caught.value).splitlines()) == len(caught.value.problems) == 1
    assert "'a   > 1'" in caught.value.problems[0].message
