"""The task list and a task's page: claim, unclaim, assign (admins), complete."""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from . import forms, readmodel
from ._web import CurrentUser, Key, Tasklist, due_mark, read_form, render, tasklist, text
from .auth import Identity
from .commands import CommandFailed
from .readmodel import FILTERS, SORTS, TaskQuery, TaskRow

router = APIRouter()
MAX_VARIABLES_BYTES = 256_000


def _query(request: Request) -> TaskQuery:
    p = request.query_params

    def arg(name: str, default: str = "") -> str:
        return p.get(name, default)[:256]

    page = arg("page", "1")
    return TaskQuery(
        filter=arg("filter", "open") if arg("filter", "open") in FILTERS else "open",
        process=arg("process"),
        task=arg("task"),
        variable_name=arg("var"),
        variable_value=arg("value"),
        sort=arg("sort", "created") if arg("sort", "created") in SORTS else "created",
        order="asc" if arg("order") == "asc" else "desc",
        page=min(int(page), 100_000) if page.isdigit() and int(page) > 0 else 1,
    )


async def _listing(request: Request, who: Identity) -> dict[str, Any]:
    ctx = tasklist(request)
    q = _query(request)
    if q.task:
        named = await ctx.db(ctx.models.names_matching, q.task)
        q = dataclasses.replace(q, named=tuple(named)) if named else q
    size = ctx.settings.page_size
    rows, total = await ctx.db(readmodel.search_tasks, ctx.engine, who, q, size)
    names = await ctx.db(_names, ctx, rows)
    pages = max(1, math.ceil(total / size))
    return {
        "q": q,
        "tasks": [(row, names[row.key]) for row in rows],
        "total": total,
        "pages": pages,
        "filters": FILTERS,
        "refresh_s": ctx.settings.refresh_s,
        "due_soon_hours": ctx.settings.due_soon_hours,
        "query_string": str(request.url.query),
    }


def _names(ctx: Tasklist, rows: list[TaskRow]) -> dict[int, tuple[str, str]]:
    out = {}
    for row in rows:
        model = ctx.models.get(row.process_definition_key)
        if model is None:
            out[row.key] = (row.bpmn_process_id, row.element_id)
        else:
            out[row.key] = (model.name, model.element_name(row.element_id))
    return out


@router.get("/tasks")
async def task_list(request: Request, who: CurrentUser) -> Response:
    context = await _listing(request, who)
    if request.headers.get("hx-request") and request.query_params.get("fragment"):
        return render(request, "_task_rows.html", context)
    return render(request, "tasks.html", context)


async def _visible_task(request: Request, who: Identity, key: int) -> TaskRow:
    ctx = tasklist(request)
    row = await ctx.db(readmodel.task, ctx.engine, key)
    if row is None:
        raise HTTPException(404, f"There is no task {key}.")
    if not who.may_see_task(row.assignee, row.candidate_users, row.candidate_groups):
        raise HTTPException(403, "This task is not assigned to you or your groups.")
    return row


def _task_context(ctx: Tasklist, row: TaskRow) -> dict[str, Any]:
    model = ctx.models.get(row.process_definition_key)
    schema = ctx.models.form_of(model, row.element_id) if model else None
    scopes = [row.process_instance_key, row.element_instance_key]
    values = readmodel.variables(ctx.engine, row.process_instance_key, scopes)
    history = [
        e
        for e in readmodel.elements(ctx.engine, row.process_instance_key)
        if e["element_type"] not in ("SEQUENCE_FLOW",)
    ]
    return {
        "task": row,
        "process_name": model.name if model else row.bpmn_process_id,
        "task_name": model.element_name(row.element_id) if model else row.element_id,
        "schema": schema,
        "variables": values,
        "history": [
            {**e, "name": model.element_name(e["element_id"]) if model else e["element_id"]}
            for e in history
        ],
        "due": due_mark(row.due_date, ctx.settings.due_soon_hours),
    }


async def _task_page(
    request: Request,
    row: TaskRow,
    *,
    status_code: int = 200,
    problems: dict[str, str] | None = None,
    submitted: str | None = None,
    message: str | None = None,
) -> Response:
    ctx = tasklist(request)
    context = await ctx.db(_task_context, ctx, row)
    context.update(problems=problems or {}, submitted=submitted, message=message)
    return render(request, "task.html", context, status_code=status_code)


