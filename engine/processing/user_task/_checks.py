"""Preconditions shared by the user task commands."""

from __future__ import annotations

from ...records.enums import RejectionType
from ...records.intents import UserTaskIntent
from ...records.values import UserTaskRecordValue
from ...state.user_tasks import UserTasksView
from ..errors import Rejection


def created_task(tasks: UserTasksView, key: int, verb: str) -> UserTaskRecordValue:
    """The user task, if it exists and no other transition is under way."""
    stored = tasks.get(key)
    if stored is None:
        raise Rejection(
            RejectionType.NOT_FOUND,
            f"Expected to {verb} user task with key '{key}', but no such user task was found",
        )
    if stored.state is not UserTaskIntent.CREATED:
        raise Rejection(
            RejectionType.INVALID_STATE,
            f"Expected to {verb} user task with key '{key}', but it is in state "
            f"'{stored.state.name}'",
        )
    return stored.task
