"""Activating an element somewhere inside a running (or just started) process instance, as
start instructions and modifications do: enclosing subprocesses that have no active instance
yet are activated without their start events (Zeebe's rule), then the element itself."""

from __future__ import annotations

import msgspec

from ...records.intents import ProcessInstanceIntent
from ...records.values import ProcessInstanceRecordValue
from ..context import ProcessingContext
from ..deployment.executable import ExecutableProcess
from ..writer import RecordWriter


def activate_inside(
    ctx: ProcessingContext,
    out: RecordWriter,
    executable: ExecutableProcess,
    root: ProcessInstanceRecordValue,
    scopes: dict[str, int],
    element_id: str,
) -> int:
    """Activate `element_id`, creating missing enclosing scopes; `scopes` maps element ids
    of scopes to the instance to use (the process id to the root) and learns the new ones.
    Returns the key of the flow scope instance the element is activated in."""
    chain, scope_id = [], executable.element(element_id).flow_scope_id
    while scope_id is not None and scope_id not in scopes:
        chain.append(scope_id)
        scope_id = executable.element(scope_id).flow_scope_id
    for ancestor_id in reversed(chain):
        parent = executable.element(ancestor_id).flow_scope_id
        assert parent is not None
        key = ctx.keys.next_key()
        ancestor = msgspec.structs.replace(
            root,
            element_id=ancestor_id,
            flow_scope_key=scopes[parent],
            bpmn_element_type=executable.element(ancestor_id).element_type,
        )
        out.event(key, ProcessInstanceIntent.ELEMENT_ACTIVATING, ancestor)
        out.event(key, ProcessInstanceIntent.ELEMENT_ACTIVATED, ancestor)
        scopes[ancestor_id] = key
    element = executable.element(element_id)
    assert element.flow_scope_id is not None
    scope = ctx.state.element_instances.get(scopes[element.flow_scope_id])
    assert scope is not None
    ctx.lifecycle.activate(out, scope, element_id, element.element_type)
    return scope.key
