"""The gRPC server: the Gateway service, the standard health service, keepalive settings.

Health (`grpc.health.v1.Health`) answers for `gateway_protocol.Gateway` and for "" (the
server as a whole): NOT_SERVING until every partition runs, then SERVING; a watcher task
re-checks every `health_period_s` and flips it back when a partition stops. On shutdown it
answers NOT_SERVING before the server stops taking calls.

Keepalive: Zeebe clients ping every 45 s by default (the Java client's keepAlive), some
without calls in flight, so the server accepts pings down to every 30 s, with or without
calls, and never counts them as strikes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import grpc
from grpc_health.v1 import (
    health,
    health_pb2,
    health_pb2_grpc,
)
from pyzeebe.proto import gateway_pb2_grpc

from ._topology import TopologySource
from .servicer import GatewayServicer

_log = logging.getLogger(__name__)

GATEWAY_SERVICE = "gateway_protocol.Gateway"
MIN_PING_INTERVAL_MS = 30_000
MAX_MESSAGE_BYTES = 4 * 1024 * 1024 + 64 * 1024  # Zeebe's 4 MiB, plus room for framing

SERVER_OPTIONS: list[tuple[str, int]] = [
    ("grpc.keepalive_permit_without_calls", 1),
    ("grpc.http2.min_ping_interval_without_data_ms", MIN_PING_INTERVAL_MS),
    ("grpc.http2.min_recv_ping_interval_without_data_ms", MIN_PING_INTERVAL_MS),
    ("grpc.http2.max_ping_strikes", 0),  # 0: never close a connection for its pings
    ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
    ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
    ("grpc.so_reuseport", 0),  # a second node on the same port must fail, not share it
]


class GrpcGateway:
    """`start()` binds and serves; `stop()` drains calls for `grace_s`, then cancels them."""

    def __init__(
        self,
        servicer: GatewayServicer,
        topology: TopologySource,
        *,
        host: str = "127.0.0.1",
        port: int = 26500,
        health_period_s: float = 0.5,
    ) -> None:
        self._servicer = servicer
        self._topology = topology
        self._host = host
        self._requested_port = port
        self._health_period_s = health_period_s
        self._health = health.aio.HealthServicer()
        self._server: grpc.aio.Server | None = None
        self._watcher: asyncio.Task[None] | None = None
        self._serving = False
        self.port = port

    @property
    def serving(self) -> bool:
        """Whether health says SERVING (every partition runs)."""
        return self._serving

    async def start(self) -> None:
        server = grpc.aio.server(options=SERVER_OPTIONS)
        gateway_pb2_grpc.add_GatewayServicer_to_server(self._servicer, server)
        health_pb2_grpc.add_HealthServicer_to_server(self._health, server)
        address = f"{self._host}:{self._requested_port}"
        try:
            self.port = server.add_insecure_port(address)
        except RuntimeError as error:
            raise OSError(f"Expected to listen for gRPC on {address}, but: {error}") from None
        await self._set_health(False)
        await server.start()
        self._server = server
        await self._check_health()
        self._watcher = asyncio.get_running_loop().create_task(
            self._watch_health(), name="grpc-health"
        )

    async def _set_health(self, serving: bool) -> None:
        status = (
            health_pb2.HealthCheckResponse.SERVING
            if serving
            else health_pb2.HealthCheckResponse.NOT_SERVING
        )
        for service in (GATEWAY_SERVICE, ""):
            await self._health.set(service, status)
        if serving != self._serving:
            _log.info("gRPC health: %s", "SERVING" if serving else "NOT_SERVING")
        self._serving = serving

    async def _check_health(self) -> None:
        healthy = self._topology.all_healthy()
        if healthy != self._serving:
            await self._set_health(healthy)

    async def _watch_health(self) -> None:
        while True:
            await asyncio.sleep(self._health_period_s)
            await self._check_health()

    async def stop(self, grace_s: float = 2.0) -> None:
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
        server, self._server = self._server, None
        if server is not None:
            await self._health.enter_graceful_shutdown()
            self._serving = False
            await server.stop(grace_s)


__all__ = ["GATEWAY_SERVICE", "SERVER_OPTIONS", "GrpcGateway"]
