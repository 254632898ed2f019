"""User tasks over REST: search, get, assignment rules, update, completion, form."""

from __future__ import annotations

from typing import Any

from tests.gateway.rest.conftest import USER_TASK, Rest, assert_problem


async def _task(rest: Rest, instance: str) -> dict[str, Any]:
    await rest.exported()
    response = await rest.client.post(
        "/v2/user-tasks/search", json={"filter": {"processInstanceKey": instance}}
    )
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert len(items) == 1
    task: dict[str, Any] = items[0]
    return task


async def test_assign_update_complete(rest: Rest) -> None:
    await rest.deploy("review.bpmn", USER_TASK)
    instance = (await rest.create("review", variables={"doc": "a"}))["processInstanceKey"]
    task = await _task(rest, instance)
    key = task["userTaskKey"]
    assert task["state"] == "CREATED"
    assert task["candidateGroups"] == ["managers"]
    assert task["assignee"] is None
    assert task["elementId"] == "approve"
    assert task["creationDate"].endswith("Z")

    by_group = await rest.client.post(
        "/v2/user-tasks/search", json={"filter": {"candidateGroup": "managers"}}
    )
    assert [t["userTaskKey"] for t in by_group.json()["items"]] == [key]

    assigned = await rest.client.post(f"/v2/user-tasks/{key}/assignment", json={"assignee": "ann"})
    assert assigned.status_code == 204, assigned.text
    # allowOverride=false refuses a task someone else has: 409.
    taken = await rest.client.post(
        f"/v2/user-tasks/{key}/assignment", json={"assignee": "bob", "allowOverride": False}
    )
    assert_problem(taken, 409, "INVALID_STATE")
    await rest.exported()
    assert (await rest.client.get(f"/v2/user-tasks/{key}")).json()["assignee"] == "ann"

    unassigned = await rest.client.delete(f"/v2/user-tasks/{key}/assignee")
    assert unassigned.status_code == 204
    await rest.exported()
    assert (await rest.client.get(f"/v2/user-tasks/{key}")).json()["assignee"] is None

    updated = await rest.client.patch(
        f"/v2/user-tasks/{key}",
        json={"changeset": {"priority": 80, "candidateUsers": ["cy"], "dueDate": None}},
    )
    assert updated.status_code == 204, updated.text
    bad = await rest.client.patch(f"/v2/user-tasks/{key}", json={"changeset": {"priority": 101}})
    assert "priority" in assert_problem(bad, 400)
    await rest.exported()
    got = (await rest.client.get(f"/v2/user-tasks/{key}")).json()
    assert got["priority"] == 80
    assert got["candidateUsers"] == ["cy"]

    no_form = await rest.client.get(f"/v2/user-tasks/{key}/form")
    assert no_form.status_code == 204

    done = await rest.client.post(
        f"/v2/user-tasks/{key}/completion", json={"variables": {"approved": True}}
    )
    assert done.status_code == 204, done.text
    await rest.exported()
    assert (await rest.client.get(f"/v2/user-tasks/{key}")).json()["state"] == "COMPLETED"
    instance_now = await rest.client.get(f"/v2/process-instances/{instance}")
    assert instance_now.json()["state"] == "COMPLETED"
    variables = await rest.client.post(
        "/v2/variables/search",
        json={"filter": {"processInstanceKey": instance, "name": "approved"}},
    )
    assert [v["value"] for v in variables.json()["items"]] == ["true"]

    again = await rest.client.post(f"/v2/user-tasks/{key}/completion", json={})
    assert_problem(again, 404)


async def test_unknown_user_task(rest: Rest) -> None:
    missing = await rest.client.get("/v2/user-tasks/2251799813685999")
    assert_problem(missing, 404, "NOT_FOUND")
    assign = await rest.client.post(
        "/v2/user-tasks/2251799813685999/assignment", json={"assignee": "x"}
    )
    assert_problem(assign, 404, "NOT_FOUND")
    empty = await rest.client.post(
        "/v2/user-tasks/2251799813685999/assignment", json={"assignee": ""}
    )
    assert "assignee" in assert_problem(empty, 400)
