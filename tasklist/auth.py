"""Who is asking: password checks, the session's identity, CSRF tokens, and the rule of who
may see and act on a user task.

The session is a signed cookie (Starlette's `SessionMiddleware`, itsdangerous): it holds the
identity and a CSRF token, nothing else. Every state-changing request carries the token
(a hidden `csrf_token` field or the `X-CSRF-Token` header) and is refused with 403 otherwise.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import HTTPException, Request

from .settings import TasklistSettings

_hasher = PasswordHasher()
# Checked when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password of anyone")
MAX_PASSWORD_BYTES = 1024


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@dataclass(frozen=True, slots=True)
class Identity:
    name: str
    groups: tuple[str, ...]
    roles: tuple[str, ...]

    @property
    def is_admin(self) -> bool:
        return "admin" in self.roles

    @property
    def is_operator(self) -> bool:
        return "operator" in self.roles or self.is_admin

    def may_see_task(
        self, assignee: str | None, users: Iterable[str], groups: Iterable[str]
    ) -> bool:
        """The assignee, a candidate user, a member of a candidate group, or an admin."""
        if self.is_admin or (assignee is not None and assignee == self.name):
            return True
        return self.name in set(users) or bool(set(self.groups) & set(groups))


def check_password(settings: TasklistSettings, name: str, password: str) -> Identity | None:
    user = settings.users.get(name)
    if len(password.encode()) > MAX_PASSWORD_BYTES:
        return None
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None:
        return None
    return Identity(user.name, user.groups, settings.roles_of(user.groups, user.roles))


def log_in(request: Request, identity: Identity) -> None:
    request.session.clear()  # a fresh session: no fixation across logins
    request.session.update(
        {
            "user": identity.name,
            "groups": list(identity.groups),
            "roles": list(identity.roles),
            "csrf": secrets.token_urlsafe(32),
        }
    )


def current_identity(request: Request) -> Identity | None:
    session = request.session
    name = session.get("user")
    if not isinstance(name, str) or not name:
        return None
    groups = session.get("groups", [])
    roles = session.get("roles", [])
    return Identity(name, tuple(map(str, groups)), tuple(map(str, roles)))


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def check_csrf(request: Request, submitted: str | None) -> None:
    expected = request.session.get("csrf")
    given = submitted or request.headers.get("x-csrf-token") or ""
    if not isinstance(expected, str) or not hmac.compare_digest(expected, given):
        raise HTTPException(403, "The form has expired or did not come from this site.")
