"""User tasks: search and get (read model), assignment, unassignment, update, completion,
form."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from broker.exporters.sql import queries
from engine.records.intents import UserTaskIntent
from engine.records.values import UserTaskRecordValue

from ..errors import ErrorKind, GatewayError, invalid_argument
from ..grpc._requests import Command
from ._context import RestContext
from ._fields import iso, key_text, path_key, variables
from ._problems import PROBLEM_RESPONSES
from ._search import PageResponse, SearchField, SearchRequest, page_response, search_query

_Action = Field(default=None, max_length=256)


class AssignmentRequest(BaseModel):
    assignee: str = Field(min_length=1, max_length=256)
    allowOverride: bool = True
    action: str | None = _Action


class UserTaskChangeset(BaseModel):
    model_config = ConfigDict(extra="forbid")
    dueDate: str | None = Field(default=None, max_length=64)
    followUpDate: str | None = Field(default=None, max_length=64)
    candidateUsers: list[str] | None = Field(default=None, max_length=1000)
    candidateGroups: list[str] | None = Field(default=None, max_length=1000)
    priority: int | None = Field(default=None, ge=0, le=100)


class UpdateRequest(BaseModel):
    changeset: UserTaskChangeset | None = None
    action: str | None = _Action


class CompletionRequest(BaseModel):
    variables: dict[str, Any] | None = None
    action: str | None = _Action


class UserTaskItem(BaseModel):
    userTaskKey: str
    state: str
    assignee: str | None
    elementId: str
    elementInstanceKey: str
    candidateGroups: list[str]
    candidateUsers: list[str]
    processDefinitionId: str
    processDefinitionKey: str
    processInstanceKey: str
    formKey: str | None
    creationDate: str | None
    completionDate: str | None
    followUpDate: str | None
    dueDate: str | None
    tenantId: str
    externalFormReference: str | None
    priority: int


class UserTaskSearchResponse(BaseModel):
    items: list[UserTaskItem]
    page: PageResponse


FIELDS = {
    "userTaskKey": SearchField("key", "key"),
    "state": SearchField("state", sortable=False),
    "assignee": SearchField("assignee", sortable=False),
    "priority": SearchField("priority", "int"),
    "elementId": SearchField("element_id", sortable=False),
    "elementInstanceKey": SearchField("element_instance_key", "key", sortable=False),
    "processInstanceKey": SearchField("process_instance_key", "key", sortable=False),
    "processDefinitionKey": SearchField("process_definition_key", "key", sortable=False),
    "processDefinitionId": SearchField("bpmn_process_id", sortable=False),
    "tenantId": SearchField("tenant_id", sortable=False),
    "candidateUser": SearchField("candidate_user", sortable=False),
    "candidateGroup": SearchField("candidate_group", sortable=False),
    "dueDate": SearchField("due_date"),
    "followUpDate": SearchField("follow_up_date"),
    "creationDate": SearchField("created_at", "date"),
    "completionDate": SearchField("completed_at", "date"),
}

# changeset field -> the engine's changedAttributes name and record field
_CHANGES = {
    "dueDate": ("dueDate", "due_date"),
    "followUpDate": ("followUpDate", "follow_up_date"),
    "candidateUsers": ("candidateUsersList", "candidate_users_list"),
    "candidateGroups": ("candidateGroupsList", "candidate_groups_list"),
    "priority": ("priority", "priority"),
}


def _item(t: queries.UserTask) -> UserTaskItem:
    return UserTaskItem(
        userTaskKey=str(t.key),
        state=t.state,
        assignee=t.assignee,
        elementId=t.element_id,
        elementInstanceKey=str(t.element_instance_key),
        candidateGroups=t.candidate_groups,
        candidateUsers=t.candidate_users,
        processDefinitionId=t.bpmn_process_id,
        processDefinitionKey=str(t.process_definition_key),
        processInstanceKey=str(t.process_instance_key),
        formKey=key_text(t.form_key),
        creationDate=iso(t.created_at),
        completionDate=iso(t.completed_at),
        followUpDate=t.follow_up_date,
        dueDate=t.due_date,
        tenantId=t.tenant_id,
        externalFormReference=t.external_form_reference,
        priority=t.priority,
    )


def router(ctx: RestContext) -> APIRouter:
    api = APIRouter(tags=["User task"], responses=PROBLEM_RESPONSES)
    limit = ctx.options.max_variables_bytes

    async def task(key: int) -> queries.UserTask:
        page = await ctx.query(
            "get a user task",
            lambda engine: queries.search_user_tasks(engine, {"key": key}, limit=1),
        )
        if not page.items:
            raise GatewayError(
                ErrorKind.NOT_FOUND,
                f"Expected to find user task with key '{key}', but none was found",
            )
        return page.items[0]

    @api.post("/user-tasks/search", response_model=UserTaskSearchResponse)
    async def search(body: SearchRequest | None = None) -> dict[str, Any]:
        query = search_query(FIELDS, body)
        page = await ctx.query(
            "search user tasks",
            lambda engine: queries.search_user_tasks(
                engine, query.filter, query.sort, query.limit, query.after
            ),
        )
        return page_response(page, _item)

    @api.get("/user-tasks/{userTaskKey}", response_model=UserTaskItem)
    async def get(userTaskKey: str) -> UserTaskItem:
        return _item(await task(path_key(userTaskKey, "userTaskKey")))

    @api.get("/user-tasks/{userTaskKey}/form", responses={204: {"description": "no form"}})
    async def form(userTaskKey: str) -> Response:
        found = await task(path_key(userTaskKey, "userTaskKey"))
        if found.form_key is None:
            return Response(status_code=204)
        raise GatewayError(
            ErrorKind.UNIMPLEMENTED,
            f"Expected to read the schema of form '{found.form_key}', but the read model keeps "
            "no form schemas yet (the tasklist issue adds them)",
        )

    @api.post("/user-tasks/{userTaskKey}/assignment", status_code=204)
    async def assign(userTaskKey: str, body: AssignmentRequest) -> Response:
        key = path_key(userTaskKey, "userTaskKey")
        # allowOverride=false must not take a task someone else has: that is CLAIM's check.
        intent = UserTaskIntent.ASSIGN if body.allowOverride else UserTaskIntent.CLAIM
        value = UserTaskRecordValue(assignee=body.assignee, action=body.action or "")
        await ctx.calls.send(Command(intent, value, key))
        return Response(status_code=204)

    @api.delete("/user-tasks/{userTaskKey}/assignee", status_code=204)
    async def unassign(userTaskKey: str) -> Response:
        key = path_key(userTaskKey, "userTaskKey")
        value = UserTaskRecordValue(assignee="", action="unassign")
        await ctx.calls.send(Command(UserTaskIntent.ASSIGN, value, key))
        return Response(status_code=204)

    @api.patch("/user-tasks/{userTaskKey}", status_code=204)
    async def update(userTaskKey: str, body: UpdateRequest) -> Response:
        key = path_key(userTaskKey, "userTaskKey")
        given = body.changeset.model_dump(exclude_unset=True) if body.changeset else {}
        if not given:
            raise invalid_argument("Expected 'changeset' to change at least one attribute")
        fields: dict[str, Any] = {}
        changed = []
        for name, value in given.items():
            attribute, field = _CHANGES[name]
            changed.append(attribute)
            fields[field] = value if value is not None else ([] if "List" in attribute else "")
        if fields.get("priority") == "":
            fields["priority"] = 50
        value = UserTaskRecordValue(changed_attributes=changed, action=body.action or "", **fields)
        await ctx.calls.send(Command(UserTaskIntent.UPDATE, value, key))
        return Response(status_code=204)

    @api.post("/user-tasks/{userTaskKey}/completion", status_code=204)
    async def complete(userTaskKey: str, body: CompletionRequest | None = None) -> Response:
        key = path_key(userTaskKey, "userTaskKey")
        body = body or CompletionRequest()
        value = UserTaskRecordValue(
            variables=variables(body.variables, "variables", limit), action=body.action or ""
        )
        await ctx.calls.send(Command(UserTaskIntent.COMPLETE, value, key))
        return Response(status_code=204)

    return api
