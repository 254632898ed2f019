"""A node with two partitions (each in its own process) behind one gateway: deployments reach
every partition, instances are spread round robin, keys route to their partition, jobs are
activated from all of them; a partition process that dies makes the node NOT_SERVING."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from pyzeebe.proto import gateway_pb2 as pb

from broker.node import partition_directory
from engine import partition_of
from tests.gateway.test_gateway_harness import SERVICE, Gateway, started_gateway


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Gateway]:
    async with started_gateway(tmp_path, partitions=2) as started:
        yield started


async def test_two_partitions_serve_one_gateway(gateway: Gateway) -> None:
    topology = await gateway.stub.Topology(pb.TopologyRequest())
    assert topology.partitionsCount == 2
    assert [p.partitionId for p in topology.brokers[0].partitions] == [1, 2]
    deployed = (await gateway.deploy("order.bpmn", SERVICE)).deployments[0].process
    created = [await gateway.client.run_process("order", {"n": n}) for n in range(4)]
    assert {partition_of(c.process_instance_key) for c in created} == {1, 2}
    by_key = await gateway.stub.CreateProcessInstance(
        pb.CreateProcessInstanceRequest(processDefinitionKey=deployed.processDefinitionKey)
    )
    assert partition_of(by_key.processInstanceKey) == partition_of(deployed.processDefinitionKey)
    jobs = await gateway.activate("payment", max_jobs=10)
    assert len(jobs) == 5
    assert {partition_of(job.key) for job in jobs} == {1, 2}
    for job in jobs:
        await gateway.stub.CompleteJob(pb.CompleteJobRequest(jobKey=job.key))
    assert await gateway.activate("payment") == []
    await _partition_process_dies(gateway)


async def _partition_process_dies(gateway: Gateway) -> None:
    # Partition 2's process is killed: health goes NOT_SERVING, Topology shows partition 2
    # UNHEALTHY, and a command for partition 2 is UNAVAILABLE (partition 1 still answers).
    # Until the test puts partition 2's directory back, the node's restarts of it fail and
    # back off: on a quiet machine a restart is quicker than the health check's period. (The
    # process is idle, so moving its directory before the kill changes nothing it writes.)
    node = gateway.node.node
    directory = partition_directory(gateway.node.config.data_dir, 2)
    aside = directory.with_name("partition-2.aside")
    directory.rename(aside)
    directory.write_text("not a database")
    os.kill(node.pids[1], signal.SIGKILL)
    try:
        await _partition_2_is_unhealthy(gateway)
    finally:
        directory.unlink()
        aside.rename(directory)


async def _partition_2_is_unhealthy(gateway: Gateway) -> None:
    health = health_pb2_grpc.HealthStub(gateway.channel)
    request = health_pb2.HealthCheckRequest(service="gateway_protocol.Gateway")
    for _ in range(200):
        answer = await health.Check(request)
        if answer.status == health_pb2.HealthCheckResponse.NOT_SERVING:
            break
        await asyncio.sleep(0.05)
    assert answer.status == health_pb2.HealthCheckResponse.NOT_SERVING
    topology = await gateway.stub.Topology(pb.TopologyRequest())
    assert [p.health for p in topology.brokers[0].partitions] == [
        pb.Partition.HEALTHY,
        pb.Partition.UNHEALTHY,
    ]
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await gateway.stub.CancelProcessInstance(
            pb.CancelProcessInstanceRequest(processInstanceKey=(2 << 51) + 1)
        )
    assert refused.value.code() == grpc.StatusCode.UNAVAILABLE
    with pytest.raises(grpc.aio.AioRpcError) as missing:
        await gateway.stub.CancelProcessInstance(
            pb.CancelProcessInstanceRequest(processInstanceKey=(1 << 51) + 99_999)
        )
    assert missing.value.code() == grpc.StatusCode.NOT_FOUND
