"""Events the engine core runs: none start, end and intermediate throw events (pass through),
error end events (throw to the nearest catching boundary event), and boundary events (pass
through once triggered). Timer, message and signal events belong to the events issue.
"""

from __future__ import annotations

from ...records.enums import ErrorType
from ..errors import Failure
from ..writer import RecordWriter
from .element import ElementProcessor
from .element_context import ElementContext


class NoneEvent(ElementProcessor):
    """Start, intermediate throw, end and (triggered) boundary events: pass through."""


class ErrorEndEvent(ElementProcessor):
    def on_activate(self, out: RecordWriter, ctx: ElementContext) -> None:
        code = ""
        if ctx.element.error_code is not None:
            code = self.b.expressions.evaluate_string(
                ctx.element.error_code, self.b.expressions.scope(ctx.key), out.now
            )
        if not self.b.errors.throw(out, ctx.flow_scope_key, code):
            raise Failure(
                ErrorType.UNHANDLED_ERROR_EVENT,
                f"Expected to throw an error event with the code '{code}', but it was not "
                f"caught. No error events are available in the scope.",
            )
        # Caught: the end event waits, active, until the catching scope terminates it.
        self.lifecycle.activated(out, ctx)


class Unsupported(ElementProcessor):
    """An element Baton parses but cannot run yet: an incident says so."""

    def on_activate(self, out: RecordWriter, ctx: ElementContext) -> None:
        kind = ctx.value.bpmn_element_type
        what = kind.name if kind is not None else "element"
        if ctx.element.loop is not None:
            what = f"multi-instance {what}"
        elif ctx.element.event_type.name != "UNSPECIFIED":
            what = f"{ctx.element.event_type.name} {what}"
        raise Failure(
            ErrorType.UNKNOWN,
            f"Expected to execute element '{ctx.element.id}', but {what} is not supported yet",
        )
