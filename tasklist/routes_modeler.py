"""The modeler page: draw or open a process, validate it against Baton's rules, deploy it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, Response

import bpmn

from ._web import MAX_FORM_BYTES, CurrentUser, Operator, render, tasklist
from .auth import check_csrf
from .commands import CommandFailed

router = APIRouter()
MAX_XML_BYTES = MAX_FORM_BYTES


@router.get("/modeler")
async def modeler(request: Request, who: CurrentUser) -> Response:
    definition = request.query_params.get("definition", "")
    return render(
        request,
        "modeler.html",
        {"definition": definition if definition.isdigit() else "", "can_deploy": who.is_operator},
    )


async def _xml(request: Request) -> str:
    check_csrf(request, None)  # the header: these are fetch() calls
    length = request.headers.get("content-length", "")
    if not length.isdigit() or int(length) > MAX_XML_BYTES:
        raise HTTPException(413, "The diagram is too large (or its size is unknown).")
    body = await request.body()
    if len(body) > MAX_XML_BYTES:
        raise HTTPException(413, "The diagram is too large.")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(400, "The diagram is not UTF-8 text.") from None


def _problems(xml: str) -> list[dict[str, Any]]:
    try:
        bpmn.parse(xml)
    except bpmn.BpmnError as error:
        return [
            {"element_id": p.element_id, "line": p.line, "message": p.message}
            for p in error.problems
        ]
    return []


@router.post("/modeler/validate")
async def validate(request: Request, who: CurrentUser) -> Response:
    xml = await _xml(request)
    problems = await tasklist(request).db(_problems, xml)
    return JSONResponse({"valid": not problems, "problems": problems})


@router.post("/modeler/deploy")
async def deploy(request: Request, who: Operator) -> Response:
    xml = await _xml(request)
    ctx = tasklist(request)
    problems = await ctx.db(_problems, xml)
    if problems:
        return JSONResponse({"deployed": [], "problems": problems}, status_code=422)
    name = request.query_params.get("name", "diagram.bpmn")[:200] or "diagram.bpmn"
    if not name.endswith(".bpmn"):
        name += ".bpmn"
    try:
        deployed = await ctx.commands.deploy(name, xml)
    except CommandFailed as error:
        return JSONResponse(
            {
                "deployed": [],
                "problems": [{"element_id": None, "line": None, "message": error.message}],
            },
            status_code=error.status if error.status != 409 else 422,
        )
    return JSONResponse({"deployed": deployed, "problems": []})
