"""Creating and cancelling Camunda user tasks (`zeebe:userTask`)."""

from __future__ import annotations

from typing import Any

import msgspec

from ....keys import KeyGenerator
from ....records.enums import ErrorType
from ....records.intents import UserTaskIntent
from ....records.values import UserTaskRecordValue
from ....state.user_tasks import UserTasksView
from ...deployment.executable import CompiledExpression
from ...errors import Failure
from ...writer import RecordWriter
from ..element_context import ElementContext
from .expressions import Expressions, ScopeVariables

DEFAULT_PRIORITY = 50


def _text_list(value: Any, source: str) -> list[str]:
    # Candidate groups and users: a FEEL list of strings, or a static comma-separated list.
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    raise Failure(
        ErrorType.EXTRACT_VALUE_ERROR,
        f"Expected result of the expression '{source}' to be 'ARRAY' of strings, but was "
        f"'{value!r}'",
    )


class UserTaskBehaviour:
    def __init__(
        self, user_tasks: UserTasksView, keys: KeyGenerator, expressions: Expressions
    ) -> None:
        self._user_tasks = user_tasks
        self._keys = keys
        self._expressions = expressions

    def _optional(
        self, expression: CompiledExpression | None, variables: ScopeVariables, now: int
    ) -> Any:
        return (
            None if expression is None else self._expressions.evaluate(expression, variables, now)
        )

    def create(self, out: RecordWriter, ctx: ElementContext) -> None:
        """Evaluate the task's properties (all before writing), then CREATING and CREATED."""
        spec = ctx.element.user_task
        assert spec is not None
        variables = self._expressions.scope(ctx.key)
        now = out.now
        assignee = self._optional(spec.assignee, variables, now)
        groups = self._optional(spec.candidate_groups, variables, now)
        users = self._optional(spec.candidate_users, variables, now)
        due = self._optional(spec.due_date, variables, now)
        follow_up = self._optional(spec.follow_up_date, variables, now)
        priority = DEFAULT_PRIORITY
        if spec.priority is not None:
            priority = self._expressions.evaluate_int(spec.priority, variables, now)
        reference = self._optional(spec.external_form_reference, variables, now)
        value = ctx.value
        task = UserTaskRecordValue(
            bpmn_process_id=value.bpmn_process_id,
            process_definition_key=value.process_definition_key,
            process_definition_version=value.version,
            process_instance_key=value.process_instance_key,
            element_id=value.element_id,
            element_instance_key=ctx.key,
            assignee=assignee if isinstance(assignee, str) else "",
            candidate_groups_list=_text_list(groups, "candidateGroups"),
            candidate_users_list=_text_list(users, "candidateUsers"),
            creation_timestamp=now,
            due_date=due if isinstance(due, str) else "",
            follow_up_date=follow_up if isinstance(follow_up, str) else "",
            external_form_reference=reference if isinstance(reference, str) else "",
            custom_headers=dict(ctx.element.headers),
            tenant_id=value.tenant_id,
            priority=priority,
        )
        key = self._keys.next_key()
        task = msgspec.structs.replace(task, user_task_key=key)
        out.event(key, UserTaskIntent.CREATING, task)
        out.event(key, UserTaskIntent.CREATED, task)

    def cancel(self, out: RecordWriter, user_task_key: int) -> None:
        stored = self._user_tasks.get(user_task_key)
        if stored is None:
            return
        out.event(user_task_key, UserTaskIntent.CANCELING, stored.task)
        out.event(user_task_key, UserTaskIntent.CANCELED, stored.task)
