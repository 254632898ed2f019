"""Reading an event's ``*EventDefinition`` child and resolving it to its root element."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from lxml import etree

from ._errors import Problem
from ._names import BPMN, line_of
from ._zeebe import read_extensions
from .model import (
    CompensationDefinition,
    ConditionalDefinition,
    Error,
    ErrorDefinition,
    Escalation,
    EscalationDefinition,
    EventDefinition,
    Expression,
    LinkDefinition,
    Message,
    MessageDefinition,
    Signal,
    SignalDefinition,
    TerminateDefinition,
    TimerDefinition,
    TimerKind,
)

_T = TypeVar("_T")

_TIMER_KINDS = tuple((BPMN + kind.value, kind) for kind in TimerKind)
# Event definitions BPMN allows but Zeebe does not execute.
UNSUPPORTED_DEFINITIONS = frozenset({BPMN + "cancelEventDefinition"})


@dataclass(frozen=True, slots=True)
class RootElements:
    """The document's root elements by id, for resolving ``messageRef`` and friends."""

    messages: Mapping[str, Message]
    signals: Mapping[str, Signal]
    errors: Mapping[str, Error]
    escalations: Mapping[str, Escalation]


def resolve(
    table: Mapping[str, _T],
    ref: str | None,
    what: str,
    owner: str,
    line: int | None,
    problems: list[Problem],
) -> _T | None:
    """The root element ``ref`` names, tolerating a QName prefix (``tns:Message_1``)."""
    if ref is None or not ref.strip():
        return None
    ref = ref.strip()
    found = table.get(ref)
    if found is None and ":" in ref:
        found = table.get(ref.rpartition(":")[2])
    if found is None:
        problems.append(Problem(f"references {what} '{ref}', which does not exist", owner, line))
    return found


def _text(el: etree._Element) -> str:
    return (el.text or "").strip()


def _timer(el: etree._Element, owner: str, problems: list[Problem]) -> TimerDefinition:
    found = [(kind, child) for tag, kind in _TIMER_KINDS for child in el if child.tag == tag]
    if len(found) != 1:
        problems.append(
            Problem(
                "a timer needs exactly one of timeDate, timeDuration or timeCycle, "
                f"found {len(found)}",
                owner,
                line_of(el),
            )
        )
    if not found:
        empty = Expression(text="", element_id=owner, attribute="timeDuration", line=line_of(el))
        return TimerDefinition(kind=TimerKind.DURATION, expression=empty)
    kind, child = found[0]
    expression = Expression(
        text=_text(child), element_id=owner, attribute=kind.value, line=line_of(child)
    )
    if not expression.text:
        problems.append(Problem(f"the {kind.value} of the timer is empty", owner, line_of(child)))
    return TimerDefinition(kind=kind, expression=expression)


def _conditional(el: etree._Element, owner: str, problems: list[Problem]) -> ConditionalDefinition:
    condition = None
    names: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    for child in el:
        if child.tag == BPMN + "condition":
            condition = Expression(
                text=_text(child), element_id=owner, attribute="condition", line=line_of(child)
            )
        elif child.tag == BPMN + "extensionElements":
            ext = read_extensions(child, owner, problems)
            names, events = ext.variable_names, ext.variable_events
    return ConditionalDefinition(condition=condition, variable_names=names, variable_events=events)


def read_definition(
    el: etree._Element, owner: str, roots: RootElements, problems: list[Problem]
) -> EventDefinition:
    """Turn one ``*EventDefinition`` element into its model value (tag already checked)."""
    tag = el.tag
    line = line_of(el)
    if tag == BPMN + "messageEventDefinition":
        ref = el.get("messageRef")
        return MessageDefinition(
            message=resolve(roots.messages, ref, "message", owner, line, problems)
        )
    if tag == BPMN + "timerEventDefinition":
        return _timer(el, owner, problems)
    if tag == BPMN + "signalEventDefinition":
        ref = el.get("signalRef")
        return SignalDefinition(signal=resolve(roots.signals, ref, "signal", owner, line, problems))
    if tag == BPMN + "errorEventDefinition":
        ref = el.get("errorRef")
        return ErrorDefinition(error=resolve(roots.errors, ref, "error", owner, line, problems))
    if tag == BPMN + "escalationEventDefinition":
        ref = el.get("escalationRef")
        return EscalationDefinition(
            escalation=resolve(roots.escalations, ref, "escalation", owner, line, problems)
        )
    if tag == BPMN + "compensateEventDefinition":
        wait = (el.get("waitForCompletion") or "true").strip().lower() != "false"
        return CompensationDefinition(activity_id=el.get("activityRef"), wait_for_completion=wait)
    if tag == BPMN + "conditionalEventDefinition":
        return _conditional(el, owner, problems)
    if tag == BPMN + "linkEventDefinition":
        return LinkDefinition(name=(el.get("name") or "").strip())
    assert tag == BPMN + "terminateEventDefinition", tag
    return TerminateDefinition()


DEFINITION_TAGS = frozenset(
    BPMN + name
    for name in (
        "messageEventDefinition",
        "timerEventDefinition",
        "signalEventDefinition",
        "errorEventDefinition",
        "escalationEventDefinition",
        "compensateEventDefinition",
        "conditionalEventDefinition",
        "linkEventDefinition",
        "terminateEventDefinition",
    )
)
