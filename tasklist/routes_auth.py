"""Log in (configured users, or OpenID Connect), log out."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from ._web import read_form, render, tasklist, text
from .auth import Identity, check_password, current_identity, log_in

router = APIRouter()
_log = logging.getLogger("baton.tasklist")


def _safe_next(target: str, base: str) -> str:
    """Only a path on this site (never `//host` or `https://...`) after logging in."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith(base + "/") or "\\" in target:
        return base + "/tasks"
    return target


@router.get("/login")
async def login_page(request: Request, next: str = "") -> Response:
    return render(request, "login.html", {"next": next[:512], "error": None})


@router.post("/login")
async def login(request: Request) -> Response:
    form = await read_form(request)
    name = text(form, "username", 256)
    password = text(form, "password", 1024)
    base = request.scope.get("root_path", "")
    target = _safe_next(text(form, "next", 512), base)
    who = check_password(tasklist(request).settings, name, password)
    if who is None:
        _log.info("tasklist: failed login for %r", name[:64])
        return render(
            request,
            "login.html",
            {"next": target, "error": "Unknown user name or wrong password."},
            status_code=401,
        )
    log_in(request, who)
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
async def logout(request: Request) -> Response:
    await read_form(request)
    request.session.clear()
    return RedirectResponse(request.scope.get("root_path", "") + "/login", status_code=303)


def _oauth(request: Request) -> Any:
    client = getattr(request.app.state, "oidc_client", None)
    if client is None:
        raise HTTPException(404, "Single sign-on is not configured.")
    return client


@router.get("/login/oidc")
async def oidc_start(request: Request) -> Response:
    client = _oauth(request)
    redirect_uri = str(request.url_for("oidc_callback"))
    response: Response = await client.authorize_redirect(request, redirect_uri)
    return response


@router.get("/login/oidc/callback", name="oidc_callback")
async def oidc_callback(request: Request) -> Response:
    client = _oauth(request)
    settings = tasklist(request).settings
    assert settings.oidc is not None
    try:
        token = await client.authorize_access_token(request)
    except Exception as error:  # Authlib raises its own tree and httpx's: all mean "refused"
        _log.info("tasklist: OpenID Connect login refused: %s", error)
        raise HTTPException(401, "The identity provider did not confirm the login.") from None
    claims = dict(token.get("userinfo") or {})
    name = claims.get(settings.oidc.username_claim) or claims.get("sub")
    if not isinstance(name, str) or not name:
        raise HTTPException(401, "The identity provider sent no user name.")
    raw_groups = claims.get(settings.oidc.groups_claim) or []
    groups = (
        tuple(g for g in raw_groups if isinstance(g, str)) if isinstance(raw_groups, list) else ()
    )
    log_in(request, Identity(name, groups, settings.roles_of(groups)))
    return RedirectResponse(request.scope.get("root_path", "") + "/tasks", status_code=303)


@router.get("/me")
async def me(request: Request) -> dict[str, Any]:
    who = current_identity(request)
    if who is None:
        raise HTTPException(401, "Not logged in.")
    return {"name": who.name, "groups": list(who.groups), "roles": list(who.roles)}
