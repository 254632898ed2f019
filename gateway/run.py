"""`baton run`: one node — broker partitions, the gRPC gateway, the HTTP server — until a signal.

Start order: the tasklist's settings (a bad file stops here, exit 2), partitions (recovered
from the data directory, each with its exporters: the SQL read model, Kafka), gRPC (health
NOT_SERVING until every partition runs), HTTP (health, REST `/v2`, and the tasklist at
`/tasklist` reading the same read model), then the examples are deployed. Stop order is the
reverse of what takes requests: HTTP and gRPC stop first (gRPC gives calls in flight
`grace_s` to finish; long polls are cancelled), then the partitions stop after their group in
flight is durable. SIGINT and SIGTERM both stop cleanly, exit status 0.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import socket
import tomllib
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import Engine

from broker import BrokerError
from broker.exporters.sql import create_read_model_engine
from broker.node import Node
from engine.records.intents import DeploymentIntent
from engine.records.values import DeploymentRecordValue, DeploymentResource
from tasklist import (
    SettingsError,
    TasklistSettings,
    dispose_tasklist,
    install_tasklist,
    load_settings,
)

from ._logging import configure as configure_logging
from .config import ConfigError, RunConfig
from .errors import GatewayError
from .grpc import (
    BrokerCalls,
    GatewayOptions,
    GatewayServicer,
    GrpcGateway,
    PartitionState,
    TopologySource,
)
from .grpc._requests import Command
from .http import HttpServer, create_app
from .rest import RestContext, RestOptions

_log = logging.getLogger("baton")

EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "examples"


def _advertised(host: str) -> str:
    """The host Topology names: the machine's name when listening on every interface."""
    return socket.gethostname() if host in ("0.0.0.0", "::", "") else host


@dataclass(frozen=True)
class _NodeClock:
    """The REST clock endpoints' view of a node started with a controlled clock."""

    node: Node

    def pin(self, epoch_ms: int) -> None:
        self.node.pin_clock(epoch_ms)

    def reset(self) -> None:
        self.node.reset_clock()


