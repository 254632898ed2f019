"""USER_TASK ASSIGN (an empty assignee unassigns) and CLAIM (assign to oneself, unless
someone else has the task)."""

from __future__ import annotations

import msgspec

from ...records.enums import RejectionType
from ...records.intents import UserTaskIntent
from ...records.record import Record
from ...records.values import UserTaskRecordValue
from ..context import ProcessingContext
from ..errors import Rejection
from ..writer import RecordWriter
from ._checks import created_task


class AssignUserTask:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx

    def process(self, command: Record[UserTaskRecordValue], out: RecordWriter) -> None:
        task = created_task(self._ctx.state.user_tasks, command.key, "assign")
        assigned = msgspec.structs.replace(
            task,
            assignee=command.value.assignee,
            action=command.value.action or "assign",
            changed_attributes=["assignee"],
        )
        out.event(command.key, UserTaskIntent.ASSIGNING, assigned)
        out.respond(out.event(command.key, UserTaskIntent.ASSIGNED, assigned))


class ClaimUserTask:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx

    def process(self, command: Record[UserTaskRecordValue], out: RecordWriter) -> None:
        task = created_task(self._ctx.state.user_tasks, command.key, "claim")
        claimant = command.value.assignee
        if not claimant:
            raise Rejection(
                RejectionType.INVALID_ARGUMENT,
                f"Expected to claim user task with key '{command.key}' for a user, but the "
                f"assignee is empty",
            )
        if task.assignee and task.assignee != claimant:
            raise Rejection(
                RejectionType.INVALID_STATE,
                f"Expected to claim user task with key '{command.key}', but it has already "
                f"been assigned",
            )
        claimed = msgspec.structs.replace(
            task, assignee=claimant, action="claim", changed_attributes=["assignee"]
        )
        out.event(command.key, UserTaskIntent.CLAIMING, claimed)
        out.respond(out.event(command.key, UserTaskIntent.ASSIGNED, claimed))
