"""Camunda user task commands."""

from __future__ import annotations

from ...records.intents import UserTaskIntent
from ..context import ProcessorTable
from .assign import AssignUserTask, ClaimUserTask
from .complete import CompleteUserTask
from .update import UpdateUserTask

PROCESSORS: ProcessorTable = {
    UserTaskIntent.ASSIGN: AssignUserTask,
    UserTaskIntent.CLAIM: ClaimUserTask,
    UserTaskIntent.UPDATE: UpdateUserTask,
    UserTaskIntent.COMPLETE: CompleteUserTask,
}
