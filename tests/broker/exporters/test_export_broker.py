"""Both exporters under the broker's own exporter framework: a real partition (RocksDB log,
stream processor, directors) exports a process run to Kafka (Tansu) and to the SQL read
model, and a restart resumes without losing or doubling anything."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine

from broker import BrokerClient, Partition
from broker.exporters.kafka import KafkaExporter
from broker.exporters.kafka_config import KafkaExporterConfig
from broker.exporters.kafka_testing import TansuBroker
from broker.exporters.sql import SqlExporter, SqlExporterConfig
from broker.exporters.sql import queries as q
from engine.records import RecordType

from .conftest import ORDER
from .test_export_kafka import consume, dedupe


async def _run(client: BrokerClient, business_key: str) -> int:
    instance = await client.create_instance("order", {"amount": 5}, business_key=business_key)
    [job] = await client.activate_jobs("payment", 1)
    await client.complete_job(job.key, {"paid": True})
    return instance


async def _start(path: Path, tansu: TansuBroker, url: str) -> Partition:
    kafka = KafkaExporter(KafkaExporterConfig(bootstrap_servers=tansu.bootstrap, topic="broker"))
    sql = SqlExporter(SqlExporterConfig(url=url))
    return await Partition.start(path, 1, exporters=[kafka, sql], exporter_batch_size=7)


async def _drained(partition: Partition) -> None:
    end = partition.store.log.last_position
    for director in partition.directors:
        await director.wait_acknowledged(end, timeout_s=30)


async def test_a_partition_exports_to_kafka_and_sql_and_resumes_after_restart(
    tansu: TansuBroker, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'read-model.db'}"
    partition = await _start(tmp_path / "p1", tansu, url)
    try:
        client = BrokerClient([partition])
        await client.deploy(ORDER)
        first = await _run(client, "first")
        await _drained(partition)
    finally:
        await partition.stop()

    partition = await _start(tmp_path / "p1", tansu, url)  # resumes after the stored positions
    try:
        second = await _run(BrokerClient([partition]), "second")
        await _drained(partition)
        log = list(partition.store.log.read(1))
    finally:
        await partition.stop()

    events = [r for r in log if r.record_type is RecordType.EVENT]
    messages = await consume(tansu.bootstrap, ["broker"])
    assert dedupe(messages) == {1: [r.position for r in events]}
    by_position = {k["position"]: v for _, _, k, v, _ in messages}
    assert all(by_position[r.position] == json.loads(r.to_json()) for r in events)

    engine = create_engine(url)
    try:
        instances = q.search_process_instances(engine, {"key": {"$in": [first, second]}})
        assert {(i.business_key, i.state) for i in instances.items} == {
            ("first", "ACTIVE"),
            ("second", "ACTIVE"),
        }
        tasks = q.search_user_tasks(engine, {"state": "CREATED", "candidate_group": "finance"})
        assert tasks.total == 2
        with engine.connect() as c:
            audit: Any = c.exec_driver_sql("SELECT count(*) FROM audit_records").scalar_one()
        assert audit == len(log)  # every record once, commands included
    finally:
        engine.dispose()
