"""A one-partition Baton node on a *controlled clock*, for the example that moves time
(loan approval: days in seconds) while `baton run` offers no `/v2/clock` yet.

    .venv/bin/python -m examples._read_model_node --data-dir DIR --grpc-port P --http-port Q

It wires the pieces `baton run` does (a partition on RocksDB, the Zeebe gRPC gateway, the
REST API on the HTTP port, `/health/ready`, the SQL read model in `DIR/read-model.db`) with a
`ControlledClock`, so `PUT /v2/clock` pins time and moves it on. With `--kafka HOST:PORT` it
also runs the Kafka audit exporter (topic `baton`). SIGTERM and SIGINT stop it cleanly.
Delete this file once `baton run` offers a controlled clock.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
from pathlib import Path
from typing import Any

from broker import BrokerClient, ControlledClock, Partition
from broker.exporters import KafkaExporter, KafkaExporterConfig
from broker.exporters.sql import (
    SqlExporter,
    SqlExporterConfig,
    create_read_model_engine,
    migrate,
)
from gateway.grpc import (
    BrokerCalls,
    GatewayOptions,
    GatewayServicer,
    GrpcGateway,
    PartitionState,
    TopologySource,
)
from gateway.http import HttpServer, create_app
from gateway.rest import RestContext, RestOptions


async def serve(data_dir: Path, grpc_port: int, http_port: int, kafka: str | None = None) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    read_model = create_read_model_engine(f"sqlite:///{data_dir / 'read-model.db'}")
    migrate(read_model)
    exporters: list[Any] = [SqlExporter(SqlExporterConfig(url="sqlite://"), engine=read_model)]
    if kafka is not None:  # the audit stream: every event to the topic `baton`
        exporters.append(KafkaExporter(KafkaExporterConfig(bootstrap_servers=kafka)))
    clock = ControlledClock()  # the system clock until `PUT /v2/clock` pins it
    partition = await Partition.start(
        data_dir / "partition-1",
        1,
        clock=clock,
        exporters=exporters,
        exporter_min_backoff_s=0.01,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        calls = BrokerCalls(BrokerClient([partition]))
        topology = TopologySource(
            "127.0.0.1", grpc_port, lambda: [PartitionState(1, partition.processor.running)]
        )
        grpc = GrpcGateway(
            GatewayServicer(calls, topology, GatewayOptions()),
            topology,
            host="127.0.0.1",
            port=grpc_port,
        )
        await grpc.start()
        rest = RestContext(
            calls,
            topology,
            read_model=read_model,
            clock=clock,
            options=RestOptions(),
            ready=lambda: grpc.serving,
        )
        http = HttpServer(create_app(lambda: grpc.serving, rest), "127.0.0.1", http_port)
        await http.start()
        try:
            await stop.wait()
        finally:
            await http.stop()
            await grpc.stop(1.0)
    finally:
        await partition.stop()
        read_model.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--grpc-port", type=int, required=True)
    parser.add_argument("--http-port", type=int, required=True)
    parser.add_argument("--kafka", default=None, metavar="HOST:PORT", help="export to Kafka")
    args = parser.parse_args()
    asyncio.run(serve(args.data_dir, args.grpc_port, args.http_port, args.kafka))


if __name__ == "__main__":
    main()
