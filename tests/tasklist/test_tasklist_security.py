"""Login, sessions, CSRF, authorization (403 that changes nothing), hostile and oversized
input: the tasklist refuses clearly and the process stays as it was."""

from __future__ import annotations

import json

import httpx
import pytest
from sqlalchemy import select

from broker.exporters.sql import schema as s

from .conftest import PASSWORD, LoginAs, Stack, csrf_of


async def _review_task(stack: Stack) -> int:
    await stack.deploy_loan()
    await stack.client.create_instance("loan-approval", {"applicant": "Ada"})

    def created() -> bool:
        return bool(_open(stack))

    await stack.wait_for(created)
    return _open(stack)[0]


def _open(stack: Stack) -> list[int]:
    with stack.engine.connect() as c:
        return list(
            c.execute(select(s.user_tasks.c.key).where(s.user_tasks.c.state == "CREATED")).scalars()
        )


def _assignee(stack: Stack, key: int) -> str | None:
    with stack.engine.connect() as c:
        value: str | None = c.execute(
            select(s.user_tasks.c.assignee).where(s.user_tasks.c.key == key)
        ).scalar_one()
    return value


async def test_pages_need_a_login(http: httpx.AsyncClient) -> None:
    response = await http.get("/tasklist/tasks?filter=mine")
    assert response.status_code == 303
    assert response.headers["location"] == "/tasklist/login?next=/tasklist/tasks%3Ffilter%3Dmine"
    for path in ("/tasklist/instances", "/tasklist/processes", "/tasklist/tasks/1"):
        assert (await http.get(path)).status_code == 303
    assert (await http.get("/tasklist/me")).status_code == 401


async def test_wrong_password_unknown_user_and_no_csrf(http: httpx.AsyncClient) -> None:
    page = await http.get("/tasklist/login")
    assert page.status_code == 200
    token = csrf_of(page.text)
    for name, password in (("alice", "wrong"), ("nobody", PASSWORD), ("alice", "x" * 5000)):
        response = await http.post(
            "/tasklist/login", data={"username": name, "password": password, "csrf_token": token}
        )
        assert response.status_code in (401, 413)
        assert "baton_tasklist" not in response.headers.get("set-cookie", "") or (
            (await http.get("/tasklist/me")).status_code == 401
        )
    missing = await http.post("/tasklist/login", data={"username": "alice", "password": PASSWORD})
    assert missing.status_code == 403
    forged = await http.post(
        "/tasklist/login",
        data={"username": "alice", "password": PASSWORD, "csrf_token": "forged"},
    )
    assert forged.status_code == 403
    assert (await http.get("/tasklist/me")).status_code == 401


async def test_login_redirects_only_within_the_site(http: httpx.AsyncClient) -> None:
    for target, expected in (
        ("/tasklist/processes", "/tasklist/processes"),
        ("https://evil.example/", "/tasklist/tasks"),
        ("//evil.example/x", "/tasklist/tasks"),
        ("/tasklist\\..\\x", "/tasklist/tasks"),
    ):
        http.cookies.clear()
        token = csrf_of((await http.get("/tasklist/login")).text)
        response = await http.post(
            "/tasklist/login",
            data={"username": "alice", "password": PASSWORD, "csrf_token": token, "next": target},
        )
        assert response.headers["location"] == expected


async def test_session_roles_and_logout(login_as: LoginAs) -> None:
    olga = await login_as("olga")
    me = (await olga.get("/tasklist/me")).json()
    assert me == {"name": "olga", "groups": ["ops"], "roles": ["operator"]}
    token = csrf_of((await olga.get("/tasklist/tasks")).text)
    assert (await olga.post("/tasklist/logout", data={"a": "1"})).status_code == 403
    assert (await olga.post("/tasklist/logout", data={"csrf_token": token})).status_code == 303
    assert (await olga.get("/tasklist/me")).status_code == 401


async def test_tampered_cookie_is_no_session(login_as: LoginAs) -> None:
    alice = await login_as("alice")
    cookie = alice.cookies["baton_tasklist"]
    alice.cookies.set("baton_tasklist", cookie[:-4] + "AAAA")
    assert (await alice.get("/tasklist/me")).status_code == 401


async def test_others_tasks_are_403_and_nothing_changes(stack: Stack, login_as: LoginAs) -> None:
    task = await _review_task(stack)
    carol, bob = await login_as("carol"), await login_as("bob")
    for who in (carol, bob):
        page = await who.get("/tasklist/tasks?filter=open")
        assert f"/tasklist/tasks/{task}" not in page.text
        assert (await who.get(f"/tasklist/tasks/{task}")).status_code == 403
        token = csrf_of(page.text)
        for action in ("claim", "unclaim", "complete"):
            response = await who.post(
                f"/tasklist/tasks/{task}/{action}",
                data={"csrf_token": token, "variables": "{}"},
            )
            assert response.status_code == 403, action
        assign = await who.post(
            f"/tasklist/tasks/{task}/assign", data={"csrf_token": token, "assignee": "carol"}
        )
        assert assign.status_code == 403
    assert _assignee(stack, task) is None and _open(stack) == [task]


