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
