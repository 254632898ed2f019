"""Operators' actions through the pages (retry a failed job and resolve its incident, set
variables), the modeler's validate and deploy endpoints, starting with a start form, and
`install_tasklist` as `baton run` would call it."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from broker.exporters.sql import schema as s
from engine.testing import bpmn
from tasklist import _web, dispose_tasklist, install_tasklist
from tasklist.app import assets_present

from .conftest import LoginAs, Stack, csrf_of, settings

PAYMENT = bpmn(
    """<bpmn:process id="pay" name="Payment" isExecutable="true">
    <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="charge" name="Charge card">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="charge" retries="1"/>
      </bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:endEvent id="e"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="charge"/>
    <bpmn:sequenceFlow id="f2" sourceRef="charge" targetRef="e"/>
  </bpmn:process>"""
)

START_FORM = bpmn(
    """<bpmn:process id="ask" name="Ask" isExecutable="true">
    <bpmn:extensionElements>
      <zeebe:userTaskForm id="StartForm">{"components": [{"type": "textfield", "key": "email",
        "label": "Email", "validate": {"required": true, "validationType": "email"}}]}
      </zeebe:userTaskForm>
    </bpmn:extensionElements>
    <bpmn:startEvent id="s">
      <bpmn:extensionElements>
        <zeebe:formDefinition formKey="camunda-forms:bpmn:StartForm"/>
      </bpmn:extensionElements>
      <bpmn:outgoing>f1</bpmn:outgoing>
    </bpmn:startEvent>
    <bpmn:endEvent id="e"><bpmn:incoming>f1</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="e"/>
  </bpmn:process>"""
)


def _one(stack: Stack, query: object) -> object:
    with stack.engine.connect() as c:
        return c.execute(query).scalar_one_or_none()  # type: ignore[call-overload]


async def test_retry_failed_job_and_resolve_incident(stack: Stack, login_as: LoginAs) -> None:
    await stack.client.deploy(("pay.bpmn", PAYMENT))
    instance = await stack.client.create_instance("pay", {"amount": 12})
    (job,) = await stack.client.activate_jobs("charge", 1)
    await stack.client.fail_job(job.key, 0, "card declined")
    incidents = s.incidents.c
    await stack.wait_for(
        lambda: _one(stack, select(incidents.key).where(incidents.state == "ACTIVE")) is not None
    )
    olga = await login_as("olga")
    listing = await olga.get("/tasklist/instances?incidents=1")
    assert str(instance) in listing.text and "Incident" in listing.text
    page = await olga.get(f"/tasklist/instances/{instance}")
    assert "card declined" in page.text and "Retry job and resolve" in page.text
    incident = _one(stack, select(incidents.key))
    token = csrf_of(page.text)
    bad = await olga.post(
        f"/tasklist/instances/{instance}/incidents/{incident}/resolve",
        data={"csrf_token": token, "retries": "lots"},
    )
    assert bad.status_code == 400
    wrong = await olga.post(
        f"/tasklist/instances/{instance + 1}/incidents/{incident}/resolve",
        data={"csrf_token": token, "retries": "2"},
    )
    assert wrong.status_code == 404
    resolved = await olga.post(
        f"/tasklist/instances/{instance}/incidents/{incident}/resolve",
        data={"csrf_token": token, "retries": "2"},
    )
    assert resolved.status_code == 303
    assert _one(stack, select(incidents.state)) == "RESOLVED"
    (again,) = await stack.client.activate_jobs("charge", 1)
    assert again.key == job.key and again.job.retries == 2

    set_vars = await olga.post(
        f"/tasklist/instances/{instance}/variables",
        data={"csrf_token": token, "variables": '{"amount": 13, "note": "checked"}'},
    )
    assert set_vars.status_code == 303
    v = s.variables.c
    await stack.wait_for(
        lambda: _one(stack, select(v.value).where(v.name == "note")) == '"checked"'
    )
    await stack.client.complete_job(again.key)
    await stack.wait_for(lambda: _one(stack, select(s.process_instances.c.state)) == "COMPLETED")
    done = await olga.get(f"/tasklist/instances/{instance}")
    assert "COMPLETED" in done.text and "Cancel instance" not in done.text


async def test_start_form_is_validated_on_the_server(stack: Stack, login_as: LoginAs) -> None:
    await stack.client.deploy(("ask.bpmn", START_FORM))
    d = s.process_definitions.c
    await stack.wait_for(lambda: _one(stack, select(d.key)) is not None)
    key = _one(stack, select(d.key))
    alice = await login_as("alice")
    page = await alice.get(f"/tasklist/processes/{key}")
    assert "Email" in page.text
    token = csrf_of(page.text)
    refused = await alice.post(
        f"/tasklist/processes/{key}/start",
        data={"csrf_token": token, "variables": '{"email": "not an address"}'},
    )
    assert refused.status_code == 422 and "Email must be an email address." in refused.text
    assert _one(stack, select(s.process_instances.c.key)) is None
    started = await alice.post(
        f"/tasklist/processes/{key}/start",
        data={"csrf_token": token, "variables": '{"email": "ada@example.org", "x": 1}'},
    )
    assert started.status_code == 303
    v = s.variables.c
    assert _one(stack, select(v.value).where(v.name == "email")) == '"ada@example.org"'
    assert _one(stack, select(v.value).where(v.name == "x")) is None


async def test_modeler_validate_and_deploy(stack: Stack, login_as: LoginAs) -> None:
    alice, olga = await login_as("alice"), await login_as("olga")
    token = csrf_of((await alice.get("/tasklist/modeler")).text)
    broken = PAYMENT.replace('<zeebe:taskDefinition type="charge" retries="1"/>', "")
    assert broken != PAYMENT
    headers = {"x-csrf-token": token, "content-type": "application/xml"}
    checked = await alice.post("/tasklist/modeler/validate", content=broken, headers=headers)
    body = checked.json()
    assert body["valid"] is False
    assert any(p["element_id"] == "charge" for p in body["problems"])
    ok = await alice.post("/tasklist/modeler/validate", content=PAYMENT, headers=headers)
    assert ok.json() == {"valid": True, "problems": []}
    no_csrf = await alice.post(
        "/tasklist/modeler/validate", content=PAYMENT, headers={"content-type": "application/xml"}
    )
    assert no_csrf.status_code == 403
    hostile = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    refused = await alice.post("/tasklist/modeler/validate", content=hostile, headers=headers)
    assert refused.json()["valid"] is False and "passwd" not in refused.text.replace(
        "file:///etc/passwd", ""
    )
    assert (
        await alice.post("/tasklist/modeler/deploy", content=PAYMENT, headers=headers)
    ).status_code == 403
    olga_token = csrf_of((await olga.get("/tasklist/modeler")).text)
    olga_headers = {"x-csrf-token": olga_token, "content-type": "application/xml"}
    not_deployed = await olga.post(
        "/tasklist/modeler/deploy?name=pay", content=broken, headers=olga_headers
    )
    assert not_deployed.status_code == 422
    deployed = await olga.post(
        "/tasklist/modeler/deploy?name=pay", content=PAYMENT, headers=olga_headers
    )
    assert deployed.status_code == 200
    assert deployed.json()["deployed"][0]["bpmn_process_id"] == "pay"
    assert _one(stack, select(s.process_definitions.c.resource_name)) == "pay.bpmn"
    too_big = await olga.post(
        "/tasklist/modeler/deploy", content=b"x" * 1_100_000, headers=olga_headers
    )
    assert too_big.status_code == 413


async def test_install_tasklist_mounts_and_redirects(
    stack: Stack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(_web, "VENDOR", tmp_path / "no-assets")
    monkeypatch.setattr("tasklist.app.VENDOR", tmp_path / "no-assets")
    app = FastAPI()
    with caplog.at_level(logging.WARNING, logger="baton.tasklist"):
        tasklist = install_tasklist(app, stack.client, data_dir=tmp_path, settings=settings())
    assert not assets_present()
    assert "python tasklist/assets/build.py" in caplog.text
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://baton"
    ) as client:
        root = await client.get("/")
        assert root.status_code == 307 and root.headers["location"] == "/tasklist/"
        home = await client.get("/tasklist/")
        assert home.status_code == 303
        login = await client.get("/tasklist/login")
        assert login.status_code == 200 and "vendor/htmx" not in login.text
        assert login.headers["x-frame-options"] == "DENY"
        assert "script-src 'self'" in login.headers["content-security-policy"]
    assert (tmp_path / "read-model.db").exists()
    dispose_tasklist(tasklist)


async def test_instance_filters(stack: Stack, login_as: LoginAs) -> None:
    await stack.client.deploy(("pay.bpmn", PAYMENT))
    first = await stack.client.create_instance("pay", business_key="order-1")
    second = await stack.client.create_instance("pay", business_key="order-2")
    await stack.client.cancel_instance(second)
    p = s.process_instances.c
    await stack.wait_for(
        lambda: _one(stack, select(p.state).where(p.key == second)) == "TERMINATED"
    )
    olga = await login_as("olga")

    async def shown(query: str) -> set[int]:
        page = await olga.get(f"/tasklist/instances?{query}")
        assert page.status_code == 200
        return {int(k) for k in re.findall(r'href="/tasklist/instances/(\d+)"', page.text)}

    assert await shown("") == {first, second}
    assert await shown("state=ACTIVE") == {first}
    assert await shown("state=TERMINATED") == {second}
    assert await shown("business_key=order-2") == {second}
    assert await shown("process=pa") == {first, second}
    assert await shown("process=nothing") == set()
    assert await shown("incidents=1") == set()
    assert await shown("state=bogus&page=-3") == {first, second}
    assert (await olga.get("/tasklist/instances/12345")).status_code == 404
