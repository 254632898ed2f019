"""Zeebe's modelling rules for events: which definitions each kind of event may have, timers,
messages, links, boundary events and the start events of each kind of scope."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from ._rules import Checker, blank
from ._timers import static_timer_problem
from .model import (
    Activity,
    BpmnElementType,
    BpmnEventType,
    CompensationDefinition,
    ConditionalDefinition,
    ErrorDefinition,
    EscalationDefinition,
    Event,
    LinkDefinition,
    MessageDefinition,
    ReceiveTask,
    SignalDefinition,
    SubProcess,
    TimerDefinition,
    TimerKind,
)

T = BpmnElementType
E = BpmnEventType

_PROCESS_START = frozenset({E.UNSPECIFIED, E.MESSAGE, E.TIMER, E.SIGNAL, E.CONDITIONAL})
_EVENT_SUB_PROCESS_START = frozenset(
    {E.MESSAGE, E.TIMER, E.ERROR, E.SIGNAL, E.ESCALATION, E.COMPENSATION, E.CONDITIONAL}
)
_CATCH = frozenset({E.MESSAGE, E.TIMER, E.SIGNAL, E.LINK, E.CONDITIONAL})
_THROW = frozenset({E.UNSPECIFIED, E.MESSAGE, E.SIGNAL, E.ESCALATION, E.COMPENSATION, E.LINK})
_END = frozenset(
    {E.UNSPECIFIED, E.MESSAGE, E.ERROR, E.SIGNAL, E.ESCALATION, E.TERMINATE, E.COMPENSATION}
)
_BOUNDARY = frozenset(
    {E.MESSAGE, E.TIMER, E.ERROR, E.SIGNAL, E.ESCALATION, E.COMPENSATION, E.CONDITIONAL}
)
_ALLOWED: Mapping[BpmnElementType, frozenset[BpmnEventType]] = MappingProxyType(
    {
        T.INTERMEDIATE_CATCH_EVENT: _CATCH,
        T.INTERMEDIATE_THROW_EVENT: _THROW,
        T.END_EVENT: _END,
        T.BOUNDARY_EVENT: _BOUNDARY,
    }
)
_KIND_NAMES: Mapping[BpmnElementType, str] = MappingProxyType(
    {
        T.START_EVENT: "a start event",
        T.INTERMEDIATE_CATCH_EVENT: "an intermediate catch event",
        T.INTERMEDIATE_THROW_EVENT: "an intermediate throw event",
        T.BOUNDARY_EVENT: "a boundary event",
        T.END_EVENT: "an end event",
    }
)


def _kind(event_type: BpmnEventType) -> str:
    return "none" if event_type is E.UNSPECIFIED else event_type.value.lower()


def _scope_type(check: Checker, scope_id: str) -> BpmnElementType:
    if scope_id == check.process.id:
        return T.PROCESS
    return check.process.elements[scope_id].element_type


def _timer(check: Checker, event: Event, timer: TimerDefinition) -> None:
    kind = timer.kind
    problem = static_timer_problem(kind, timer.expression.text)
    if problem is not None:
        check.add(problem, event, timer.expression.line)
    if event.element_type is T.START_EVENT:
        scope = _scope_type(check, event.parent_id)
        if scope is T.PROCESS and kind is TimerKind.DURATION:
            check.add(
                "a timer start event needs a timeDate or timeCycle, not a timeDuration", event
            )
    elif event.element_type is T.INTERMEDIATE_CATCH_EVENT and kind is TimerKind.CYCLE:
        check.add("an intermediate timer catch event needs a timeDuration or timeDate", event)
    elif (
        event.element_type is T.BOUNDARY_EVENT
        and event.is_interrupting
        and (kind is TimerKind.CYCLE)
    ):
        check.add(
            "an interrupting timer boundary event cannot have a timeCycle "
            "(make it non-interrupting)",
            event,
        )


def _definition(check: Checker, event: Event) -> None:
    definition = event.definition
    catching = event.element_type in (T.INTERMEDIATE_CATCH_EVENT, T.BOUNDARY_EVENT) or (
        event.element_type is T.START_EVENT
        and _scope_type(check, event.parent_id) is T.EVENT_SUB_PROCESS
    )
    if isinstance(definition, MessageDefinition):
        if event.element_type in (T.INTERMEDIATE_THROW_EVENT, T.END_EVENT):
            # Message throw events are done by a job worker, like send tasks.
            if event.task_definition is None or blank(event.task_definition.type):
                check.add("a message throw event needs a zeebe:taskDefinition with a type", event)
        else:
            check.message(event, definition.message, needs_key=catching)
    elif isinstance(definition, TimerDefinition):
        _timer(check, event, definition)
    elif isinstance(definition, SignalDefinition):
        if definition.signal is None:
            check.add("must reference a signal (signalRef)", event)
        elif blank(definition.signal.name):
            check.add(f"signal '{definition.signal.id}' has no name", event)
    elif isinstance(definition, ErrorDefinition):
        if event.element_type is T.END_EVENT:
            if definition.error is None:
                check.add("an error end event must reference an error (errorRef)", event)
            elif blank(definition.error.error_code):
                check.add(f"error '{definition.error.id}' has no errorCode", event)
        elif not event.is_interrupting:
            check.add("error events that catch must be interrupting", event)
    elif isinstance(definition, EscalationDefinition):
        if event.element_type in (T.INTERMEDIATE_THROW_EVENT, T.END_EVENT):
            if definition.escalation is None:
                check.add("an escalation throw event must reference an escalation", event)
            elif blank(definition.escalation.escalation_code):
                check.add(f"escalation '{definition.escalation.id}' has no escalationCode", event)
    elif isinstance(definition, ConditionalDefinition):
        if blank(definition.condition):
            check.add("a conditional event needs a condition", event)
        check.feel(event, definition.condition, "the condition")
    elif isinstance(definition, CompensationDefinition):
        ref = definition.activity_id
        if ref and event.element_type is not T.BOUNDARY_EVENT:
            target = check.process.elements.get(ref)
            if not isinstance(target, Activity):
                check.add(f"compensation activityRef '{ref}' is not an activity", event)
    elif isinstance(definition, LinkDefinition) and not definition.name:
        check.add("a link event needs a name", event)


def _boundary(check: Checker, event: Event) -> None:
    if not event.attached_to_id:
        check.add("a boundary event must be attached to an activity (attachedToRef)", event)
        return
    host = check.process.elements.get(event.attached_to_id)
    if host is None:
        return  # reported by the reader
    if not isinstance(host, Activity):
        check.add(f"a boundary event must be attached to an activity, not '{host.id}'", event)
    elif host.parent_id != event.parent_id:
        check.add(f"boundary event and its activity '{host.id}' are in different scopes", event)
    if event.incoming:
        check.add("a boundary event must not have incoming sequence flows", event)
    if event.event_type is E.COMPENSATION:
        if event.outgoing:
            check.add("a compensation boundary event must not have outgoing flows", event)
        handler = check.process.elements.get(event.compensation_handler_id or "")
        if handler is None:
            check.add("a compensation boundary event needs an association to its handler", event)
        elif not (isinstance(handler, Activity) and handler.is_for_compensation):
            check.add(
                f"compensation handler '{handler.id}' must be an activity marked isForCompensation",
                event,
            )
    elif not event.outgoing:
        check.add("a boundary event must have at least one outgoing sequence flow", event)


def check_event(check: Checker, event: Event) -> None:
    kind = event.element_type
    allowed = _ALLOWED.get(kind)
    if allowed is not None and event.event_type not in allowed:
        check.add(f"{_KIND_NAMES[kind]} cannot be a {_kind(event.event_type)} event", event)
        return
    if kind is T.START_EVENT and event.incoming:
        check.add("a start event must not have incoming sequence flows", event)
    if kind is T.END_EVENT and event.outgoing:
        check.add("an end event must not have outgoing sequence flows", event)
    if kind is T.BOUNDARY_EVENT:
        _boundary(check, event)
    if isinstance(event.definition, LinkDefinition):
        if kind is T.INTERMEDIATE_CATCH_EVENT and event.incoming:
            check.add("a link catch event must not have incoming sequence flows", event)
        if kind is T.INTERMEDIATE_THROW_EVENT and event.outgoing:
            check.add("a link throw event must not have outgoing sequence flows", event)
    _definition(check, event)


def check_start_events(check: Checker, scope_id: str, scope_type: BpmnElementType) -> None:
    """The start events a scope must (or must not) have."""
    starts = check.process.start_events(scope_id)
    scope = None if scope_type is T.PROCESS else check.process.elements[scope_id]
    if scope_type is T.PROCESS:
        if not starts:
            check.add("a process needs at least one start event (none, message, timer or signal)")
        nones = [s for s in starts if s.event_type is E.UNSPECIFIED]
        for extra in nones[1:]:
            check.add("a process can have only one none start event", extra)
        for start in starts:
            if start.event_type not in _PROCESS_START:
                check.add(
                    f"a {_kind(start.event_type)} start event is only allowed in an event "
                    "subprocess",
                    start,
                )
        for start in starts:
            definition = start.definition
            name = None
            if isinstance(definition, MessageDefinition) and definition.message:
                name = definition.message.name
            elif isinstance(definition, SignalDefinition) and definition.signal:
                name = definition.signal.name
            if name is not None and name.is_feel:
                check.add(
                    "the message or signal name of a process start event must be a static value, "
                    "not an expression (it is subscribed to when the process is deployed)",
                    start,
                )
        names: dict[str, str] = {}
        for start in starts:
            if isinstance(start.definition, MessageDefinition) and start.definition.message:
                name = start.definition.message.name
                if name is not None and name.text in names:
                    check.add(
                        f"message start events '{names[name.text]}' and '{start.id}' wait for "
                        f"the same message name '{name.text}'",
                        start,
                    )
                elif name is not None:
                    names[name.text] = start.id
    elif scope_type is T.SUB_PROCESS:
        if len(starts) != 1:
            check.add(
                f"an embedded subprocess needs exactly one start event, has {len(starts)}", scope
            )
        for start in starts:
            if start.event_type is not E.UNSPECIFIED:
                check.add("the start event of an embedded subprocess must be a none event", start)
    elif scope_type is T.EVENT_SUB_PROCESS:
        if len(starts) != 1:
            check.add(
                f"an event subprocess needs exactly one start event, has {len(starts)}", scope
            )
        for start in starts:
            if start.event_type not in _EVENT_SUB_PROCESS_START:
                check.add(
                    f"an event subprocess cannot start with a {_kind(start.event_type)} event",
                    start,
                )
    elif scope_type is T.AD_HOC_SUB_PROCESS:
        assert isinstance(scope, SubProcess)
        for child in check.process.children(scope_id):
            if child.element_type in (T.START_EVENT, T.END_EVENT):
                check.add("an ad-hoc subprocess must not contain start or end events", child)


def check_links(check: Checker) -> None:
    """Every link throw needs exactly one link catch of its name in the same scope."""
    catches: dict[tuple[str, str], list[Event]] = defaultdict(list)
    throws: list[tuple[Event, str]] = []
    for event in check.process.of_type(Event):
        if isinstance(event.definition, LinkDefinition) and event.definition.name:
            key = (event.parent_id, event.definition.name)
            if event.element_type is T.INTERMEDIATE_CATCH_EVENT:
                catches[key].append(event)
            elif event.element_type is T.INTERMEDIATE_THROW_EVENT:
                throws.append((event, event.definition.name))
    for (_, name), found in catches.items():
        for duplicate in found[1:]:
            check.add(f"more than one link catch event is named '{name}' in this scope", duplicate)
    for event, name in throws:
        if (event.parent_id, name) not in catches:
            check.add(
                f"link throw event has no link catch event named '{name}' in "
                f"{check.scope_name(event.parent_id)}",
                event,
            )


def _trigger_key(event: Event | ReceiveTask) -> tuple[str, str] | None:
    """What an event catches, as (kind, name or code); None for kinds without a name."""
    if isinstance(event, ReceiveTask):
        name = event.message.name if event.message else None
        return ("message", name.text) if name is not None else None
    definition = event.definition
    if isinstance(definition, MessageDefinition) and definition.message:
        name = definition.message.name
        return ("message", name.text) if name is not None else None
    if isinstance(definition, SignalDefinition) and definition.signal:
        name = definition.signal.name
        return ("signal", name.text) if name is not None else None
    if isinstance(definition, ErrorDefinition):
        error = definition.error
        code = error.error_code.text if error and error.error_code else ""
        return ("error", code)
    if isinstance(definition, EscalationDefinition):
        escalation = definition.escalation
        code = escalation.escalation_code.text if escalation and escalation.escalation_code else ""
        return ("escalation", code)
    return None


def check_unique_triggers(
    check: Checker, owner_id: str, events: Iterable[Event | ReceiveTask]
) -> None:
    """Events waiting together (boundary events of one activity, the targets of one event-based
    gateway, the event subprocess starts of one scope) must not wait for the same trigger."""
    seen: dict[tuple[str, str], str] = {}
    for event in events:
        key = _trigger_key(event)
        if key is None:
            continue
        if key in seen:
            what = f"{key[0]} '{key[1]}'" if key[1] else f"every {key[0]} (no code)"
            check.add(f"'{seen[key]}' and '{event.id}' both wait for {what} on '{owner_id}'", event)
        else:
            seen[key] = event.id
