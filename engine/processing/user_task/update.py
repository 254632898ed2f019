"""USER_TASK UPDATE: change the attributes listed in `changedAttributes` (candidate groups and
users, due and follow-up dates, priority)."""

from __future__ import annotations

from typing import Any

import msgspec

from ...records.enums import RejectionType
from ...records.intents import UserTaskIntent
from ...records.record import Record
from ...records.values import UserTaskRecordValue
from ..context import ProcessingContext
from ..errors import Rejection
from ..writer import RecordWriter
from ._checks import created_task

# changedAttributes name -> field of the value
_UPDATABLE = {
    "candidateGroupsList": "candidate_groups_list",
    "candidateUsersList": "candidate_users_list",
    "dueDate": "due_date",
    "followUpDate": "follow_up_date",
    "priority": "priority",
}


class UpdateUserTask:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx

    def process(self, command: Record[UserTaskRecordValue], out: RecordWriter) -> None:
        task = created_task(self._ctx.state.user_tasks, command.key, "update")
        request = command.value
        unknown = [name for name in request.changed_attributes if name not in _UPDATABLE]
        if unknown:
            raise Rejection(
                RejectionType.INVALID_ARGUMENT,
                f"Expected to update user task attributes among {sorted(_UPDATABLE)}, but got "
                f"{unknown}",
            )
        if "priority" in request.changed_attributes and not 0 <= request.priority <= 100:
            raise Rejection(
                RejectionType.INVALID_ARGUMENT,
                f"Expected a priority between 0 and 100, but got {request.priority}",
            )
        changes: dict[str, Any] = {
            _UPDATABLE[name]: getattr(request, _UPDATABLE[name])
            for name in request.changed_attributes
        }
        updated = msgspec.structs.replace(
            task,
            action=request.action or "update",
            changed_attributes=list(request.changed_attributes),
            **changes,
        )
        out.event(command.key, UserTaskIntent.UPDATING, updated)
        out.respond(out.event(command.key, UserTaskIntent.UPDATED, updated))
