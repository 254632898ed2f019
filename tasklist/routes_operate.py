"""Processes (definitions, diagrams, starting one) and instances (the operator's view and
actions: cancel, set variables, retry a job, resolve an incident)."""

from __future__ import annotations

import json
import math
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from . import forms, readmodel
from ._web import CurrentUser, Key, Operator, read_form, render, tasklist, text
from .commands import CommandFailed
from .routes_tasks import _parse_variables

router = APIRouter()
STATES = ("", "ACTIVE", "COMPLETED", "TERMINATED")


@router.get("/processes")
async def processes(request: Request, who: CurrentUser) -> Response:
    ctx = tasklist(request)
    rows = await ctx.db(readmodel.definitions, ctx.engine)
    latest: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = latest.setdefault(row["bpmn_process_id"], {**row, "versions": []})
        entry["versions"].append(row)
    for entry in latest.values():
        model = await ctx.db(ctx.models.get, entry["key"])
        entry["name"] = model.name if model else entry["bpmn_process_id"]
    return render(request, "processes.html", {"processes": list(latest.values())})


async def _model(request: Request, key: int) -> Any:
    ctx = tasklist(request)
    model = await ctx.db(ctx.models.get, key)
    if model is None:
        raise HTTPException(404, f"There is no process definition {key}.")
    return model


@router.get("/processes/{key}/diagram.xml")
async def diagram(key: Key, request: Request, who: CurrentUser) -> Response:
    xml = await tasklist(request).db(readmodel.definition_xml, tasklist(request).engine, key)
    if xml is None:
        raise HTTPException(404, f"There is no process definition {key}.")
    return Response(xml, media_type="application/xml")


async def _process_page(
    request: Request, key: Key, *, status_code: int = 200, **extra: Any
) -> Response:
    ctx = tasklist(request)
    model = await _model(request, key)
    start = model.start_event()
    schema = await ctx.db(ctx.models.form_of, model, start.id) if start else None
    versions = [
        r
        for r in await ctx.db(readmodel.definitions, ctx.engine)
        if r["bpmn_process_id"] == model.process.id
    ]
    context = {
        "model": model,
        "schema": schema,
        "versions": versions,
        "problems": {},
        "message": None,
        "submitted": None,
        **extra,
    }
    return render(request, "process.html", context, status_code=status_code)


@router.get("/processes/{key}")
async def process_page(key: Key, request: Request, who: CurrentUser) -> Response:
    return await _process_page(request, key)


@router.post("/processes/{key}/start")
async def start(key: Key, request: Request, who: CurrentUser) -> Response:
    form = await read_form(request)
    ctx = tasklist(request)
    model = await _model(request, key)
    start_event = model.start_event()
    if start_event is None:
        raise HTTPException(409, "This process has no none start event to start it from.")
    schema = await ctx.db(ctx.models.form_of, model, start_event.id)
    raw = form.get("variables")
    variables = _parse_variables(raw if isinstance(raw, str) else "")
    if schema is not None:
        problems = forms.validate(schema, variables)
        if problems:
            return await _process_page(
                request,
                key,
                status_code=422,
                problems=problems,
                submitted=json.dumps(variables),
                message="Some fields need attention.",
            )
        variables = forms.submitted(schema, variables)
    definition = await ctx.db(readmodel.definition, ctx.engine, key)
    assert definition is not None
    try:
        instance_key = await ctx.commands.start(
            definition["bpmn_process_id"], definition["version"], variables
        )
    except CommandFailed as error:
        return await _process_page(request, key, status_code=error.status, message=error.message)
    base = request.scope.get("root_path", "")
    target = f"/instances/{instance_key}" if who.is_operator else f"/tasks?started={instance_key}"
    return RedirectResponse(base + target, status_code=303)