@router.get("/tasks/{key}")
async def task_page(key: Key, request: Request, who: CurrentUser) -> Response:
    return await _task_page(request, await _visible_task(request, who, key))


def _back(request: Request, key: int) -> Response:
    return RedirectResponse(f"{request.scope.get('root_path', '')}/tasks/{key}", status_code=303)


@router.post("/tasks/{key}/claim")
async def claim(key: Key, request: Request, who: CurrentUser) -> Response:
    await read_form(request)
    row = await _visible_task(request, who, key)
    try:
        await tasklist(request).commands.claim(row.key, who.name)
    except CommandFailed as error:
        return await _task_page(request, row, status_code=error.status, message=error.message)
    return _back(request, key)


@router.post("/tasks/{key}/unclaim")
async def unclaim(key: Key, request: Request, who: CurrentUser) -> Response:
    await read_form(request)
    row = await _visible_task(request, who, key)
    if row.assignee != who.name and not who.is_admin:
        raise HTTPException(403, "Only the assignee (or an admin) can unassign this task.")
    try:
        await tasklist(request).commands.assign(row.key, "")
    except CommandFailed as error:
        return await _task_page(request, row, status_code=error.status, message=error.message)
    return _back(request, key)


@router.post("/tasks/{key}/assign")
async def assign(key: Key, request: Request, who: CurrentUser) -> Response:
    form = await read_form(request)
    if not who.is_admin:
        raise HTTPException(403, "Only admins can assign tasks to someone else.")
    row = await _visible_task(request, who, key)
    assignee = text(form, "assignee", 256)
    try:
        await tasklist(request).commands.assign(row.key, assignee)
    except CommandFailed as error:
        return await _task_page(request, row, status_code=error.status, message=error.message)
    return _back(request, key)


def _parse_variables(raw: str) -> dict[str, Any]:
    if len(raw.encode()) > MAX_VARIABLES_BYTES:
        raise HTTPException(413, "The submitted variables are too large.")
    try:
        value = json.loads(raw or "{}", parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise HTTPException(400, "The submitted variables are not valid JSON.") from None
    if not isinstance(value, dict):
        raise HTTPException(400, "The submitted variables must be a JSON object.")
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _edited_variables(form: Any) -> dict[str, Any]:
    """The no-form editor: fields `var:<name>` hold JSON values; `new_name`/`new_value` add one."""
    out: dict[str, Any] = {}
    pairs = [(k[4:], v) for k, v in form.multi_items() if k.startswith("var:")]
    new_name = form.get("new_name", "")
    if isinstance(new_name, str) and new_name.strip():
        pairs.append((new_name.strip(), form.get("new_value", "")))
    for name, raw in pairs:
        if not isinstance(raw, str) or not name or len(name) > 256:
            raise HTTPException(400, "A variable name or value is not valid.")
        try:
            out[name] = json.loads(raw, parse_constant=_no_constant) if raw.strip() else None
        except (ValueError, RecursionError):
            out[name] = raw  # plain text is a string value
    return out


@router.post("/tasks/{key}/complete")
async def complete(key: Key, request: Request, who: CurrentUser) -> Response:
    form = await read_form(request)
    row = await _visible_task(request, who, key)
    ctx = tasklist(request)
    if row.state != "CREATED":
        return await _task_page(request, row, status_code=409, message="This task is not open.")
    if row.assignee != who.name:
        return await _task_page(
            request, row, status_code=409, message="Assign the task to yourself first."
        )
    model = await ctx.db(ctx.models.get, row.process_definition_key)
    schema = await ctx.db(ctx.models.form_of, model, row.element_id) if model else None
    raw = form.get("variables")
    if schema is not None:
        data = _parse_variables(raw if isinstance(raw, str) else "")
        problems = forms.validate(schema, data)
        if problems:
            return await _task_page(
                request,
                row,
                status_code=422,
                problems=problems,
                submitted=json.dumps(data),
                message="Some fields need attention.",
            )
        variables = forms.submitted(schema, data)
    elif isinstance(raw, str) and raw.strip():
        variables = _parse_variables(raw)
    else:
        variables = _edited_variables(form)
    try:
        await ctx.commands.complete(row.key, variables)
    except CommandFailed as error:
        return await _task_page(request, row, status_code=error.status, message=error.message)
    return RedirectResponse(
        f"{request.scope.get('root_path', '')}/tasks?filter=open&done={row.key}", status_code=303
    )
