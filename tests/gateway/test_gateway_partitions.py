"""A node with two partitions (each in its own process) behind one gateway: deployments reach
every partition, instances are spread round robin, keys route to their partition, and jobs
are activated from all of them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pyzeebe.proto import gateway_pb2 as pb

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
