"""The client commands of `baton` (deploy, create-instance, jobs activate, complete-job,
fail-job, resolve, cancel, status, publish, signal) as real subprocesses against a node:
tables, `--json`, and the documented exit statuses."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.gateway.test_gateway_harness import SERVICE, Gateway, started_gateway

BATON = Path(sys.executable).with_name("baton")


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Gateway]:
    async with started_gateway(tmp_path) as started:
        yield started


async def baton(gateway: Gateway, *args: str) -> tuple[int, str, str]:
    # A subprocess on the event loop, so the node in this process keeps serving meanwhile.
    process = await asyncio.create_subprocess_exec(
        str(BATON),
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "BATON_ADDRESS": gateway.address, "COLUMNS": "200"},
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_a_session_from_deploy_to_completion(gateway: Gateway, tmp_path: Path) -> None:
    model = tmp_path / "order.bpmn"
    model.write_text(SERVICE)
    code, out, _ = await baton(gateway, "deploy", str(model))
    assert code == 0 and "order" in out and "process" in out
    code, out, _ = await baton(
        gateway, "create-instance", "order", "--variables", '{"n": 1}', "--json"
    )
    assert code == 0
    instance = json.loads(out)["processInstanceKey"]
    assert isinstance(instance, int) and instance > 0
    code, out, _ = await baton(gateway, "jobs", "activate", "payment", "--json")
    [job] = json.loads(out)["jobs"]
    assert job["processInstanceKey"] == instance
    assert json.loads(job["variables"]) == {"n": 1}
    code, out, _ = await baton(
        gateway, "fail-job", str(job["key"]), "--retries", "0", "--message", "boom"
    )
    assert code == 0 and "0 retries left" in out
    code, _, err = await baton(gateway, "complete-job", str(job["key"]))
    assert code == 1 and "FAILED_PRECONDITION" in err
    code, out, _ = await baton(gateway, "status")
    assert code == 0 and "LEADER" in out and "HEALTHY" in out
    code, out, _ = await baton(gateway, "cancel", str(instance))
    assert code == 0 and "canceled" in out


async def test_exit_statuses(gateway: Gateway) -> None:
    code, _, err = await baton(gateway, "resolve", "2251799813685999")
    assert code == 1 and "NOT_FOUND" in err
    code, _, err = await baton(gateway, "create-instance", "order", "--variables", "[1]")
    assert code == 2 and "must be a JSON object" in err
    code, _, err = await baton(gateway, "cancel", "-5")
    assert code == 2 and "is not a key" in err
    code, _, err = await baton(gateway, "create-instance", "nowhere")
    assert code == 1 and "NOT_FOUND" in err and "'nowhere'" in err
    code, _, err = await baton(gateway, "status", "--address", "127.0.0.1:1", "--timeout", "2")
    assert code == 3 and "is a gateway listening on 127.0.0.1:1?" in err
    code, _, err = await baton(gateway, "deploy", "/nonexistent/x.bpmn")
    assert code == 2 and "cannot read" in err