@dataclass
class RunningNode:
    config: RunConfig
    node: Node
    grpc: GrpcGateway
    http: HttpServer
    calls: BrokerCalls
    read_model: Engine | None = None
    tasklist: FastAPI | None = None  # mounted at /tasklist while the read model is on

    @classmethod
    async def start(cls, config: RunConfig) -> RunningNode:
        Path(config.data_dir).mkdir(parents=True, exist_ok=True)
        tasklist_settings = _tasklist_settings(config)  # a bad file stops us before anything
        node = await Node.start(
            config.data_dir,
            partitions=config.partitions,
            exporters=config.exporters(),
            controlled_clock=config.controlled_clock,
        )
        read_model: Engine | None = None
        try:
            url = config.read_model()
            if url is not None:  # the REST searches read what the node's SQL exporter writes
                read_model = create_read_model_engine(url)
            calls = BrokerCalls(node.client())
            topology = TopologySource(
                _advertised(config.host),
                config.grpc_port,
                lambda: [
                    PartitionState(handle.partition_id, handle.running)
                    for handle in node.partitions
                ],
            )
            options = GatewayOptions(
                long_polling_timeout_ms=config.long_polling_timeout_ms,
                with_result_timeout_ms=config.with_result_timeout_ms,
                max_variables_bytes=config.max_variables_bytes,
            )
            grpc = GrpcGateway(
                GatewayServicer(calls, topology, options),
                topology,
                host=config.host,
                port=config.grpc_port,
            )
            await grpc.start()
            rest = RestContext(
                calls,
                topology,
                read_model=read_model,
                clock=_NodeClock(node) if config.controlled_clock else None,
                options=RestOptions(
                    long_polling_timeout_ms=config.long_polling_timeout_ms,
                    with_result_timeout_ms=config.with_result_timeout_ms,
                    max_variables_bytes=config.max_variables_bytes,
                ),
                ready=lambda: grpc.serving,
            )
            app = create_app(lambda: grpc.serving, rest)
            tasklist: FastAPI | None = None
            if url is not None:  # the tasklist reads the read model the node's exporter fills
                tasklist = install_tasklist(
                    app,
                    calls.client,
                    data_dir=config.data_dir,
                    read_model_url=url,
                    settings=tasklist_settings,
                )
            else:
                _log.warning("tasklist not served: it needs the read model (read_model_url off)")
            http = HttpServer(app, config.host, config.http_port)
            try:
                await http.start()
            except BaseException:
                if tasklist is not None:
                    dispose_tasklist(tasklist)
                await grpc.stop(0)
                raise
        except BaseException:
            if read_model is not None:
                read_model.dispose()
            await node.stop()
            raise
        return cls(config, node, grpc, http, calls, read_model, tasklist)

    async def deploy_examples(self, directory: Path = EXAMPLES_DIR) -> int:
        """Deploys every .bpmn and .dmn file under `directory`; returns how many deployed.
        A file the engine refuses is logged and skipped."""
        files = (
            sorted(
                p
                for p in directory.rglob("*")
                if p.suffix.lower() in (".bpmn", ".dmn") and p.is_file()
            )
            if directory.is_dir()
            else []
        )
        if not files:
            _log.info("no examples to deploy: no .bpmn or .dmn files under %s", directory)
            return 0
        deployed = 0
        for path in files:
            resource = DeploymentResource(resource_name=path.name, resource=path.read_bytes())
            command = Command(DeploymentIntent.CREATE, DeploymentRecordValue(resources=[resource]))
            try:
                await self.calls.deploy(command)
            except GatewayError as error:
                _log.warning("example %s not deployed: %s", path, error.message)
            else:
                deployed += 1
        _log.info("deployed %d of %d example files from %s", deployed, len(files), directory)
        return deployed

    async def stop(self, grace_s: float = 2.0) -> None:
        try:
            await self.http.stop()
            await self.grpc.stop(grace_s)
        finally:
            if self.tasklist is not None:
                dispose_tasklist(self.tasklist)
            if self.read_model is not None:
                self.read_model.dispose()
            await self.node.stop()


def _tasklist_settings(config: RunConfig) -> TasklistSettings:
    try:
        return load_settings(config.tasklist_config or None)
    except (OSError, tomllib.TOMLDecodeError, SettingsError) as error:
        raise ConfigError(f"tasklist_config {config.tasklist_config}: {error}") from None


async def serve(config: RunConfig, stop: asyncio.Event) -> None:
    """Runs a node until `stop` is set."""
    running = await RunningNode.start(config)
    try:
        partitions = len(running.node.partitions)
        _log.info(
            "Baton node: %d partition(s), data in %s", partitions, Path(config.data_dir).resolve()
        )
        _log.info(
            "gRPC gateway (Zeebe protocol) listening on %s:%d", config.host, running.grpc.port
        )
        _log.info(
            "HTTP (/health/live, /health/ready) listening on %s:%d", config.host, running.http.port
        )
        while not running.grpc.serving:
            await asyncio.sleep(0.02)
        if not config.no_examples:
            await running.deploy_examples()
        _log.info("ready: gRPC health is SERVING on port %d", running.grpc.port)
        await stop.wait()
        _log.info("stopping")
    finally:
        await running.stop()
    _log.info("stopped")


def run(config: RunConfig) -> int:
    """`baton run`'s body: 0 after a clean stop on SIGINT/SIGTERM, 1 if the node cannot start."""
    configure_logging(config.log_level, config.log_format)

    async def main() -> int:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        try:
            await serve(config, stop)
        except ConfigError as error:
            _log.error("cannot start: %s", error)
            return 2
        except (OSError, BrokerError) as error:
            _log.error("cannot start: %s", error)
            return 1
        return 0

    return asyncio.run(main())


__all__ = ["EXAMPLES_DIR", "RunningNode", "run", "serve"]