@router.get("/instances")
async def instances(request: Request, who: Operator) -> Response:
    ctx = tasklist(request)
    p = request.query_params
    state = p.get("state", "") if p.get("state", "") in STATES else ""
    page = p.get("page", "1")
    page_no = min(int(page), 100_000) if page.isdigit() and int(page) > 0 else 1
    filters: dict[str, Any] = {
        "state": state,
        "process": p.get("process", "")[:256],
        "business_key": p.get("business_key", "")[:1024],
        "incidents": p.get("incidents") == "1",
    }
    size = ctx.settings.page_size
    rows, total = await ctx.db(readmodel.instances, ctx.engine, page=page_no, size=size, **filters)
    return render(
        request,
        "instances.html",
        {
            "instances": rows,
            "total": total,
            "f": filters,
            "states": STATES,
            "page": page_no,
            "pages": max(1, math.ceil(total / size)),
        },
    )


def _instance_context(ctx: Any, key: int) -> dict[str, Any] | None:
    row = readmodel.instance(ctx.engine, key)
    if row is None:
        return None
    model = ctx.models.get(row["process_definition_key"])
    elements = readmodel.elements(ctx.engine, key)
    incidents = readmodel.open_incidents(ctx.engine, key)
    audit = readmodel.audit(ctx.engine, key)
    taken = {r["element_id"] for r in audit if r["intent"] == "SEQUENCE_FLOW_TAKEN"}
    done = {e["element_id"] for e in elements if e["state"] == "COMPLETED"}
    markers = {
        "active": sorted({e["element_id"] for e in elements if e["state"] == "ACTIVE"}),
        "completed": sorted(done | taken),
        "incident": sorted({i["element_id"] for i in incidents}),
    }
    return {
        "instance": row,
        "model": model,
        "elements": elements,
        "incidents": incidents,
        "markers": markers,
        "variables": readmodel.variables(ctx.engine, key),
        "audit": audit,
    }


@router.get("/instances/{key}")
async def instance_page(key: Key, request: Request, who: Operator) -> Response:
    ctx = tasklist(request)
    context = await ctx.db(_instance_context, ctx, key)
    if context is None:
        raise HTTPException(404, f"There is no process instance {key}.")
    context["message"] = request.query_params.get("message", "")[:300] or None
    return render(request, "instance.html", context)


def _to_instance(request: Request, key: Key, message: str = "") -> Response:
    base = request.scope.get("root_path", "")
    suffix = f"?message={message}" if message else ""
    return RedirectResponse(f"{base}/instances/{key}{suffix}", status_code=303)


async def _instance_or_404(request: Request, key: int) -> dict[str, Any]:
    ctx = tasklist(request)
    row = await ctx.db(readmodel.instance, ctx.engine, key)
    if row is None:
        raise HTTPException(404, f"There is no process instance {key}.")
    return row


@router.post("/instances/{key}/cancel")
async def cancel(key: Key, request: Request, who: Operator) -> Response:
    await read_form(request)
    await _instance_or_404(request, key)
    try:
        await tasklist(request).commands.cancel(key)
    except CommandFailed as error:
        return _to_instance(request, key, error.message[:200])
    return _to_instance(request, key, "Cancelled.")


@router.post("/instances/{key}/variables")
async def set_variables(key: Key, request: Request, who: Operator) -> Response:
    form = await read_form(request)
    await _instance_or_404(request, key)
    raw = form.get("variables")
    variables = _parse_variables(raw if isinstance(raw, str) else "")
    try:
        await tasklist(request).commands.set_variables(key, variables)
    except CommandFailed as error:
        return _to_instance(request, key, error.message[:200])
    return _to_instance(request, key, "Variables set.")


@router.post("/instances/{key}/incidents/{incident_key}/resolve")
async def resolve(key: Key, incident_key: Key, request: Request, who: Operator) -> Response:
    form = await read_form(request)
    ctx = tasklist(request)
    found = await ctx.db(readmodel.incident, ctx.engine, incident_key)
    if found is None or found["process_instance_key"] != key:
        raise HTTPException(404, f"There is no incident {incident_key} on instance {key}.")
    retries_text = text(form, "retries", 8)
    try:
        if found["job_key"] is not None and retries_text:
            if not retries_text.isdigit() or not 1 <= int(retries_text) <= 1000:
                raise HTTPException(400, "Retries must be a number from 1 to 1000.")
            await ctx.commands.retry_job(found["job_key"], int(retries_text))
        await ctx.commands.resolve_incident(incident_key)
    except CommandFailed as error:
        return _to_instance(request, key, error.message[:200])
    return _to_instance(request, key, "Incident resolved.")
