"""The REST test harness: a real partition (RocksDB in a temp directory, the stream
processor, the scheduler) with a SQL exporter into a SQLite read model and a controlled
clock, the node's HTTP app over it, and an httpx client calling the app in process (ASGI).

`rest.exported()` waits until the read model has every committed record, so searches see
what the commands did.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from broker import BrokerClient, ControlledClock, Partition
from broker.exporters.sql import (
    SqlExporter,
    SqlExporterConfig,
    create_read_model_engine,
    migrate,
)
from engine.testing import bpmn
from gateway.grpc import BrokerCalls, PartitionState, TopologySource
from gateway.http import create_app
from gateway.rest import RestContext, RestOptions

SERVICE = bpmn("""
  <bpmn:process id="order" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="charge" />
    <bpmn:serviceTask id="charge">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="payment" retries="3" />
        <zeebe:taskHeaders><zeebe:header key="method" value="card" /></zeebe:taskHeaders>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="charge" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")

USER_TASK = bpmn("""
  <bpmn:process id="review" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="approve" />
    <bpmn:userTask id="approve">
      <bpmn:extensionElements>
        <zeebe:userTask />
        <zeebe:assignmentDefinition candidateGroups="managers" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="approve" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")


@dataclass
class Rest:
    client: httpx.AsyncClient
    partition: Partition
    clock: ControlledClock

    async def exported(self) -> None:
        last = self.partition.store.log.last_position
        await self.partition.directors[0].wait_acknowledged(last)

    async def deploy(self, name: str, text: str | bytes) -> dict[str, Any]:
        response = await self.client.post("/v2/deployments", files={"resources": (name, text)})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def create(self, process_id: str, **fields: Any) -> dict[str, Any]:
        response = await self.client.post(
            "/v2/process-instances", json={"processDefinitionId": process_id, **fields}
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def activate(self, job_type: str, **fields: Any) -> list[dict[str, Any]]:
        body = {"type": job_type, "timeout": 30_000, "maxJobsToActivate": 10, "worker": "t"}
        body.update(fields)
        body.setdefault("requestTimeout", -1)
        response = await self.client.post("/v2/jobs/activation", json=body)
        assert response.status_code == 200, response.text
        jobs: list[dict[str, Any]] = response.json()["jobs"]
        return jobs


def assert_problem(response: httpx.Response, status: int, title: str | None = None) -> str:
    """Asserts an RFC 7807 problem with `status`; returns its detail."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert body["instance"] == response.request.url.path
    if title is not None:
        assert body["title"] == title
    detail: str = body["detail"]
    assert detail
    return detail


@contextlib.asynccontextmanager
async def started_rest(tmp_path: Path) -> AsyncIterator[Rest]:
    """The harness, stopped on exit (never left running)."""
    clock = ControlledClock()
    engine = create_read_model_engine(f"sqlite:///{tmp_path / 'read-model.db'}")
    migrate(engine)  # before the first search; the exporter would do it on open, later
    exporter = SqlExporter(SqlExporterConfig(url="sqlite://"), engine=engine)
    partition = await Partition.start(
        tmp_path / "partition-1",
        1,
        clock=clock,
        exporters=[exporter],
        exporter_min_backoff_s=0.01,
        scheduler_period_s=0.05,
    )
    try:
        calls = BrokerCalls(BrokerClient([partition]))
        topology = TopologySource(
            "127.0.0.1", 26500, lambda: [PartitionState(1, partition.processor.running)]
        )
        context = RestContext(
            calls,
            topology,
            read_model=engine,
            clock=clock,
            options=RestOptions(
                long_polling_timeout_ms=1_000,
                with_result_timeout_ms=5_000,
                max_variables_bytes=64 * 1024,
                max_body_bytes=256 * 1024,
            ),
        )
        app = create_app(lambda: True, context)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://baton") as client:
            yield Rest(client, partition, clock)
    finally:
        await partition.stop()
        engine.dispose()


@pytest.fixture
async def rest(tmp_path: Path) -> AsyncIterator[Rest]:
    async with started_rest(tmp_path) as started:
        yield started
