"""What every page handler shares: the app's context, templates, identity checks, safe form
reading (size limits, CSRF) and the error page."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path as FilePath
from typing import Annotated, Any, ParamSpec, TypeVar

from fastapi import Depends, HTTPException, Path, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from starlette.datastructures import FormData

from .auth import Identity, check_csrf, csrf_token, current_identity
from .commands import Commands
from .models import Models
from .settings import TasklistSettings

HERE = FilePath(__file__).resolve().parent
VENDOR = HERE / "static" / "vendor"
MAX_FORM_BYTES = 1_000_000  # a whole form post
MAX_FIELD_BYTES = 256_000  # one field
MAX_FIELDS = 200

P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class Tasklist:
    """The tasklist's collaborators, one per app (on `app.state.tasklist`)."""

    settings: TasklistSettings
    engine: Engine
    commands: Commands
    models: Models
    templates: Jinja2Templates
    assets: bool  # the vendored browser libraries are present

    async def db(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        return await asyncio.to_thread(fn, *args, **kwargs)


def tasklist(request: Request) -> Tasklist:
    ctx: Tasklist = request.app.state.tasklist
    return ctx


def _iso(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        # FEEL writes zoned date-times with the zone id after the offset: "...+01:00[Europe/Paris]".
        value = datetime.fromisoformat(text.split("[", 1)[0].replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def due_mark(due: str | None, hours: int) -> str:
    """ "overdue", "due-soon" or "" for a task's due date."""
    when = _iso(due)
    if when is None:
        return ""
    now = datetime.now(UTC)
    if when < now:
        return "overdue"
    return "due-soon" if when < now + timedelta(hours=hours) else ""


def when(ms: int | None) -> str:
    if ms is None or ms < 0:
        return ""
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(ms / 1000)) + " UTC"


def configure(templates: Jinja2Templates) -> None:
    env = templates.env
    env.filters["when"] = when
    env.filters["tojson_pretty"] = lambda v: json.dumps(v, indent=2, ensure_ascii=False)
    env.globals["due_mark"] = due_mark


def render(
    request: Request, name: str, context: Mapping[str, Any], status_code: int = 200
) -> HTMLResponse:
    ctx = tasklist(request)
    page = {
        "request": request,
        "user": current_identity(request),
        "csrf": csrf_token(request),
        "assets": ctx.assets,
        "oidc": ctx.settings.oidc,
        "base": request.scope.get("root_path", ""),
        **context,
    }
    return ctx.templates.TemplateResponse(request, name, page, status_code=status_code)


class LoginRequired(Exception):
    """Raised by `user()` for anonymous requests; answered with a redirect to the login page."""


def user(request: Request) -> Identity:
    who = current_identity(request)
    if who is None:
        raise LoginRequired()
    return who


def operator(request: Request) -> Identity:
    who = user(request)
    if not who.is_operator:
        raise HTTPException(403, "This needs the operator role.")
    return who


async def read_form(request: Request) -> FormData:
    """The posted form, within size limits, after the CSRF check (403 without a valid token)."""
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_FORM_BYTES):
        raise HTTPException(413, "The form is too large.")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        raise HTTPException(415, "Expected a form post.")
    try:
        form = await request.form(max_files=0, max_fields=MAX_FIELDS, max_part_size=MAX_FIELD_BYTES)
    except HTTPException:
        raise
    except Exception:  # python-multipart's parse errors: the body is not a form
        raise HTTPException(400, "The form could not be read.") from None
    token = form.get("csrf_token")
    check_csrf(request, token if isinstance(token, str) else None)
    return form


def text(form: FormData, name: str, limit: int = 1024) -> str:
    value = form.get(name, "")
    if not isinstance(value, str):
        raise HTTPException(400, f"Expected {name} to be text.")
    if len(value) > limit:
        raise HTTPException(413, f"{name} is too long.")
    return value.strip()


# Keys are signed 64-bit in the read model: larger numbers are 422, never an overflow.
Key = Annotated[int, Path(ge=0, le=2**63 - 1)]
CurrentUser = Annotated[Identity, Depends(user)]
Operator = Annotated[Identity, Depends(operator)]
