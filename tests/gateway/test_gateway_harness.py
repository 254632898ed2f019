"""The gateway test harness (a real node on free loopback ports, pyzeebe over gRPC), and the
tests of what every other gateway test relies on: health, topology, the HTTP probes.

Other modules build their `gateway` fixture with `started_gateway(tmp_path, **settings)`.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import grpc
import httpx
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from pyzeebe import ZeebeClient, create_insecure_channel
from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto.gateway_pb2_grpc import GatewayStub

from engine.testing import bpmn
from gateway.config import RunConfig
from gateway.grpc import SERVER_OPTIONS
from gateway.run import RunningNode


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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


@dataclass
class Gateway:
    node: RunningNode
    address: str
    channel: grpc.aio.Channel
    client: ZeebeClient
    stub: Any  # GatewayStub over the aio channel: every RPC, raw

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.node.http.port}"

    async def deploy(self, name: str, text: str) -> pb.DeployResourceResponse:
        request = pb.DeployResourceRequest(
            resources=[pb.Resource(name=name, content=text.encode())]
        )
        return cast(pb.DeployResourceResponse, await self.stub.DeployResource(request))

    async def activate(
        self, job_type: str, max_jobs: int = 10, request_timeout: int = -1, **fields: Any
    ) -> list[pb.ActivatedJob]:
        request = pb.ActivateJobsRequest(
            type=job_type,
            worker="test",
            timeout=fields.pop("timeout", 30_000),
            maxJobsToActivate=max_jobs,
            requestTimeout=request_timeout,
            **fields,
        )
        jobs: list[pb.ActivatedJob] = []
        async for response in self.stub.ActivateJobs(request):
            jobs.extend(response.jobs)
        return jobs


def config_for(data_dir: Path, **settings: Any) -> RunConfig:
    """`baton run`'s settings for a test node. The read model (and with it the tasklist) is
    off unless a test asks for it (`read_model_url=""` is `baton run`'s default)."""
    settings.setdefault("read_model_url", "off")
    return RunConfig(
        data_dir=str(data_dir),
        host="127.0.0.1",
        grpc_port=free_port(),
        http_port=free_port(),
        no_examples=True,
        long_polling_timeout_ms=2_000,
        **settings,
    )


@contextlib.asynccontextmanager
async def started_gateway(tmp_path: Path, **settings: Any) -> AsyncIterator[Gateway]:
    """A node on free loopback ports with a pyzeebe client; stopped (never left running)."""
    node = await RunningNode.start(config_for(tmp_path / "data", **settings))
    address = f"127.0.0.1:{node.grpc.port}"
    channel = create_insecure_channel(grpc_address=address)
    try:
        yield Gateway(node, address, channel, ZeebeClient(channel), GatewayStub(channel))
    finally:
        await channel.close()
        await node.stop(grace_s=0.5)


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Gateway]:
    async with started_gateway(tmp_path) as started:
        yield started


async def test_health_answers_serving_for_the_gateway_service(gateway: Gateway) -> None:
    health = health_pb2_grpc.HealthStub(gateway.channel)
    for service in ("gateway_protocol.Gateway", ""):
        answer = await health.Check(health_pb2.HealthCheckRequest(service=service))
        assert answer.status == health_pb2.HealthCheckResponse.SERVING
    assert (await gateway.client.healthcheck()).status == health_pb2.HealthCheckResponse.SERVING


async def test_topology_shows_one_node_leading_every_partition(gateway: Gateway) -> None:
    topology = await gateway.stub.Topology(pb.TopologyRequest())
    assert (topology.clusterSize, topology.partitionsCount, topology.replicationFactor) == (1, 1, 1)
    [broker] = topology.brokers
    assert broker.port == gateway.node.grpc.port
    assert [(p.partitionId, p.role, p.health) for p in broker.partitions] == [
        (1, pb.Partition.LEADER, pb.Partition.HEALTHY)
    ]
    assert topology.gatewayVersion == "8.6.0"


async def test_http_health_probes(gateway: Gateway) -> None:
    async with httpx.AsyncClient(base_url=gateway.http) as http:
        live = await http.get("/health/live")
        ready = await http.get("/health/ready")
    assert (live.status_code, live.json()) == (200, {"status": "UP"})
    assert (ready.status_code, ready.json()) == (200, {"status": "UP"})


async def test_health_turns_not_serving_when_a_partition_stops(gateway: Gateway) -> None:
    local = gateway.node.node.local
    assert local is not None
    await local.processor.stop()
    await gateway.node.grpc._check_health()
    health = health_pb2_grpc.HealthStub(gateway.channel)
    answer = await health.Check(health_pb2.HealthCheckRequest(service="gateway_protocol.Gateway"))
    assert answer.status == health_pb2.HealthCheckResponse.NOT_SERVING
    async with httpx.AsyncClient(base_url=gateway.http) as http:
        assert (await http.get("/health/ready")).status_code == 503
    topology = await gateway.stub.Topology(pb.TopologyRequest())
    assert topology.brokers[0].partitions[0].health == pb.Partition.UNHEALTHY
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await gateway.deploy("order.bpmn", SERVICE)
    assert refused.value.code() == grpc.StatusCode.UNAVAILABLE


async def test_examples_are_deployed_and_a_refused_one_is_skipped(
    gateway: Gateway, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    examples = tmp_path / "examples" / "orders"
    examples.mkdir(parents=True)
    (examples / "order.bpmn").write_text(SERVICE)
    (examples / "broken.bpmn").write_text("<not a model")
    (examples / "notes.txt").write_text("ignored")
    with caplog.at_level("INFO", logger="baton"):
        assert await gateway.node.deploy_examples(tmp_path / "examples") == 1
    assert "example" in caplog.text and "broken.bpmn not deployed" in caplog.text
    created = await gateway.client.run_process("order")
    assert created.process_instance_key > 0
    with caplog.at_level("INFO", logger="baton"):
        assert await gateway.node.deploy_examples(tmp_path / "none") == 0
    assert "no examples to deploy" in caplog.text


async def test_every_shipped_example_deploys(gateway: Gateway) -> None:
    # `baton run` deploys examples/ unless told not to: none of them may be refused.
    from gateway.run import EXAMPLES_DIR

    shipped = [p for p in EXAMPLES_DIR.rglob("*") if p.suffix.lower() in (".bpmn", ".dmn")]
    assert shipped
    assert await gateway.node.deploy_examples() == len(shipped)


def test_keepalive_accepts_client_pings_every_45_seconds() -> None:
    options = dict(SERVER_OPTIONS)
    assert options["grpc.keepalive_permit_without_calls"] == 1
    assert options["grpc.http2.min_ping_interval_without_data_ms"] <= 45_000
    assert options["grpc.http2.min_recv_ping_interval_without_data_ms"] <= 45_000
    assert options["grpc.http2.max_ping_strikes"] == 0


async def test_a_client_pinging_often_keeps_its_connection(gateway: Gateway) -> None:
    options = [
        ("grpc.keepalive_time_ms", 200),
        ("grpc.keepalive_timeout_ms", 1000),
        ("grpc.keepalive_permit_without_calls", 1),
        ("grpc.http2.max_pings_without_data", 0),
    ]
    async with grpc.aio.insecure_channel(gateway.address, options=options) as channel:
        stub = GatewayStub(channel)
        await stub.Topology(pb.TopologyRequest())
        await asyncio.sleep(1.5)  # several pings, no calls
        topology = await stub.Topology(pb.TopologyRequest())
        assert topology.partitionsCount == 1
        assert channel.get_state() is grpc.ChannelConnectivity.READY
