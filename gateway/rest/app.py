"""The REST v2 app: every resource router, problem handlers, a body size limit, and its own
OpenAPI document (`/v2/openapi.json`) and interactive docs (`/v2/docs`).

It is a sub-application served under `/v2` of the node's HTTP app (`mount_rest`, called by
`gateway.http.create_app`), so its problem handlers and its OpenAPI document cover the REST
API only, not the health probes or the tasklist beside it.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import GatewayError
from . import (
    cluster,
    definitions,
    deployments,
    events,
    incidents,
    jobs,
    process_instances,
    user_tasks,
)
from ._context import RestContext
from ._problems import gateway_problem, install_problem_handlers, problem
from .auth import Authenticator


class _BodyTooLarge(HTTPException):
    # An HTTPException so that FastAPI's body reading lets it through (it turns any other
    # exception into a 400 "error parsing the body"); the problem handler answers it.
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"Expected a request body of at most {limit} bytes, but it is larger")


class BodyLimit:
    """Refuses request bodies over `limit` bytes with a 413 problem: at once when the
    Content-Length says so, else as soon as the streamed body passes the limit. Nothing is
    buffered beyond the limit."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))  # the full path (Starlette keeps the mount prefix)
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await self._refuse(scope, receive, send, path)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _BodyTooLarge(self.limit)
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except _BodyTooLarge:
            if started:
                raise
            await self._refuse(scope, receive, send, path)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, path: str) -> None:
        response = problem(
            413,
            "PAYLOAD_TOO_LARGE",
            f"Expected a request body of at most {self.limit} bytes, but it is larger",
            path,
        )
        await response(scope, receive, send)


PREFIX = "/v2"
_OPEN = ("/openapi.json", "/docs", "/docs/oauth2-redirect")  # readable without credentials


class Authenticate:
    """Refuses requests without valid credentials (401 problem) before anything else runs,
    so a refused request reads no body and changes nothing."""

    def __init__(self, app: ASGIApp, authenticator: Authenticator) -> None:
        self.app = app
        self.authenticator = authenticator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] != "http" or path.removeprefix(PREFIX) in _OPEN:
            await self.app(scope, receive, send)
            return
        header = dict(scope.get("headers", [])).get(b"authorization")
        try:
            self.authenticator.verify(None if header is None else header.decode("latin-1"))
        except GatewayError as error:
            response = gateway_problem(error, path)
            response.headers["WWW-Authenticate"] = "Bearer"
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


class RestPrefix:
    """Sends every request under `/v2` to the REST app, the rest to the node's app.

    Why not `app.mount("/v2", ...)`: a mount matches its prefix with a regular expression
    whose `.` skips a newline, so a key such as `%0A` fell through to the outer app and got
    its plain-JSON 404 instead of a problem. A prefix test has no such gap.
    """

    def __init__(self, app: ASGIApp, rest_app: ASGIApp) -> None:
        self.app = app
        self.rest_app = rest_app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and (path == PREFIX or path.startswith(PREFIX + "/")):
            # As a mount would: the prefix moves into root_path; path stays whole.
            child = dict(scope, root_path=scope.get("root_path", "") + PREFIX)
            await self.rest_app(child, receive, send)
        else:
            await self.app(scope, receive, send)


def mount_rest(app: FastAPI, context: RestContext) -> None:
    """Serves the REST API under `/v2` of `app` (the node's HTTP app)."""
    app.add_middleware(RestPrefix, rest_app=create_rest_app(context))


def create_rest_app(context: RestContext) -> FastAPI:
    app = FastAPI(
        title="Baton REST API (Camunda 8 REST v2 compatible)",
        version="2",
        description="Paths and field names of the Camunda 8 Orchestration Cluster REST API "
        "(v2) over Baton's broker. Keys are strings; errors are RFC 7807 problems.",
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    install_problem_handlers(app)
    for module in (
        cluster,
        deployments,
        process_instances,
        jobs,
        user_tasks,
        events,
        incidents,
        definitions,
    ):
        app.include_router(module.router(context))
    app.add_middleware(BodyLimit, limit=context.options.max_body_bytes)
    if context.auth is not None and context.auth.config.enabled:
        app.add_middleware(Authenticate, authenticator=context.auth)  # outermost: first
    return app
