"""`create_tasklist(settings, broker_client, read_model_url)`: the tasklist as a FastAPI app,
mounted by the node's HTTP server under `/tasklist`.

    app.mount("/tasklist", create_tasklist(settings, node.client(), "sqlite:///data/rm.db"))

Pages read the SQL read model; every change is a command through `BrokerClient`, as the
public APIs send them. Sessions are signed cookies; each form carries a CSRF token. The
browser libraries (bpmn-js, form-js, htmx) are served from `static/vendor/`, built by
`tasklist/assets/build.py`; without them the pages still work, minus diagrams and rendered
forms, and a log line says how to build them.
"""

from __future__ import annotations

import logging
import os
import tomllib
import warnings
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from broker.client import BrokerClient
from broker.exporters.sql import create_read_model_engine, migrate

from . import routes_auth, routes_modeler, routes_operate, routes_tasks
from ._web import HERE, MAX_FORM_BYTES, VENDOR, LoginRequired, Tasklist, configure, render
from .commands import Commands
from .models import Models
from .settings import TasklistSettings

_log = logging.getLogger("baton.tasklist")

_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        b"script-src 'self'; frame-ancestors 'none'; form-action 'self'",
    ),
]


class _Guard:
    """Refuses bodies over the limit (also when streamed without a length) and adds the
    security headers to every response."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise HTTPException(413, "The request is too large.")
            return message

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + _HEADERS
            await send(message)

        await self.app(scope, limited, with_headers)


def _oidc_client(settings: TasklistSettings) -> Any:
    if settings.oidc is None:
        return None
    # Imported only with OIDC configured. Authlib 1.9 warns on import that its httpx
    # integration moves to httpx2 in Authlib 2: nothing for an operator to act on, and the
    # warning would break `baton run`'s one-JSON-object-per-line log format. Authlib installs
    # an "always" filter for its warnings when `authlib.deprecate` is first imported, so ours
    # goes in after that import, in front of it.
    with warnings.catch_warnings():
        from authlib.deprecate import AuthlibDeprecationWarning  # type: ignore[import-untyped]

        warnings.simplefilter("ignore", AuthlibDeprecationWarning)
        from authlib.integrations.starlette_client import (  # type: ignore[import-untyped]
            OAuth,
        )

    oauth = OAuth()
    oidc = settings.oidc
    return oauth.register(
        "baton",
        client_id=oidc.client_id,
        client_secret=oidc.client_secret,
        server_metadata_url=oidc.issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": oidc.scope},
    )


def assets_present() -> bool:
    return (VENDOR / "htmx.min.js").is_file() and (VENDOR / "bpmn-viewer.js").is_file()


def create_tasklist(
    settings: TasklistSettings, broker_client: BrokerClient, read_model_url: str
) -> FastAPI:
    engine = create_read_model_engine(read_model_url)
    migrate(engine)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    configure(templates)
    assets = assets_present()
    if not assets:
        _log.warning(
            "tasklist: browser assets missing in %s (diagrams, forms and the modeler need "
            "them); build them with: python tasklist/assets/build.py",
            VENDOR,
        )
    app = FastAPI(title="Baton tasklist", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.tasklist = Tasklist(
        settings, engine, Commands(broker_client, engine), Models(engine), templates, assets
    )
    app.state.oidc_client = _oidc_client(settings)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie="baton_tasklist",
        max_age=settings.session_max_age_s,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.add_middleware(_Guard, limit=MAX_FORM_BYTES)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    for module in (routes_auth, routes_tasks, routes_operate, routes_modeler):
        app.include_router(module.router)

    @app.get("/")
    async def home(request: Request) -> Response:
        return RedirectResponse(request.scope.get("root_path", "") + "/tasks", status_code=303)

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _: Exception) -> Response:
        base = request.scope.get("root_path", "")
        if request.method != "GET" or request.headers.get("hx-request"):
            return Response("Log in first.", status_code=401)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        from urllib.parse import quote

        return RedirectResponse(f"{base}/login?next={quote(target)}", status_code=303)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        if "json" in request.headers.get("accept", "") and "html" not in request.headers.get(
            "accept", ""
        ):
            from fastapi.responses import JSONResponse

            return JSONResponse({"detail": error.detail}, status_code=error.status_code)
        return render(
            request,
            "error.html",
            {"status": error.status_code, "detail": error.detail},
            status_code=error.status_code,
        )

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, _: Exception) -> Response:
        return render(
            request,
            "error.html",
            {"status": 400, "detail": "The request is not valid."},
            status_code=400,
        )

    return app


def dispose_tasklist(app: FastAPI) -> None:
    """Closes the read model's connections of an app from `create_tasklist` (at shutdown)."""
    ctx: Tasklist = app.state.tasklist
    ctx.engine.dispose()


CONFIG_ENV = "BATON_TASKLIST_CONFIG"


def load_settings(path: str | os.PathLike[str] | None = None) -> TasklistSettings:
    """The `[tasklist]` table of the TOML file at `path` (default: `$BATON_TASKLIST_CONFIG`);
    no file means no users (nobody can log in until one is configured)."""
    path = path or os.environ.get(CONFIG_ENV)
    if not path:
        _log.warning(
            "tasklist: no users configured (set %s to a TOML file with a [tasklist] table; "
            "see docs/tasklist.md)",
            CONFIG_ENV,
        )
        return TasklistSettings()
    with open(path, "rb") as file:
        raw = tomllib.load(file)
    return TasklistSettings.from_mapping(raw.get("tasklist", {}))


def install_tasklist(
    app: FastAPI,
    broker_client: BrokerClient,
    *,
    data_dir: str | os.PathLike[str],
    read_model_url: str | None = None,
    settings: TasklistSettings | None = None,
) -> FastAPI:
    """Mounts the tasklist on the node's app under `/tasklist`, with `/` redirecting there.
    The read model defaults to `<data_dir>/read-model.db` (SQLite), where the node's SQL
    exporter writes."""
    url = read_model_url or f"sqlite:///{Path(data_dir).resolve() / 'read-model.db'}"
    sub = create_tasklist(settings or load_settings(), broker_client, url)
    app.mount("/tasklist", sub)

    @app.get("/", include_in_schema=False)
    async def to_tasklist() -> Response:
        return RedirectResponse("/tasklist/", status_code=307)

    return sub
