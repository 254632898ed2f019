"""The base of element processors: lifecycle hooks, each with the pass-through default.

Hooks are called by the dispatcher (`dispatch.py`) after it has checked the transition and
written the lifecycle event that opens the step:

- `on_activate`: after ELEMENT_ACTIVATING, the input mappings and the start execution
  listeners (or again, when an incident on the activation is resolved). Sets up what the
  element waits for, then either writes
  ELEMENT_ACTIVATED and waits, or goes on to complete at once (pass-through elements).
- `on_complete`: after ELEMENT_COMPLETING and the end execution listeners. Applies output
  mappings, then `lifecycle.completed`
  (ELEMENT_COMPLETED, outgoing flows, the flow scope told).
- `on_terminate`: after ELEMENT_TERMINATING. Cancels what the element waits for, then
  `lifecycle.terminated` (or, for containers, terminates the children first).
- `on_child_completed`, `on_child_terminated`: containers only; a child just ended.
- `on_child_activating`, `before_child_completed`: multi-instance bodies only; a child was
  just created (set its loop variables), or is about to complete (collect its output).

A hook raises `Failure` to stop the element with an incident; it must not have written the
events of a half-done step before it does (evaluate first, then write).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..writer import RecordWriter
from .behaviours import Behaviours
from .element_context import ElementContext

if TYPE_CHECKING:
    from .dispatch import Lifecycle


class ElementProcessor:
    def __init__(self, behaviours: Behaviours, lifecycle: Lifecycle) -> None:
        self.b = behaviours
        self.lifecycle = lifecycle

    def on_activate(self, out: RecordWriter, ctx: ElementContext) -> None:
        self.lifecycle.activated(out, ctx)
        self.lifecycle.complete(out, ctx)

    def on_complete(self, out: RecordWriter, ctx: ElementContext) -> None:
        self.b.variables.apply_outputs(out, ctx)
        self.lifecycle.completed(out, ctx)

    def on_terminate(self, out: RecordWriter, ctx: ElementContext) -> None:
        self.lifecycle.terminated(out, ctx)

    def on_child_activating(
        self, out: RecordWriter, scope: ElementContext, child: ElementContext
    ) -> None:
        pass

    def before_child_completed(
        self, out: RecordWriter, scope: ElementContext, child: ElementContext
    ) -> None:
        pass

    def on_child_completed(
        self, out: RecordWriter, scope: ElementContext, child: ElementContext
    ) -> None:
        pass

    def on_child_terminated(
        self, out: RecordWriter, scope: ElementContext, child: ElementContext
    ) -> None:
        pass
