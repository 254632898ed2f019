"""Process instances: creation, cancellation, and the element lifecycle commands."""

from __future__ import annotations

from ...records.intents import (
    ProcessInstanceCreationIntent,
    ProcessInstanceIntent,
    ProcessInstanceModificationIntent,
)
from ..context import ProcessingContext, Processor, ProcessorTable
from .cancel import CancelProcessInstance
from .create import CreateProcessInstance
from .modify import ModifyProcessInstance


def _element_commands(ctx: ProcessingContext) -> Processor:
    return ctx.elements


PROCESSORS: ProcessorTable = {
    ProcessInstanceCreationIntent.CREATE: CreateProcessInstance,
    ProcessInstanceCreationIntent.CREATE_WITH_AWAITING_RESULT: CreateProcessInstance,
    ProcessInstanceIntent.CANCEL: CancelProcessInstance,
    ProcessInstanceModificationIntent.MODIFY: ModifyProcessInstance,
    ProcessInstanceIntent.ACTIVATE_ELEMENT: _element_commands,
    ProcessInstanceIntent.COMPLETE_ELEMENT: _element_commands,
    ProcessInstanceIntent.TERMINATE_ELEMENT: _element_commands,
    ProcessInstanceIntent.COMPLETE_EXECUTION_LISTENER: _element_commands,
}
