"""`baton run` with its exporters: the SQL read model (default on, one SQLite file that every
partition process writes) and the Kafka audit exporter (against a real Tansu broker)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer  # type: ignore[import-untyped]
from pyzeebe.proto import gateway_pb2 as pb
from sqlalchemy import text

from broker.exporters.kafka_testing import TansuBroker
from broker.exporters.sql import create_read_model_engine
from engine import partition_of
from tests.gateway.test_gateway_harness import SERVICE, Gateway, started_gateway


async def _run_instances(gateway: Gateway, count: int) -> list[int]:
    """Deploys SERVICE, runs `count` instances through their job; returns their keys."""
    await gateway.deploy("order.bpmn", SERVICE)
    keys = [
        (await gateway.client.run_process("order", {"n": n})).process_instance_key
        for n in range(count)
    ]
    done = 0
    async with asyncio.timeout(20):
        while done < count:
            for job in await gateway.activate("payment", max_jobs=count):
                await gateway.stub.CompleteJob(pb.CompleteJobRequest(jobKey=job.key))
                done += 1
    return keys


async def _completed_in_read_model(url: str, keys: list[int]) -> None:
    engine = create_read_model_engine(url)
    try:
        async with asyncio.timeout(20):
            while True:
                with engine.connect() as connection:
                    rows = connection.execute(
                        text("SELECT key FROM process_instances WHERE state = 'COMPLETED'")
                    ).all()
                if sorted(row[0] for row in rows) == sorted(keys):
                    return
                await asyncio.sleep(0.05)
    finally:
        engine.dispose()


@pytest.mark.parametrize("partitions", [1, 2])
async def test_the_read_model_gets_the_instances_of_every_partition(
    tmp_path: Path, partitions: int
) -> None:
    async with started_gateway(tmp_path, partitions=partitions, read_model_url="") as gateway:
        url = gateway.node.config.read_model()
        assert url == f"sqlite:///{(tmp_path / 'data').resolve() / 'read-model.db'}"
        keys = await _run_instances(gateway, 4)
        assert {partition_of(k) for k in keys} == set(range(1, partitions + 1))
        # Several partition processes write the one SQLite file (WAL, busy timeout).
        await _completed_in_read_model(url, keys)
        # The REST searches read the same read model.
        assert gateway.node.read_model is not None


async def test_read_model_off_runs_no_sql_exporter(tmp_path: Path) -> None:
    async with started_gateway(tmp_path, read_model_url="off") as gateway:
        assert gateway.node.config.exporters() == []
        await _run_instances(gateway, 1)
    assert not (tmp_path / "data" / "read-model.db").exists()


@pytest.fixture(scope="module")
def tansu() -> Iterator[TansuBroker]:
    with TansuBroker() as broker:
        yield broker


async def _consume_all(bootstrap: str, topic: str, until: int) -> list[dict[str, Any]]:
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    got: list[dict[str, Any]] = []
    try:
        async with asyncio.timeout(30):
            while not any(
                r["valueType"] == "PROCESS_INSTANCE"
                and r["intent"] == "ELEMENT_COMPLETED"
                and r["key"] == until
                for r in got
            ):
                batches = await consumer.getmany(timeout_ms=500)
                for messages in batches.values():
                    got.extend(json.loads(m.value) for m in messages)
    finally:
        await consumer.stop()
    return got


async def test_the_audit_topic_gets_the_records(tmp_path: Path, tansu: TansuBroker) -> None:
    async with started_gateway(
        tmp_path,
        read_model_url="off",
        kafka_bootstrap_servers=tansu.bootstrap,
        kafka_topic="baton-run-audit",
    ) as gateway:
        [key] = await _run_instances(gateway, 1)
        records = await _consume_all(tansu.bootstrap, "baton-run-audit", until=key)
    mine = [r for r in records if r["value"].get("processInstanceKey") == key]
    intents = [(r["valueType"], r["intent"]) for r in mine]
    assert ("PROCESS_INSTANCE_CREATION", "CREATED") in intents
    assert ("JOB", "COMPLETED") in intents
    positions = [r["position"] for r in records]
    assert positions == sorted(positions)  # one Baton partition: log order


async def test_a_read_model_that_cannot_be_prepared_stops_the_start(tmp_path: Path) -> None:
    from broker import StorageError
    from gateway.run import RunningNode
    from tests.gateway.test_gateway_harness import config_for

    (tmp_path / "blocked").write_text("a file where the database's directory should be")
    url = f"sqlite:///{tmp_path / 'blocked' / 'read-model.db'}"
    with pytest.raises(StorageError, match="Expected to prepare the read model at sqlite"):
        await RunningNode.start(config_for(tmp_path / "data", read_model_url=url))
    assert not (tmp_path / "data" / "partition-1").exists()
