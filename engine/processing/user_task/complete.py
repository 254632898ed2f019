"""USER_TASK COMPLETE: the person is done; the variables go to the element (as a job's
would), which completes."""

from __future__ import annotations

import msgspec

from ...records.intents import ProcessInstanceIntent, UserTaskIntent
from ...records.record import Record
from ...records.values import UserTaskRecordValue
from ..context import ProcessingContext
from ..writer import RecordWriter
from ._checks import created_task


class CompleteUserTask:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx

    def process(self, command: Record[UserTaskRecordValue], out: RecordWriter) -> None:
        task = created_task(self._ctx.state.user_tasks, command.key, "complete")
        element = self._ctx.lifecycle.context_of(task.element_instance_key)
        variables = command.value.variables
        completed = msgspec.structs.replace(
            task, variables=variables, action=command.value.action or "complete"
        )
        out.event(command.key, UserTaskIntent.COMPLETING, completed)
        out.respond(out.event(command.key, UserTaskIntent.COMPLETED, completed))
        if element is not None:
            self._ctx.behaviours.variables.merge_result(out, element, variables)
            out.command(element.key, ProcessInstanceIntent.COMPLETE_ELEMENT, element.value)
