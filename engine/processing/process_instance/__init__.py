"""Process instances: creation, cancellation, and the element lifecycle commands."""

from __future__ import annotations

from ...records.intents import ProcessInstanceCreationIntent, ProcessInstanceIntent
from ..context import ProcessingContext, Processor, ProcessorTable
from .cancel import CancelProcessInstance
from .create import CreateProcessInstance


def _element_commands(ctx: ProcessingContext) -> Processor:
    return ctx.elements


PROCESSORS: ProcessorTable = {
    ProcessInstanceCreationIntent.CREATE: CreateProcessInstance,
    ProcessInstanceIntent.CANCEL: CancelProcessInstance,
    ProcessInstanceIntent.ACTIVATE_ELEMENT: _element_commands,
    ProcessInstanceIntent.COMPLETE_ELEMENT: _element_commands,
    ProcessInstanceIntent.TERMINATE_ELEMENT: _element_commands,
}
