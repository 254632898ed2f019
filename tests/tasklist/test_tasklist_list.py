"""The task list: filters, search (process, task name, variables), sorting, pages, overdue
and due-soon marks, and the fragment htmx polls."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from broker.exporters.sql import schema as s
from engine.testing import bpmn

from .conftest import LoginAs, Stack, csrf_of

CHECK = bpmn(
    """<bpmn:process id="check" name="Document check" isExecutable="true">
    <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="verify" name="Verify documents">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:assignmentDefinition candidateGroups="=groups"/>
        <zeebe:taskSchedule dueDate="=due"/>
        <zeebe:priorityDefinition priority="=prio"/>
      </bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="e"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="verify"/>
    <bpmn:sequenceFlow id="f2" sourceRef="verify" targetRef="e"/>
  </bpmn:process>"""
)


def _iso(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).strftime("%Y-%m-%dT%H:%M:%SZ")


async def _thirty_tasks(stack: Stack) -> None:
    await stack.client.deploy(("check.bpmn", CHECK))
    for i in range(30):
        due = (
            _iso(timedelta(days=-1)) if i == 0 else _iso(timedelta(hours=2 if i == 1 else 100 + i))
        )
        await stack.client.create_instance(
            "check",
            {
                "groups": ["officers"] if i % 3 else ["managers"],
                "due": due,
                "prio": i,
                "customer": f"c{i}",
            },
        )

    def all_there() -> bool:
        with stack.engine.connect() as c:
            return c.execute(select(func.count()).select_from(s.user_tasks)).scalar_one() == 30

    await stack.wait_for(all_there)


def _priorities(page: str) -> list[int]:
    return [int(p) for p in re.findall(r'data-label="Priority">(\d+)<', page)]


async def test_filters_search_sort_and_pages(stack: Stack, login_as: LoginAs) -> None:
    await _thirty_tasks(stack)
    alice, bob, root = await login_as("alice"), await login_as("bob"), await login_as("root")
    page = await alice.get("/tasklist/tasks?filter=open&sort=priority&order=desc")
    assert "20 tasks" in page.text  # the officers' 20 of 30
    assert _priorities(page.text)[:3] == [29, 28, 26]
    assert "Verify documents" in page.text and "Document check" in page.text
    assert "20 tasks" in (await alice.get("/tasklist/tasks?filter=available")).text
    assert "10 tasks" in (await bob.get("/tasklist/tasks?filter=open")).text
    everything = await root.get("/tasklist/tasks?filter=open&sort=priority&order=asc")
    assert "30 tasks" in everything.text and "Page 1 of 2" in everything.text
    assert _priorities(everything.text) == list(range(25))
    second = await root.get("/tasklist/tasks?filter=open&sort=priority&order=asc&page=2")
    assert _priorities(second.text) == list(range(25, 30))

    # Due dates: overdue first when sorted ascending, marked; due within a day marked too.
    by_due = await root.get("/tasklist/tasks?filter=open&sort=due&order=asc")
    assert _priorities(by_due.text)[:2] == [0, 1]
    assert by_due.text.count("badge overdue") == 1 and by_due.text.count("badge soon") == 1

    # Search by process id, task name (from the BPMN), and a variable's value.
    assert "30 tasks" in (await root.get("/tasklist/tasks?process=chec")).text
    assert "0 tasks" in (await root.get("/tasklist/tasks?process=nothing")).text
    assert "30 tasks" in (await root.get("/tasklist/tasks?task=documents")).text
    found = await root.get("/tasklist/tasks?var=customer&value=c7")
    assert "1 task<" in found.text and _priorities(found.text) == [7]
    assert "30 tasks" in (await root.get("/tasklist/tasks?var=customer")).text
    assert "0 tasks" in (await root.get("/tasklist/tasks?var=customer&value=%25")).text

    # Mine and completed follow claims and completions.
    key = int(re.findall(r'href="/tasklist/tasks/(\d+)"', page.text)[0])
    token = csrf_of(page.text)
    await alice.post(f"/tasklist/tasks/{key}/claim", data={"csrf_token": token})
    mine = await alice.get("/tasklist/tasks?filter=mine")
    assert "1 task<" in mine.text
    assert "19 tasks" in (await alice.get("/tasklist/tasks?filter=available")).text
    done = await alice.post(
        f"/tasklist/tasks/{key}/complete",
        data={"csrf_token": token, "new_name": "ok", "new_value": "true"},
    )
    assert done.status_code == 303
    assert "1 task<" in (await alice.get("/tasklist/tasks?filter=completed")).text
    assert "0 tasks" in (await bob.get("/tasklist/tasks?filter=completed")).text


async def test_fragment_for_polling(stack: Stack, login_as: LoginAs) -> None:
    await _thirty_tasks(stack)
    alice = await login_as("alice")
    full = await alice.get("/tasklist/tasks?filter=open")
    assert 'hx-trigger="every 1s"' in full.text and "<html" in full.text
    fragment = await alice.get(
        "/tasklist/tasks?filter=open&fragment=1", headers={"hx-request": "true"}
    )
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and "20 tasks" in fragment.text
    alice.cookies.clear()
    anonymous = await alice.get("/tasklist/tasks?fragment=1", headers={"hx-request": "true"})
    assert anonymous.status_code == 401  # htmx gets a status, not a login page to swap in


def _form(label: str) -> str:
    return (
        '{"id": "note-form", "components": [{"type": "textfield", "key": "note", '
        f'"label": "{label}"}}]}}'
    )


def _process(process_id: str, binding: str) -> str:
    return bpmn(
        f"""<bpmn:process id="{process_id}" isExecutable="true">
    <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="write" name="Write a note">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:assignmentDefinition candidateGroups="officers"/>
        <zeebe:formDefinition formId="note-form" bindingType="{binding}"/>
      </bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="write"/>
  </bpmn:process>"""
    )


async def test_form_version_binding(stack: Stack, login_as: LoginAs) -> None:
    await stack.client.deploy(
        ("pinned.bpmn", _process("pinned", "deployment")), ("note.form", _form("Old label"))
    )
    await stack.client.deploy(
        ("latest.bpmn", _process("latest", "latest")), ("note.form", _form("New label"))
    )
    await stack.client.create_instance("pinned")
    await stack.client.create_instance("latest")

    def both() -> bool:
        with stack.engine.connect() as c:
            return c.execute(select(func.count()).select_from(s.user_tasks)).scalar_one() == 2

    await stack.wait_for(both)
    alice = await login_as("alice")
    for process_id, label in (("pinned", "Old label"), ("latest", "New label")):
        listing = await alice.get(f"/tasklist/tasks?process={process_id}")
        (key,) = re.findall(r'href="/tasklist/tasks/(\d+)"', listing.text)
        page = await alice.get(f"/tasklist/tasks/{key}")
        assert label in page.text, process_id
