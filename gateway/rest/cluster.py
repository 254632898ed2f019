"""`GET /v2/topology`, `GET /v2/status`, and the broker clock (`PUT /v2/clock`,
`POST /v2/clock/reset`)."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from ..errors import ErrorKind, GatewayError
from ..grpc._topology import BROKER_VERSION
from ._context import ClockControl, RestContext
from ._problems import PROBLEM_RESPONSES


class PartitionInfo(BaseModel):
    partitionId: int
    role: str = Field(description="leader: Baton runs no replicas")
    health: str = Field(description="healthy or unhealthy")


class BrokerInfo(BaseModel):
    nodeId: int
    host: str
    port: int
    partitions: list[PartitionInfo]
    version: str


class TopologyResponse(BaseModel):
    brokers: list[BrokerInfo]
    clusterSize: int
    partitionsCount: int
    replicationFactor: int
    gatewayVersion: str


class ClockPin(BaseModel):
    timestamp: int = Field(ge=0, le=2**53, description="epoch milliseconds to pin the clock at")


def router(ctx: RestContext) -> APIRouter:
    api = APIRouter(tags=["Cluster"], responses=PROBLEM_RESPONSES)

    @api.get("/topology", response_model=TopologyResponse)
    async def topology() -> TopologyResponse:
        reply = ctx.topology.topology()
        return TopologyResponse(
            brokers=[
                BrokerInfo(
                    nodeId=b.nodeId,
                    host=b.host,
                    port=b.port,
                    version=b.version,
                    partitions=[
                        PartitionInfo(
                            partitionId=p.partitionId,
                            role="leader",
                            health="healthy" if p.health == 0 else "unhealthy",
                        )
                        for p in b.partitions
                    ],
                )
                for b in reply.brokers
            ],
            clusterSize=reply.clusterSize,
            partitionsCount=reply.partitionsCount,
            replicationFactor=reply.replicationFactor,
            gatewayVersion=BROKER_VERSION,
        )

    @api.get("/status", status_code=204, responses={503: {"description": "not ready"}})
    async def status() -> Response:
        ready = ctx.ready() if ctx.ready is not None else ctx.topology.all_healthy()
        return Response(status_code=204 if ready else 503)

    def controlled() -> ClockControl:
        if ctx.clock is None:
            raise GatewayError(
                ErrorKind.UNIMPLEMENTED,
                "Expected a controllable broker clock, but this node runs on the system clock: "
                "start it with a controlled clock (tests) to pin or reset time",
            )
        return ctx.clock

    @api.put("/clock", status_code=204, tags=["Clock"])
    @api.post("/clock", status_code=204, tags=["Clock"], include_in_schema=False)
    async def pin_clock(body: ClockPin) -> Response:
        controlled().pin(body.timestamp)
        return Response(status_code=204)

    @api.post("/clock/reset", status_code=204, tags=["Clock"])
    async def reset_clock() -> Response:
        controlled().reset()
        return Response(status_code=204)

    return api
