"""The tasklist's configuration: users and groups, roles, sessions, OpenID Connect.

    settings = TasklistSettings.from_mapping(toml["tasklist"])

Users from configuration carry an argon2 password hash (never a password). A role is granted
to a user directly (`roles`) or to any member of a group (`role_groups`); the same group
mapping gives roles to users who log in through OpenID Connect. Roles:

- `admin`: sees and acts on every task, assigns tasks to others;
- `operator`: instance actions (cancel, set variables, retries, incidents) and deploying.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

ROLES = ("admin", "operator")


class SettingsError(ValueError):
    """The tasklist section of the configuration is not usable; the message names the field."""


@dataclass(frozen=True, slots=True)
class User:
    name: str
    password_hash: str
    groups: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OidcSettings:
    """An OpenID Connect provider: `issuer` (its discovery document is read from
    `<issuer>/.well-known/openid-configuration`), the client's id and secret, and the
    claims that carry the user's name and groups."""

    issuer: str
    client_id: str
    client_secret: str
    scope: str = "openid profile email"
    username_claim: str = "preferred_username"
    groups_claim: str = "groups"
    label: str = "Log in with single sign-on"


@dataclass(frozen=True, slots=True)
class TasklistSettings:
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    users: Mapping[str, User] = field(default_factory=dict)
    role_groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    oidc: OidcSettings | None = None
    session_max_age_s: int = 8 * 3600
    secure_cookies: bool = False  # set behind HTTPS
    page_size: int = 25
    refresh_s: int = 10
    due_soon_hours: int = 24

    def roles_of(self, groups: tuple[str, ...], direct: tuple[str, ...] = ()) -> tuple[str, ...]:
        granted = set(direct)
        for role, members in self.role_groups.items():
            if set(members) & set(groups):
                granted.add(role)
        return tuple(sorted(granted))

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> TasklistSettings:
        """Reads the `[tasklist]` table of a TOML configuration."""
        users: dict[str, User] = {}
        for name, entry in _table(raw, "users").items():
            entry = _table({name: entry}, name, where="tasklist.users")
            hashed = entry.get("password_hash")
            if not isinstance(hashed, str) or not hashed.startswith("$argon2"):
                raise SettingsError(
                    f"Expected tasklist.users.{name}.password_hash to be an argon2 hash, "
                    f"but got {type(hashed).__name__}"
                )
            groups = _strings(entry, "groups", f"tasklist.users.{name}")
            roles = _strings(entry, "roles", f"tasklist.users.{name}")
            unknown = set(roles) - set(ROLES)
            if unknown:
                raise SettingsError(
                    f"Expected tasklist.users.{name}.roles among {ROLES}, but got {sorted(unknown)}"
                )
            users[name] = User(name, hashed, groups, roles)
        role_groups = {
            role: _strings(_table(raw, "role_groups"), role, "tasklist.role_groups")
            for role in _table(raw, "role_groups")
        }
        unknown = set(role_groups) - set(ROLES)
        if unknown:
            raise SettingsError(f"Expected tasklist.role_groups keys among {ROLES}: {unknown}")
        oidc = None
        if "oidc" in raw:
            o = _table(raw, "oidc")
            try:
                oidc = OidcSettings(**{k: str(v) for k, v in o.items()})
            except TypeError as error:
                raise SettingsError(f"Expected tasklist.oidc fields: {error}") from None
        extra = {
            k: raw[k]
            for k in ("secret_key", "session_max_age_s", "secure_cookies", "page_size", "refresh_s")
            if k in raw
        }
        return cls(users=users, role_groups=role_groups, oidc=oidc, **extra)


def _table(raw: Mapping[str, Any], key: str, where: str = "tasklist") -> Mapping[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, Mapping):
        raise SettingsError(f"Expected {where}.{key} to be a table, but got {value!r}")
    return value


def _strings(raw: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SettingsError(f"Expected {where}.{key} to be a list of strings, but got {value!r}")
    return tuple(value)