async def test_candidate_cannot_complete_unclaimed_or_steal(
    stack: Stack, login_as: LoginAs
) -> None:
    task = await _review_task(stack)
    alice, root = await login_as("alice"), await login_as("root")
    token = csrf_of((await alice.get(f"/tasklist/tasks/{task}")).text)
    data = {"applicant": "Ada", "amount": 500, "risk": "low"}
    response = await alice.post(
        f"/tasklist/tasks/{task}/complete",
        data={"csrf_token": token, "variables": json.dumps(data)},
    )
    assert response.status_code == 409
    # An admin assigns it to bob (not a candidate: admins may); alice can no longer claim it.
    root_token = csrf_of((await root.get(f"/tasklist/tasks/{task}")).text)
    assigned = await root.post(
        f"/tasklist/tasks/{task}/assign", data={"csrf_token": root_token, "assignee": "bob"}
    )
    assert assigned.status_code == 303
    assert _assignee(stack, task) == "bob"
    claim = await alice.post(f"/tasklist/tasks/{task}/claim", data={"csrf_token": token})
    assert claim.status_code == 409
    unclaim = await alice.post(f"/tasklist/tasks/{task}/unclaim", data={"csrf_token": token})
    assert unclaim.status_code == 403
    assert _assignee(stack, task) == "bob"


async def test_operator_pages_need_the_role(stack: Stack, login_as: LoginAs) -> None:
    await _review_task(stack)
    alice, olga = await login_as("alice"), await login_as("olga")
    assert (await alice.get("/tasklist/instances")).status_code == 403
    listing = await olga.get("/tasklist/instances")
    assert listing.status_code == 200 and "loan-approval" in listing.text
    with stack.engine.connect() as c:
        key = c.execute(select(s.process_instances.c.key)).scalar_one()
    token = csrf_of(listing.text)
    assert (
        await alice.post(f"/tasklist/instances/{key}/cancel", data={"csrf_token": token})
    ).status_code in (403,)
    page = await olga.get(f"/tasklist/instances/{key}")
    assert page.status_code == 200 and "Audit trail" in page.text and "USER_TASK" in page.text
    cancelled = await olga.post(f"/tasklist/instances/{key}/cancel", data={"csrf_token": token})
    assert cancelled.status_code == 303
    with stack.engine.connect() as c:
        assert c.execute(select(s.process_instances.c.state)).scalar_one() == "TERMINATED"


@pytest.mark.parametrize(
    "body, content_type, status",
    [
        (b"csrf_token=x&" + b"a=" + b"x" * 1_100_000, "application/x-www-form-urlencoded", 413),
        (b'{"csrf_token": "x"}', "application/json", 415),
        (b"--zz\r\nbroken", "multipart/form-data; boundary=zz", 403),
        (b"\xff\xfe\x00garbage", "application/x-www-form-urlencoded", 403),
    ],
)
async def test_malformed_and_oversized_posts(
    stack: Stack, login_as: LoginAs, body: bytes, content_type: str, status: int
) -> None:
    task = await _review_task(stack)
    alice = await login_as("alice")
    response = await alice.post(
        f"/tasklist/tasks/{task}/claim", content=body, headers={"content-type": content_type}
    )
    assert response.status_code in (status, 400)
    assert _assignee(stack, task) is None


async def test_hostile_form_values(stack: Stack, login_as: LoginAs) -> None:
    task = await _review_task(stack)
    alice = await login_as("alice")
    token = csrf_of((await alice.get(f"/tasklist/tasks/{task}")).text)
    await alice.post(f"/tasklist/tasks/{task}/claim", data={"csrf_token": token})
    cases = [
        ("not json", 400),
        ("[1, 2]", 400),
        ('{"amount": NaN, "applicant": "x", "risk": "low"}', 400),
        ("[" * 100_000 + "]" * 100_000, 400),  # nesting: refused, not a crash
        (
            json.dumps(
                {"applicant": "<script>alert(1)</script>", "amount": "1e999", "risk": "low"}
            ),
            422,
        ),
        (json.dumps({"applicant": "A", "amount": 500, "risk": "medium"}), 422),
        (json.dumps({"applicant": "A", "amount": True, "risk": "low"}), 422),
        (json.dumps({"applicant": "A" * 81, "amount": 500, "risk": "low"}), 422),
        (json.dumps({"applicant": "A", "amount": 500, "risk": "low", "iban": "nope"}), 422),
    ]
    for raw, status in cases:
        response = await alice.post(
            f"/tasklist/tasks/{task}/complete", data={"csrf_token": token, "variables": raw}
        )
        assert response.status_code == status, (raw[:40], response.status_code)
        assert "<script>alert(1)</script>" not in response.text
    assert _open(stack) == [task]


async def test_huge_and_odd_keys(login_as: LoginAs) -> None:
    alice = await login_as("alice")
    assert (await alice.get("/tasklist/tasks/99999999999999999999999")).status_code == 400
    assert (await alice.get("/tasklist/tasks/-1")).status_code == 400
    assert (await alice.get("/tasklist/tasks/abc")).status_code == 400
    assert (await alice.get("/tasklist/tasks/12345")).status_code == 404
    page = await alice.get("/tasklist/tasks?page=99999999999&sort=drop table&filter=<x>")
    assert page.status_code == 200 and "<x>" not in page.text
