"""The loan approval through the tasklist's HTTP pages: start, claim, complete with form data,
the second group sees the next task only then, approve, and the instance completes."""

from __future__ import annotations

import json
import re

from sqlalchemy import select

from broker.exporters.sql import schema as s

from .conftest import LoginAs, Stack, csrf_of


def _task_keys(page: str) -> list[int]:
    return [int(k) for k in re.findall(r'href="/tasklist/tasks/(\d+)"', page)]


def _instance_state(stack: Stack, key: int) -> str | None:
    with stack.engine.connect() as c:
        state: str | None = c.execute(
            select(s.process_instances.c.state).where(s.process_instances.c.key == key)
        ).scalar_one_or_none()
    return state


async def test_loan_approval_two_groups(stack: Stack, login_as: LoginAs) -> None:
    await stack.deploy_loan()
    alice, bob = await login_as("alice"), await login_as("bob")
    processes = await alice.get("/tasklist/processes")
    assert processes.status_code == 200 and "Loan approval" in processes.text
    key = int(re.search(r'href="/tasklist/processes/(\d+)"', processes.text).group(1))  # type: ignore[union-attr]
    page = await alice.get(f"/tasklist/processes/{key}")
    started = await alice.post(
        f"/tasklist/processes/{key}/start",
        data={"csrf_token": csrf_of(page.text), "variables": '{"applicant": "Ada"}'},
    )
    assert started.status_code == 303
    instance_key = int(started.headers["location"].rsplit("=", 1)[1])

    await stack.wait_for(lambda: _instance_state(stack, instance_key) == "ACTIVE")
    listing = await alice.get("/tasklist/tasks?filter=available")
    (task,) = _task_keys(listing.text)
    assert "Review application" in listing.text
    assert _task_keys((await bob.get("/tasklist/tasks?filter=open")).text) == []

    detail = await alice.get(f"/tasklist/tasks/{task}")
    assert detail.status_code == 200 and "Applicant" in detail.text
    token = csrf_of(detail.text)
    claimed = await alice.post(f"/tasklist/tasks/{task}/claim", data={"csrf_token": token})
    assert claimed.status_code == 303
    assert _task_keys((await alice.get("/tasklist/tasks?filter=mine")).text) == [task]

    bad = await alice.post(
        f"/tasklist/tasks/{task}/complete",
        data={"csrf_token": token, "variables": json.dumps({"applicant": "Ada", "amount": 5})},
    )
    assert bad.status_code == 422
    assert "Amount must be at least 100" in bad.text and "Risk is required" in bad.text

    data = {"applicant": "Ada", "amount": 25000, "risk": "low", "sneaky": "dropped"}
    done = await alice.post(
        f"/tasklist/tasks/{task}/complete",
        data={"csrf_token": token, "variables": json.dumps(data)},
    )
    assert done.status_code == 303, done.text
    assert _task_keys((await alice.get("/tasklist/tasks?filter=open")).text) == []

    await stack.wait_for(lambda: bool(_task_keys_sync(stack, "Approve")), timeout=10)
    listing = await bob.get("/tasklist/tasks?filter=available")
    (approve,) = _task_keys(listing.text)
    assert "Approve loan" in listing.text
    page = await bob.get(f"/tasklist/tasks/{approve}")
    assert "Decision" in page.text and "25000" in page.text
    token = csrf_of(page.text)
    await bob.post(f"/tasklist/tasks/{approve}/claim", data={"csrf_token": token})
    done = await bob.post(
        f"/tasklist/tasks/{approve}/complete",
        data={"csrf_token": token, "variables": json.dumps({"decision": "approved"})},
    )
    assert done.status_code == 303, done.text
    await stack.wait_for(lambda: _instance_state(stack, instance_key) == "COMPLETED")
    with stack.engine.connect() as c:
        names = dict(
            c.execute(
                select(s.variables.c.name, s.variables.c.value).where(
                    s.variables.c.process_instance_key == instance_key
                )
            ).all()
        )
    assert json.loads(names["decision"]) == "approved" and json.loads(names["risk"]) == "low"
    assert "sneaky" not in names


def _task_keys_sync(stack: Stack, element_id: str) -> list[int]:
    with stack.engine.connect() as c:
        return list(
            c.execute(
                select(s.user_tasks.c.key).where(
                    s.user_tasks.c.element_id == element_id, s.user_tasks.c.state == "CREATED"
                )
            ).scalars()
        )
