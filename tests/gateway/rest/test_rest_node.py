"""The REST API as `baton run` serves it: a node on free loopback ports, httpx over TCP."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.gateway.rest.conftest import SERVICE, assert_problem
from tests.gateway.test_gateway_harness import started_gateway


async def test_rest_on_the_node_http_port(tmp_path: Path) -> None:
    async with (
        started_gateway(tmp_path) as gateway,
        httpx.AsyncClient(base_url=gateway.http, timeout=10) as client,
    ):
        topology = (await client.get("/v2/topology")).json()
        assert topology["brokers"][0]["partitions"][0]["health"] == "healthy"
        assert (await client.get("/v2/status")).status_code == 204
        assert (await client.get("/health/ready")).status_code == 200
        deployed = await client.post(
            "/v2/deployments", files={"resources": ("order.bpmn", SERVICE)}
        )
        assert deployed.status_code == 200, deployed.text
        created = await client.post(
            "/v2/process-instances",
            json={"processDefinitionId": "order", "variables": {"amount": 5}},
        )
        assert created.status_code == 200, created.text
        jobs = (
            await client.post(
                "/v2/jobs/activation",
                json={"type": "payment", "timeout": 10_000, "maxJobsToActivate": 1},
            )
        ).json()["jobs"]
        assert jobs[0]["variables"] == {"amount": 5}
        done = await client.post(f"/v2/jobs/{jobs[0]['jobKey']}/completion", json={})
        assert done.status_code == 204
        # `baton run` wires no SQL read model yet: searches say so.
        search = await client.post("/v2/process-instances/search", json={})
        assert "read model" in assert_problem(search, 501, "UNIMPLEMENTED")
        assert (await client.get("/v2/openapi.json")).status_code == 200


async def test_rest_routes_by_key_across_two_partitions(tmp_path: Path) -> None:
    async with (
        started_gateway(tmp_path, partitions=2) as gateway,
        httpx.AsyncClient(base_url=gateway.http, timeout=10) as client,
    ):
        topology = (await client.get("/v2/topology")).json()
        assert topology["partitionsCount"] == 2
        await client.post("/v2/deployments", files={"resources": ("order.bpmn", SERVICE)})
        instances = set()
        for _ in range(4):
            created = await client.post(
                "/v2/process-instances", json={"processDefinitionId": "order"}
            )
            instances.add(created.json()["processInstanceKey"])
        partitions = {int(key) >> 51 for key in instances}
        assert partitions == {1, 2}  # round robin
        jobs = (
            await client.post(
                "/v2/jobs/activation",
                json={"type": "payment", "timeout": 10_000, "maxJobsToActivate": 10},
            )
        ).json()["jobs"]
        assert {j["processInstanceKey"] for j in jobs} == instances
        for job in jobs:  # each completion goes to the job key's partition
            done = await client.post(f"/v2/jobs/{job['jobKey']}/completion", json={})
            assert done.status_code == 204, done.text
        for key in instances:
            cancelled = await client.post(f"/v2/process-instances/{key}/cancellation")
            assert_problem(cancelled, 404, "NOT_FOUND")  # completed already
        unknown_partition = await client.post(f"/v2/jobs/{(7 << 51) + 1}/completion", json={})
        assert "partition" in assert_problem(unknown_partition, 404, "NOT_FOUND")
