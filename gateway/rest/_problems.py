"""RFC 7807 problems: every refusal of the REST API is `application/problem+json`.

    {"type": "about:blank", "title": "NOT_FOUND", "status": 404,
     "detail": "Expected to ...", "instance": "/v2/jobs/123/completion"}

`title` and `status` come from the one table in `gateway.errors` (`WIRE`), so REST and gRPC
never disagree about a refusal. FastAPI's own refusals are rewritten here too: a body that
fails validation (FastAPI's default is a 422 with its own shape) is a 400 naming the field,
an unknown path a 404, a wrong method a 405. Anything unexpected is a 500 problem, logged;
the property tests assert none happens.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ..errors import WIRE, ErrorKind, GatewayError

_log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"


def problem(status: int, title: str, detail: str, instance: str) -> JSONResponse:
    body = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance,
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def gateway_problem(error: GatewayError, instance: str) -> JSONResponse:
    wire = error.wire
    return problem(wire.http_status, wire.title, error.message, instance)


def _field(loc: tuple[Any, ...]) -> str:
    # ("body", "variables", "a") -> "variables.a"; ("path", "jobKey") -> "jobKey"
    parts = [str(p) for p in loc[1:]] if loc and loc[0] in ("body", "path", "query") else []
    return ".".join(parts) or "body"


def validation_detail(error: RequestValidationError) -> str:
    """One sentence per failed field, naming it ("Expected 'retries' ...")."""
    sentences = []
    for item in error.errors()[:10]:
        kind = item.get("type", "")
        field = _field(tuple(item.get("loc", ())))
        message = str(item.get("msg", "is not valid"))
        if kind == "json_invalid":
            context = item.get("ctx") or {}
            sentences.append(
                f"Expected the request body to be JSON, but it is not: "
                f"{context.get('error', message)}"
            )
        elif kind == "missing":
            sentences.append(f"Expected '{field}' to be set, but it is missing")
        elif kind == "extra_forbidden":
            sentences.append(f"Expected no field '{field}', but it was given")
        else:
            sentences.append(f"Expected '{field}' to be valid, but: {message}")
    return "; ".join(sentences) or "Expected a valid request"


async def _on_gateway_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, GatewayError)
    return gateway_problem(error, request.url.path)


async def _on_validation(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    return problem(400, "INVALID_ARGUMENT", validation_detail(error), request.url.path)


async def _on_http(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    titles = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 413: "PAYLOAD_TOO_LARGE"}
    title = titles.get(error.status_code, "INVALID_ARGUMENT")
    detail = error.detail if isinstance(error.detail, str) else str(error.detail)
    if error.status_code == 404 and detail == "Not Found":
        detail = f"Expected a REST v2 endpoint at '{request.url.path}', but there is none"
    elif error.status_code == 405:
        detail = f"Expected another method for '{request.url.path}', but got {request.method}"
    return problem(error.status_code, title, detail, request.url.path)


async def _on_recursion(request: Request, error: Exception) -> JSONResponse:
    return problem(
        400,
        "INVALID_ARGUMENT",
        "Expected the request body to be JSON, but it is too deeply nested",
        request.url.path,
    )


async def _on_bug(request: Request, error: Exception) -> JSONResponse:
    _log.exception("REST %s %s failed", request.method, request.url.path)
    wire = WIRE[ErrorKind.INTERNAL]
    return problem(
        wire.http_status,
        wire.title,
        f"Expected to handle {request.method} {request.url.path}, but the gateway failed: "
        f"{type(error).__name__}",
        request.url.path,
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(GatewayError, _on_gateway_error)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(HTTPException, _on_http)
    app.add_exception_handler(RecursionError, _on_recursion)
    app.add_exception_handler(Exception, _on_bug)


# What the OpenAPI document says every operation may answer with.
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {
        "description": description,
        "content": {
            PROBLEM_JSON: {
                "schema": {
                    "type": "object",
                    "properties": {
                        "type": {"type": "string"},
                        "title": {"type": "string"},
                        "status": {"type": "integer"},
                        "detail": {"type": "string"},
                        "instance": {"type": "string"},
                    },
                }
            }
        },
    }
    for status, description in (
        (400, "The request is invalid (the detail names the field)"),
        (404, "No such entity"),
        (409, "The entity is not in a state that allows this"),
        (500, "The gateway failed"),
        (501, "The engine does not support this command yet"),
        (503, "Backpressure or a partition unavailable: retry later"),
    )
}
