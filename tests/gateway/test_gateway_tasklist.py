"""`baton run` serves the tasklist on its HTTP port: `/` redirects to it, a user configured
with `tasklist_config` logs in and sees a user task created through gRPC, read from the read
model the node's SQL exporter fills. A bad tasklist file stops `baton run` before it starts."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import httpx
import pytest

from engine.testing import bpmn
from gateway.config import ConfigError
from gateway.run import RunningNode
from tasklist import hash_password
from tests.gateway.test_gateway_harness import config_for, started_gateway

APPROVAL = bpmn("""
  <bpmn:process id="approval" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="approve" />
    <bpmn:userTask id="approve" name="Approve the invoice">
      <bpmn:extensionElements>
        <zeebe:userTask />
        <zeebe:assignmentDefinition candidateGroups="finance" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="approve" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")

PASSWORD = "a long enough test password"


def _users_file(tmp_path: Path) -> Path:
    file = tmp_path / "tasklist.toml"
    file.write_text(
        "[tasklist]\n"
        'secret_key = "test-secret-key-for-the-node-0123"\n'
        "[tasklist.users.fay]\n"
        f'password_hash = "{hash_password(PASSWORD)}"\n'
        'groups = ["finance"]\n'
    )
    return file


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page) or re.search(
        r'name="csrf-token" content="([^"]+)"', page
    )
    assert found, "no CSRF token on the page"
    return found.group(1)


async def test_baton_run_serves_the_tasklist(tmp_path: Path) -> None:
    async with (
        started_gateway(
            tmp_path, read_model_url="", tasklist_config=str(_users_file(tmp_path))
        ) as gateway,
        httpx.AsyncClient(base_url=gateway.http, timeout=10) as http,
    ):
        root = await http.get("/")
        assert root.status_code == 307 and root.headers["location"] == "/tasklist/"
        login = await http.get("/tasklist/login")
        assert login.status_code == 200
        refused = await http.post(
            "/tasklist/login",
            data={"username": "fay", "password": "wrong", "csrf_token": _csrf(login.text)},
        )
        assert refused.status_code == 401
        await gateway.deploy("approval.bpmn", APPROVAL)
        created = await gateway.client.run_process("approval", {"amount": 120})
        logged_in = await http.post(
            "/tasklist/login",
            data={"username": "fay", "password": PASSWORD, "csrf_token": _csrf(login.text)},
        )
        assert logged_in.status_code == 303, logged_in.text
        async with asyncio.timeout(20):  # the read model trails the log a little
            while True:
                page = await http.get("/tasklist/tasks?filter=open")
                assert page.status_code == 200
                if "Approve the invoice" in page.text:
                    break
                await asyncio.sleep(0.05)
        assert str(created.process_instance_key) in page.text or "approval" in page.text


async def test_a_bad_tasklist_file_stops_baton_run_before_it_starts(tmp_path: Path) -> None:
    bad = tmp_path / "tasklist.toml"
    bad.write_text("[tasklist.users.x]\npassword_hash = 'plain'\n")
    with pytest.raises(ConfigError, match="tasklist_config"):
        await RunningNode.start(
            config_for(tmp_path / "data", read_model_url="", tasklist_config=str(bad))
        )
    assert not (tmp_path / "data" / "partition-1").exists()
