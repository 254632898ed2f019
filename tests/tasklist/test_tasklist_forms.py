"""Server-side form-js validation and the tasklist's settings, without a node."""

from __future__ import annotations

from typing import Any

import pytest

from tasklist import SettingsError, TasklistSettings, hash_password
from tasklist.auth import check_password
from tasklist.forms import submitted, validate

SCHEMA: dict[str, Any] = {
    "components": [
        {"type": "text", "text": "Intro"},
        {
            "type": "textfield",
            "key": "name",
            "label": "Name",
            "validate": {"required": True, "minLength": 2},
        },
        {"type": "number", "key": "age", "label": "Age", "validate": {"min": 18, "max": 120}},
        {"type": "textfield", "key": "mail", "validate": {"validationType": "email"}},
        {"type": "checkbox", "key": "agree", "label": "Agree", "validate": {"required": True}},
        {"type": "checklist", "key": "tags", "values": [{"value": "a"}, {"value": "b"}]},
        {"type": "select", "key": "kind", "valuesKey": "kinds"},
        {"type": "textfield", "key": "code", "validate": {"pattern": "[a-z]{2}[0-9]+"}},
        {
            "type": "group",
            "components": [
                {
                    "type": "textfield",
                    "key": "address.city",
                    "label": "City",
                    "validate": {"required": True},
                },
            ],
        },
        {"type": "textfield", "key": "locked", "disabled": True, "validate": {"required": True}},
        "not a component",
    ]
}
GOOD = {"name": "Ada", "age": 36, "agree": True, "address": {"city": "London"}}


def test_good_data_passes_and_only_declared_keys_are_kept() -> None:
    assert validate(SCHEMA, GOOD) == {}
    kept = submitted(SCHEMA, {**GOOD, "tags": ["a"], "kind": "x", "admin": True, "locked": 1})
    assert kept == {**GOOD, "tags": ["a"], "kind": "x"}


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"name": ""}, "name", "Name is required."),
        ({"name": "A"}, "name", "Name must have at least 2 characters."),
        ({"name": 5}, "name", "Name has the wrong type of value."),
        ({"age": 17}, "age", "Age must be at least 18."),
        ({"age": 121.5}, "age", "Age must be at most 120."),
        ({"age": True}, "age", "Age has the wrong type of value."),
        ({"age": "1e999"}, "age", "Age must be a number."),
        ({"age": "twelve"}, "age", "Age must be a number."),
        ({"mail": "nope"}, "mail", "mail must be an email address."),
        ({"agree": False}, "agree", "Agree is required."),
        ({"tags": ["c"]}, "tags", "tags must be one of the offered options."),
        ({"tags": "a"}, "tags", "tags has the wrong type of value."),
        ({"address": {"city": ""}}, "address.city", "City is required."),
        ({"address": "London"}, "address.city", "City is required."),
    ],
)
def test_each_rule(change: dict[str, Any], field: str, message: str) -> None:
    assert validate(SCHEMA, {**GOOD, **change}) == {field: message}


def test_pattern_is_anchored_and_bounded() -> None:
    assert validate(SCHEMA, {**GOOD, "code": "ab12"}) == {}
    assert "code" in validate(SCHEMA, {**GOOD, "code": "ab12x"})
    assert "code" in validate(SCHEMA, {**GOOD, "code": "xab12"})
    huge = {"components": [{"type": "textfield", "key": "x", "validate": {"pattern": "a" * 600}}]}
    assert validate(huge, {"x": "b"}) == {}  # too long to check here: the browser checks it
    broken = {"components": [{"type": "textfield", "key": "x", "validate": {"pattern": "("}}]}
    assert validate(broken, {"x": "b"}) == {}


@pytest.mark.parametrize("pattern", ["(a+)+$", "(a*)*b", "(a|aa)+c", "(\\d{1,3})+x", "(x+y?)*z"])
def test_backtracking_patterns_are_not_run_on_the_server(pattern: str) -> None:
    form = {"components": [{"type": "textfield", "key": "x", "validate": {"pattern": pattern}}]}
    assert validate(form, {"x": "a" * 5000 + "!"}) == {}  # returns at once: left to the browser


def test_settings_from_a_toml_table() -> None:
    hashed = hash_password("pw")
    settings = TasklistSettings.from_mapping(
        {
            "secret_key": "k" * 32,
            "users": {
                "ada": {"password_hash": hashed, "groups": ["officers"], "roles": ["admin"]},
                "bo": {"password_hash": hashed, "groups": ["ops"]},
            },
            "role_groups": {"operator": ["ops"]},
            "oidc": {"issuer": "https://id.example", "client_id": "c", "client_secret": "s"},
        }
    )
    ada = check_password(settings, "ada", "pw")
    bo = check_password(settings, "bo", "pw")
    assert ada is not None and ada.is_admin and ada.is_operator
    assert bo is not None and bo.roles == ("operator",) and not bo.is_admin
    assert check_password(settings, "bo", "wrong") is None
    assert check_password(settings, "nobody", "pw") is None
    assert settings.oidc is not None and settings.oidc.groups_claim == "groups"


@pytest.mark.parametrize(
    "raw, field",
    [
        ({"users": {"a": {"password_hash": "plain"}}}, "password_hash"),
        ({"users": {"a": {"password_hash": "$argon2id$x", "groups": "g"}}}, "groups"),
        ({"users": {"a": {"password_hash": "$argon2id$x", "roles": ["god"]}}}, "roles"),
        ({"users": ["a"]}, "users"),
        ({"role_groups": {"god": ["x"]}}, "role_groups"),
        ({"oidc": {"issuer": "x"}}, "oidc"),
    ],
)
def test_bad_settings_name_the_field(raw: dict[str, Any], field: str) -> None:
    with pytest.raises(SettingsError, match=field):
        TasklistSettings.from_mapping(raw)


def test_hash_password_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    from argon2 import PasswordHasher

    from tasklist.__main__ import main

    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret\n"))
    assert main(["hash-password"]) == 0
    assert PasswordHasher().verify(capsys.readouterr().out.strip(), "s3cret")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["hash-password"]) == 1
    assert "Expected a password" in capsys.readouterr().err


def test_due_marks() -> None:
    from datetime import UTC, datetime, timedelta

    from tasklist._web import due_mark

    def at(delta: timedelta, suffix: str = "Z") -> str:
        return (datetime.now(UTC) + delta).strftime("%Y-%m-%dT%H:%M:%S") + suffix

    assert due_mark(at(timedelta(hours=-1)), 24) == "overdue"
    assert due_mark(at(timedelta(hours=3)), 24) == "due-soon"
    assert due_mark(at(timedelta(days=3)), 24) == ""
    assert due_mark(at(timedelta(hours=-1), "+00:00[UTC]"), 24) == "overdue"
    assert due_mark(at(timedelta(hours=-1), ""), 24) == "overdue"  # local: taken as UTC
    assert due_mark("next tuesday", 24) == "" and due_mark(None, 24) == ""
