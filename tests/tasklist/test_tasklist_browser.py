"""In Chromium: the loan approval with two groups and forms, 403 for others, browser-side
form validation, the instance page with its diagram, axe on the main pages, a narrow screen,
and the modeler drawing and deploying a two-task process that then runs."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import select

from broker.exporters.sql import schema as s
from gateway.http import HttpServer
from tasklist.app import assets_present

from .browser import Browser, launch, log_in, needs_chromium, screenshot, serious_violations
from .conftest import PASSWORD, Stack

pytestmark = needs_chromium


@pytest.fixture
async def browser(stack: Stack) -> AsyncIterator[Browser]:
    assert assets_present(), (
        "the browser tests need the tasklist's assets: python tasklist/assets/build.py"
    )
    server = HttpServer(stack.app, "127.0.0.1", 0)  # type: ignore[arg-type]
    await server.start()
    try:
        async for b in launch(f"http://127.0.0.1:{server.port}"):
            yield b
    finally:
        await server.stop()


def _rows(stack: Stack, table: Any, *where: Any) -> list[Any]:
    with stack.engine.connect() as c:
        return list(c.execute(select(table).where(*where)))


async def _axe(page: Any, name: str, problems: dict[str, list[str]]) -> None:
    found = await serious_violations(page)
    if found:
        problems[name] = found


async def test_loan_approval_in_the_browser(stack: Stack, browser: Browser) -> None:
    await stack.deploy_loan()
    axe: dict[str, list[str]] = {}
    alice = await browser.page()
    await alice.goto("/tasklist/login")
    await screenshot(alice, "login")
    await _axe(alice, "login", axe)
    await log_in(alice, "alice", PASSWORD)

    # Start the process from the web app.
    await alice.get_by_role("link", name="Processes").click()
    await _axe(alice, "processes", axe)
    await screenshot(alice, "processes")
    await alice.get_by_role("link", name="Loan approval").click()
    await alice.locator(".diagram[data-ready='1']").wait_for()
    await screenshot(alice, "process")
    await alice.get_by_label("Variables (JSON object)").fill('{"applicant": "Ada Lovelace"}')
    await alice.get_by_role("button", name="Start").click()
    await alice.wait_for_url(re.compile(r".*/tasks\?started=\d+"))
    instance_key = int(alice.url.rsplit("=", 1)[1])

    # Bob (managers) has nothing yet; alice (officers) finds the review among unassigned.
    bob = await browser.page()
    await log_in(bob, "bob", PASSWORD)
    await bob.goto("/tasklist/tasks?filter=open")
    assert await bob.locator("table.tasks a").count() == 0

    await alice.goto("/tasklist/tasks?filter=available")
    await alice.get_by_role("link", name="Review application").click()
    await alice.get_by_role("button", name="Assign to me").click()
    await alice.get_by_role("button", name="Unassign").wait_for()
    form = alice.locator(".formjs .fjs-form")
    await form.wait_for()
    await alice.get_by_label("Applicant").fill("Ada Lovelace")
    await alice.get_by_label("Amount").fill("50")
    await alice.get_by_label("IBAN").fill("nope")
    await alice.get_by_role("button", name="Complete task").click()
    # Refused in the browser, with messages, and nothing was sent.
    errors = alice.locator(".fjs-form-field-error")
    await errors.first.wait_for()
    text = " ".join(await errors.all_inner_texts())
    assert "100" in text and "required" in text.lower()
    assert re.search(r"/tasks/\d+$", alice.url)
    await screenshot(alice, "task-form-invalid")
    await _axe(alice, "task", axe)
    await alice.get_by_label("Amount").fill("25000")
    await alice.get_by_label("IBAN").fill("DE44500105175407324931")
    # form-js renders selects as its own dropdown list.
    await alice.locator(".fjs-form-field-select .fjs-input-group").click()
    await alice.locator(".fjs-dropdownlist-item", has_text="Low").click()
    await bob.goto("/tasklist/tasks?filter=available")
    assert await bob.locator("table.tasks a").count() == 0
    await alice.get_by_role("button", name="Complete task").click()
    await alice.wait_for_url(re.compile(r".*/tasks\?filter=open&done=\d+"))
    assert await alice.locator("table.tasks a").count() == 0

    # Only now does bob see the approval: his open list refreshes itself (htmx polling).
    await bob.get_by_role("link", name="Approve loan").wait_for()
    assert bob.url.endswith("/tasklist/tasks?filter=available")
    assert await bob.locator("h1").count() == 1  # the fragment was swapped in, not a page
    await screenshot(bob, "tasks")
    await _axe(bob, "tasks", axe)
    await bob.get_by_role("link", name="Approve loan").click()
    await bob.get_by_role("button", name="Assign to me").click()
    await bob.locator(".formjs .fjs-form").wait_for()
    await bob.locator(".diagram[data-ready='1']").wait_for()
    await screenshot(bob, "task")
    await bob.get_by_label("Approve").check()
    await bob.get_by_label("Comment").fill("Fine by me.")
    await bob.get_by_role("button", name="Complete task").click()
    await bob.wait_for_url(re.compile(r".*/tasks\?filter=open&done=\d+"))

    def completed() -> bool:
        rows = _rows(stack, s.process_instances, s.process_instances.c.key == instance_key)
        return bool(rows) and rows[0].state == "COMPLETED"

    await stack.wait_for(completed)
    values = {
        r.name: r.value
        for r in _rows(stack, s.variables, s.variables.c.process_instance_key == instance_key)
    }
    assert values["decision"] == '"approved"' and values["amount"] == "25000"

    # Someone outside both groups gets 403 on that task's page and actions.
    carol = await browser.page()
    await log_in(carol, "carol", PASSWORD)
    task_key = _rows(stack, s.user_tasks, s.user_tasks.c.element_id == "Approve")[0].key
    response = await carol.goto(f"/tasklist/tasks/{task_key}")
    assert response.status == 403
    await carol.get_by_role("heading", name="Not allowed").wait_for()

    # The operator's view: the instance with its diagram, variables and audit trail.
    olga = await browser.page()
    await log_in(olga, "olga", PASSWORD)
    await olga.goto("/tasklist/instances")
    await _axe(olga, "instances", axe)
    await screenshot(olga, "instances")
    await olga.get_by_role("link", name=str(instance_key)).click()
    await olga.locator(".diagram[data-ready='1']").wait_for()
    assert await olga.locator(".marker-completed").count() >= 3
    await screenshot(olga, "instance")
    await _axe(olga, "instance", axe)

    # A narrow screen: the list still reads as cards, nothing scrolls sideways.
    narrow = await browser.page(width=375, height=800)
    await log_in(narrow, "alice", PASSWORD)
    await narrow.goto("/tasklist/tasks?filter=completed")
    await narrow.get_by_role("link", name="Review application").wait_for()
    width = await narrow.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    await screenshot(narrow, "tasks-narrow")
    assert axe == {}, axe


DRAW_TWO_TASKS = """
async () => {
  const modeler = window.batonModeler;
  const modeling = modeler.get('modeling');
  const factory = modeler.get('elementFactory');
  const registry = modeler.get('elementRegistry');
  const moddle = modeler.get('moddle');
  const root = modeler.get('canvas').getRootElement();
  modeling.updateProperties(root, { id: 'two-steps', name: 'Two steps' });
  const start = registry.get('StartEvent_1');
  function userTask(id, name, group, x) {
    const assignment = moddle.create('zeebe:AssignmentDefinition', { candidateGroups: group });
    const marker = moddle.create('zeebe:UserTask');
    const ext = moddle.create('bpmn:ExtensionElements', { values: [marker, assignment] });
    const bo = moddle.create('bpmn:UserTask', { id, name, extensionElements: ext });
    const shape = factory.createShape({ type: 'bpmn:UserTask', businessObject: bo });
    return modeling.createShape(shape, { x, y: 120 }, root);
  }
  const first = userTask('First', 'First step', 'officers', 300);
  const second = userTask('Second', 'Second step', 'managers', 460);
  const end = modeling.createShape({ type: 'bpmn:EndEvent' }, { x: 620, y: 120 }, root);
  modeling.connect(start, first);
  modeling.connect(first, second);
  modeling.connect(second, end);
  return registry.getAll().length;
}
"""


ADD_BROKEN_TASK = """
() => {
  const modeler = window.batonModeler;
  const root = modeler.get('canvas').getRootElement();
  const bo = modeler.get('moddle').create('bpmn:ServiceTask', { id: 'Broken', name: 'Broken' });
  const shape = modeler.get('elementFactory').createShape(
    { type: 'bpmn:ServiceTask', businessObject: bo });
  modeler.get('modeling').createShape(shape, { x: 380, y: 300 }, root);
}
"""
REMOVE_BROKEN_TASK = """
() => {
  const modeler = window.batonModeler;
  modeler.get('modeling').removeElements([modeler.get('elementRegistry').get('Broken')]);
}
"""


async def test_keyboard_skip_link(stack: Stack, browser: Browser) -> None:
    page = await browser.page()
    await log_in(page, "alice", PASSWORD)
    await page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert await skip.evaluate("el => el === document.activeElement")
    await page.keyboard.press("Enter")
    await page.wait_for_function("document.activeElement && document.activeElement.id === 'main'")


async def test_modeler_draws_validates_and_deploys(stack: Stack, browser: Browser) -> None:
    olga = await browser.page()
    await log_in(olga, "olga", PASSWORD)
    await olga.goto("/tasklist/modeler")
    await olga.locator("#modeler[data-ready='1']").wait_for()
    await _check_no_axe(olga)
    # A process with a user task but no outgoing... first validate the bare start event.
    await olga.get_by_role("button", name="Validate").click()
    await olga.get_by_role("status").filter(has_text=re.compile("problem|No problems")).wait_for()
    await olga.evaluate(DRAW_TWO_TASKS)
    await olga.get_by_label("File name").fill("two-steps.bpmn")
    # A service task without a job type: the problem is listed and marked on the diagram.
    await olga.evaluate(ADD_BROKEN_TASK)
    await olga.get_by_role("button", name="Validate").click()
    await olga.locator("#problems li", has_text="Broken").first.wait_for()
    await olga.locator("[data-element-id='Broken'].marker-incident").wait_for()
    await screenshot(olga, "modeler-problems")
    await olga.evaluate(REMOVE_BROKEN_TASK)
    await olga.get_by_role("button", name="Validate").click()
    await olga.get_by_text("No problems: Baton can run this process.").wait_for()
    assert await olga.locator(".marker-incident").count() == 0
    await olga.get_by_role("button", name="Deploy").click()
    await olga.get_by_text("Deployed: two-steps version 1").wait_for()
    await screenshot(olga, "modeler")

    # It runs: start it from the processes page, then both steps through the task pages.
    await olga.goto("/tasklist/processes")
    await olga.get_by_role("link", name="Two steps").click()
    await olga.get_by_role("button", name="Start").click()
    await olga.wait_for_url(re.compile(r".*/instances/\d+"))
    instance_key = int(olga.url.rsplit("/", 1)[1])
    for user, step in (("alice", "First step"), ("bob", "Second step")):
        page = await browser.page()
        await log_in(page, user, PASSWORD)
        await page.goto("/tasklist/tasks?filter=available")
        await page.get_by_role("link", name=step).click()
        await page.get_by_role("button", name="Assign to me").click()
        await page.get_by_label("Name").fill("note")
        await page.get_by_label("Value", exact=True).fill(f'"{user} was here"')
        await page.get_by_role("button", name="Complete task").click()
        await page.wait_for_url(re.compile(r".*/tasks\?filter=open&done=\d+"))

    def completed() -> bool:
        rows = _rows(stack, s.process_instances, s.process_instances.c.key == instance_key)
        return bool(rows) and rows[0].state == "COMPLETED"

    await stack.wait_for(completed)


async def _check_no_axe(page: Any) -> None:
    found = await serious_violations(page)
    assert found == [], found
