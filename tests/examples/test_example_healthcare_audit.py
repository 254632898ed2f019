"""Healthcare record processing, end to end with the Kafka audit stream: a throwaway
Kafka-protocol broker (Tansu), a node exporting every event to the topic `baton`, one record
processed by workers and a clinician (REST user task), and the instance's full history
rebuilt from the topic alone. The node is a real `baton run` with
`BATON_KAFKA_BOOTSTRAP_SERVERS` set (topic `baton`, the default)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition  # type: ignore[import-untyped]
from pyzeebe import ZeebeClient, create_insecure_channel

from broker.exporters.kafka_testing import TansuBroker
from examples._node import BatonNode, deploy_example, instance_ended, wait_for
from examples.healthcare_audit.workers import PROCESS_ID, create_worker, history, pseudonym


@pytest.fixture
def kafka() -> Iterator[TansuBroker]:
    with TansuBroker() as broker:
        yield broker


@pytest.fixture
def node(tmp_path: Path, kafka: TansuBroker) -> Iterator[BatonNode]:
    with BatonNode(tmp_path / "data", kafka=kafka.bootstrap) as running:
        yield running


async def read_until_completed(bootstrap: str, key: int, timeout_s: float) -> list[dict[str, Any]]:
    """Every record of the topic `baton` from the beginning, until the process instance's
    own ELEMENT_COMPLETED has been read."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        deadline = time.monotonic() + timeout_s
        while not consumer.partitions_for_topic("baton"):
            assert time.monotonic() < deadline, "the topic baton never appeared"
            await consumer._client.force_metadata_update()
            await asyncio.sleep(0.1)
        parts = [TopicPartition("baton", p) for p in consumer.partitions_for_topic("baton")]
        consumer.assign(parts)
        await consumer.seek_to_beginning(*parts)
        records: list[dict[str, Any]] = []
        while True:
            assert time.monotonic() < deadline, "the instance's completion never arrived"
            fetched = await consumer.getmany(*parts, timeout_ms=500)
            for messages in fetched.values():
                records.extend(json.loads(m.value) for m in messages)
            if any(
                r["valueType"] == "PROCESS_INSTANCE"
                and r["intent"] == "ELEMENT_COMPLETED"
                and r["key"] == key
                for r in records
            ):
                return records
    finally:
        await consumer.stop()


async def test_full_history_rebuilt_from_the_audit_topic(
    node: BatonNode, kafka: TansuBroker
) -> None:
    channel = create_insecure_channel(grpc_address=node.address)
    client = ZeebeClient(channel)
    await deploy_example(client, "healthcare_audit")
    worker = create_worker(channel)
    task = asyncio.create_task(worker.work())
    http = httpx.AsyncClient(base_url=node.rest, timeout=10)
    try:
        created = await client.run_process(PROCESS_ID, {"recordId": "rec-1", "department": "icu"})
        key = created.process_instance_key

        async def review_task() -> dict[str, Any] | None:
            filter_ = {"processInstanceKey": str(key), "state": "CREATED"}
            response = await http.post("/user-tasks/search", json={"filter": filter_})
            response.raise_for_status()
            items = response.json()["items"]
            return items[0] if items else None

        item = await wait_for(review_task, timeout_s=15, what="the clinical review")
        task_key = item["userTaskKey"]
        response = await http.post(
            f"/user-tasks/{task_key}/assignment", json={"assignee": "dr-lee"}
        )
        assert response.status_code == 204, response.text
        response = await http.post(
            f"/user-tasks/{task_key}/completion", json={"variables": {"reviewOutcome": "coded"}}
        )
        assert response.status_code == 204, response.text
        await wait_for(lambda: instance_ended(node, key), timeout_s=15, what="the instance to end")
        records = await read_until_completed(kafka.bootstrap, key, timeout_s=30)
    finally:
        await http.aclose()
        await worker.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 10)
        await channel.close()

    lines = history(records, key)
    steps = [line for line in lines if line.endswith(("ELEMENT_ACTIVATED", "ELEMENT_COMPLETED"))]
    assert steps == [
        "PROCESS healthcare-record ELEMENT_ACTIVATED",
        "START_EVENT record_received ELEMENT_ACTIVATED",
        "START_EVENT record_received ELEMENT_COMPLETED",
        "SERVICE_TASK validate_record ELEMENT_ACTIVATED",
        "SERVICE_TASK validate_record ELEMENT_COMPLETED",
        "SERVICE_TASK pseudonymize_record ELEMENT_ACTIVATED",
        "SERVICE_TASK pseudonymize_record ELEMENT_COMPLETED",
        "USER_TASK clinical_review ELEMENT_ACTIVATED",
        "USER_TASK clinical_review ELEMENT_COMPLETED",
        "SERVICE_TASK archive_record ELEMENT_ACTIVATED",
        "SERVICE_TASK archive_record ELEMENT_COMPLETED",
        "END_EVENT record_archived ELEMENT_ACTIVATED",
        "END_EVENT record_archived ELEMENT_COMPLETED",
        "PROCESS healthcare-record ELEMENT_COMPLETED",
    ]
    # Who did what: every job with the worker that completed it, the clinician's task.
    for job_type in ("validate-record", "pseudonymize-record", "archive-record"):
        assert f"JOB {job_type} CREATED" in lines
        assert f"JOB {job_type} COMPLETED records" in lines
    assert "USER_TASK clinical_review ASSIGNED dr-lee" in lines
    assert "USER_TASK clinical_review COMPLETED dr-lee" in lines
    # What changed: the variables, with their values (references and pseudonyms only).
    assert 'VARIABLE recordId CREATED "rec-1"' in lines
    assert f'VARIABLE pseudonym CREATED "{pseudonym("rec-1")}"' in lines
    assert 'VARIABLE reviewOutcome CREATED "coded"' in lines
