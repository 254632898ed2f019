"""The SQL exporter on SQLite and PostgreSQL: engine-made records become the expected rows,
and exporting the same batches again changes nothing."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, func, select

from broker.exporters.sql import SqlExporter, SqlExporterConfig, migrate
from broker.exporters.sql import schema as s
from engine.records import Record, RecordType
from engine.testing import EngineHarness, bpmn
from tests.engine.risk_decision import DMN, RULE

from .conftest import batches, run_orders


async def export(url: str, logs: dict[int, Sequence[Record[Any]]], size: int = 9) -> None:
    for partition, log in logs.items():
        exporter = SqlExporter(SqlExporterConfig(url=url))
        await exporter.open(partition)
        try:
            for batch in batches(log, size):
                await exporter.export(batch)
            assert exporter.acknowledged_position == log[-1].position
        finally:
            await exporter.close()


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as c:
        return {
            name: sorted(tuple(row) for row in c.execute(select(table)))
            for name, table in s.metadata.tables.items()
        }


def rows(engine: Engine, table: Any, *where: Any) -> list[dict[str, Any]]:
    with engine.connect() as c:
        return [dict(r) for r in c.execute(select(table).where(*where)).mappings()]


@pytest.fixture
def db(read_model_url: str) -> Any:
    engine = create_engine(read_model_url)
    yield read_model_url, engine
    engine.dispose()


async def test_a_run_becomes_the_expected_rows(db: Any) -> None:
    url, engine = db
    logs = {1: run_orders(1), 2: run_orders(2, instances=1, fail_first=False)}
    await export(url, logs)

    with engine.connect() as c:
        audit = c.execute(select(func.count()).select_from(s.audit_records)).scalar_one()
        positions = dict(
            c.execute(
                select(s.exporter_positions.c.partition_id, s.exporter_positions.c.position)
            ).all()
        )
    assert audit == sum(len(log) for log in logs.values())
    assert positions == {p: log[-1].position for p, log in logs.items()}

    [definition] = rows(engine, s.process_definitions, s.process_definitions.c.key < 2**52)
    assert definition["bpmn_process_id"] == "order" and definition["version"] == 1
    assert 'id="charge"' in definition["bpmn_xml"]

    instances = rows(engine, s.process_instances, s.process_instances.c.partition_id == 1)
    by_business_key = {i["business_key"]: i for i in instances}
    assert set(by_business_key) == {"b0", "b1", "open"}
    assert by_business_key["b0"]["state"] == "COMPLETED"
    assert by_business_key["b0"]["end_date"] >= by_business_key["b0"]["start_date"]
    assert by_business_key["open"]["state"] == "ACTIVE"
    assert by_business_key["open"]["end_date"] is None

    first = by_business_key["b0"]["key"]
    elements = rows(
        engine, s.element_instances, s.element_instances.c.process_instance_key == first
    )
    assert sorted((e["element_id"], e["element_type"], e["state"]) for e in elements) == [
        ("approve", "USER_TASK", "COMPLETED"),
        ("charge", "SERVICE_TASK", "COMPLETED"),
        ("end", "END_EVENT", "COMPLETED"),
        ("start", "START_EVENT", "COMPLETED"),
    ]
    assert all(e["incident_key"] is None for e in elements)  # resolved

    variables = {
        v["name"]: json.loads(v["value"])
        for v in rows(engine, s.variables, s.variables.c.process_instance_key == first)
    }
    assert variables == {
        "amount": 10,
        "customer": "c0",
        "paid": True,
        "receipt": "r0",
        "approved": True,
    }
    [incident] = rows(engine, s.incidents, s.incidents.c.process_instance_key == first)
    assert incident["state"] == "RESOLVED" and incident["error_type"] == "JOB_NO_RETRIES"
    assert incident["error_message"] == "card declined" and incident["resolved_at"] is not None
    [job] = rows(engine, s.jobs, s.jobs.c.process_instance_key == first)
    assert job["state"] == "COMPLETED" and job["type"] == "payment" and job["worker"]
    assert json.loads(job["custom_headers"]) == {"method": "card"}

    tasks = {
        t["process_instance_key"]: t
        for t in rows(engine, s.user_tasks, s.user_tasks.c.bpmn_process_id == "order")
    }
    done, waiting = tasks[first], tasks[by_business_key["open"]["key"]]
    assert done["state"] == "COMPLETED" and done["assignee"] == "ann"
    assert waiting["state"] == "CREATED" and waiting["assignee"] is None
    assert waiting["priority"] == 70 and waiting["due_date"] == "2030-01-02T10:00:00Z"
    assert waiting["external_form_reference"] == "https://forms.example/approve"
    candidates = rows(
        engine, s.user_task_candidates, s.user_task_candidates.c.user_task_key == waiting["key"]
    )
    assert sorted((c["kind"], c["name"]) for c in candidates) == [
        ("group", "audit"),
        ("group", "finance"),
        ("user", "ann"),
    ]


async def test_exporting_the_same_batches_again_changes_nothing(db: Any) -> None:
    url, engine = db
    log = run_orders(1)
    await export(url, {1: log}, size=9)
    before = snapshot(engine)
    await export(url, {1: log}, size=9)  # the same batches
    await export(url, {1: log}, size=13)  # batches that straddle applied positions
    exporter = SqlExporter(SqlExporterConfig(url=url))
    await exporter.open(1)
    assert exporter.acknowledged_position == log[-1].position  # read back from the table
    await exporter.export(log[:5])  # a stale batch
    await exporter.close()
    assert snapshot(engine) == before


async def test_a_failed_batch_leaves_nothing_and_is_applied_on_retry(db: Any) -> None:
    url, engine = db
    log = run_orders(1, instances=1)
    exporter = SqlExporter(SqlExporterConfig(url=url))
    await exporter.open(1)
    try:
        await exporter.export(log[:10])
        before = snapshot(engine)
        # A record whose JSON cannot be stored: the batch is rolled back as a whole.
        broken = [*log[10:20], _mangled(log[20])]
        with pytest.raises(Exception):  # noqa: B017
            await exporter.export(broken)
        assert snapshot(engine) == before
        await exporter.export(log[10:])
    finally:
        await exporter.close()
    fresh = run_orders(1, instances=1)
    assert len(rows(engine, s.audit_records)) == len(fresh)


def _mangled(record: Record[Any]) -> Any:
    class Broken:
        def __getattr__(self, name: str) -> Any:
            return getattr(record, name)

        def to_json(self) -> bytes:
            raise RuntimeError("disk on fire")

    return Broken()


async def test_hostile_values(db: Any) -> None:
    url, engine = db
    h = EngineHarness()
    h.deploy(
        bpmn("""<bpmn:process id="odd" isExecutable="true"><bpmn:startEvent id="s" />
        <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="w" /><bpmn:userTask id="w" />
        </bpmn:process>""")
    )
    odd = {
        "big": "x" * 3_000_000,
        "ünï 日本語": "😀 \u2028 'quoted' \"double\" \\ back \x00 nul",
        "nested": {"a": [1, 2.5, None, True, {"b": []}], "": "empty key"},
        "huge_int": 2**70,
        "tiny": 1e-300,
        "na\x00me": "nul in the name",
        "drop table variables; --": "'); DROP TABLE variables; --",
    }
    key = h.create_instance("odd", odd, business_key="ключ 🔑")
    await export(url, {1: h.log})
    stored = rows(engine, s.variables, s.variables.c.process_instance_key == key)
    values = {v["name"]: json.loads(v["value"]) for v in stored}
    expected = dict(odd)
    if engine.dialect.name == "postgresql":
        expected["na\ufffdme"] = expected.pop("na\x00me")
    assert values == expected
    [instance] = rows(engine, s.process_instances, s.process_instances.c.key == key)
    assert instance["business_key"] == "ключ 🔑"
    audit = rows(engine, s.audit_records, s.audit_records.c.process_instance_key == key)
    assert {json.loads(a["json"])["position"] for a in audit} >= {
        r.position for r in h.log if getattr(r.value, "process_instance_key", -1) == key
    }
    commands = [a for a in audit if a["record_type"] == RecordType.COMMAND.name]
    assert commands  # the audit table keeps commands too


async def test_decisions_and_cancelled_instances(db: Any) -> None:
    url, engine = db
    h = EngineHarness()
    h.deploy(("risk.dmn", DMN))
    h.deploy(RULE)
    high = h.create_instance("rule", {"amount": 5000})
    low = h.create_instance("rule", {"amount": 5})
    h.cancel(low)
    await export(url, {1: h.log}, size=4)

    [definition] = rows(engine, s.decision_definitions)
    assert (definition["decision_id"], definition["name"]) == ("risk_level", "Risk level")
    [drg] = rows(engine, s.decision_requirements)
    assert drg["decision_requirements_id"] == "risk" and "<decisionTable" in drg["dmn_xml"]
    evaluations = {d["process_instance_key"]: d for d in rows(engine, s.decision_instances)}
    assert json.loads(evaluations[high]["output"]) == "high"
    assert json.loads(evaluations[low]["output"]) == "low"
    assert evaluations[high]["state"] == "EVALUATED"
    assert evaluations[high]["id"] == f"{evaluations[high]['evaluation_key']}-1"
    [rule] = json.loads(evaluations[high]["matched_rules"])
    assert rule["ruleId"] == "high"

    states = {i["key"]: i["state"] for i in rows(engine, s.process_instances)}
    assert states == {high: "ACTIVE", low: "TERMINATED"}
    waiting = rows(engine, s.element_instances, s.element_instances.c.process_instance_key == low)
    assert {e["element_id"]: e["state"] for e in waiting}["wait"] == "TERMINATED"


def _event(position: int, value_type: Any, intent: Any, value: Any, key: int) -> Record[Any]:
    return Record(
        position=position,
        key=key,
        timestamp=1_700_000_000_000 + position,
        partition_id=3,
        record_type=RecordType.EVENT,
        value_type=value_type,
        intent=intent,
        value=value,
    )


async def test_messages_and_subscriptions(db: Any) -> None:
    # The engine does not publish messages yet: these records are made by hand, in the
    # shape docs/records.md gives them.
    from engine.records import ValueType as VT
    from engine.records.intents import (
        MessageIntent,
        MessageSubscriptionIntent,
        ProcessMessageSubscriptionIntent,
    )
    from engine.records.values import (
        MessageRecordValue,
        MessageSubscriptionRecordValue,
        ProcessMessageSubscriptionRecordValue,
    )

    url, engine = db
    base = 3 << 51
    sub = {"process_instance_key": base + 1, "element_instance_key": base + 2}
    log = [
        _event(
            1,
            VT.PROCESS_MESSAGE_SUBSCRIPTION,
            ProcessMessageSubscriptionIntent.CREATED,
            ProcessMessageSubscriptionRecordValue(
                message_name="paid", correlation_key="o-1", element_id="wait", **sub
            ),
            base + 3,
        ),
        _event(
            2,
            VT.MESSAGE_SUBSCRIPTION,
            MessageSubscriptionIntent.CREATED,
            MessageSubscriptionRecordValue(message_name="paid", correlation_key="o-1", **sub),
            base + 4,
        ),
        _event(
            3,
            VT.MESSAGE,
            MessageIntent.PUBLISHED,
            MessageRecordValue(
                name="paid", correlation_key="o-1", time_to_live=60_000, variables={"x": 1}
            ),
            base + 5,
        ),
        _event(
            4,
            VT.MESSAGE_SUBSCRIPTION,
            MessageSubscriptionIntent.CORRELATED,
            MessageSubscriptionRecordValue(
                message_name="paid", correlation_key="o-1", message_key=base + 5, **sub
            ),
            base + 4,
        ),
        _event(5, VT.MESSAGE, MessageIntent.EXPIRED, MessageRecordValue(name="paid"), base + 5),
    ]
    await export(url, {3: log}, size=2)
    [message] = rows(engine, s.messages)
    assert (message["name"], message["state"], json.loads(message["variables"])) == (
        "paid",
        "EXPIRED",
        {"x": 1},
    )
    subscriptions = {r["kind"]: r for r in rows(engine, s.message_subscriptions)}
    assert subscriptions["MESSAGE"]["state"] == "CORRELATED"
    assert subscriptions["MESSAGE"]["message_key"] == base + 5
    assert subscriptions["PROCESS"]["state"] == "CREATED"
    assert subscriptions["PROCESS"]["element_id"] == "wait"


async def test_partitions_export_side_by_side_into_one_database(db: Any) -> None:
    import asyncio

    url, engine = db
    logs = {p: run_orders(p, instances=2) for p in (1, 2, 3, 4)}

    async def one(partition: int) -> None:
        # Each opens (and migrates) at the same time as the others.
        exporter = SqlExporter(SqlExporterConfig(url=url))
        await exporter.open(partition)
        try:
            for batch in batches(logs[partition], 5):
                await exporter.export(batch)
        finally:
            await exporter.close()

    await asyncio.gather(*(one(p) for p in logs))
    with engine.connect() as c:
        count = c.execute(select(func.count()).select_from(s.audit_records)).scalar_one()
        instances = c.execute(select(func.count()).select_from(s.process_instances)).scalar_one()
    assert count == sum(len(log) for log in logs.values())
    assert instances == 4 * 3


async def test_batch_boundaries_do_not_change_the_result(read_model_url: str) -> None:
    """Writes are merged per row within a batch; one record per batch, odd sizes and the
    whole log in one batch must leave the same tables (business key before the instance row,
    incidents created and resolved, tasks claimed and completed inside one batch)."""
    log = run_orders(1, instances=3)
    snapshots = []
    for size in (1, 7, len(log)):
        base, _, name = read_model_url.rpartition("/")
        url = f"{base}/{name.replace('.db', '')}-{size}.db" if "sqlite" in base else None
        if url is None:  # PostgreSQL: one database, so clear it between runs
            url = read_model_url
            migrate(url)
            engine = create_engine(url)
            with engine.begin() as c:
                for table in s.metadata.sorted_tables:
                    c.execute(table.delete())
            engine.dispose()
        await export(url, {1: log}, size=size)
        engine = create_engine(url)
        snapshots.append(snapshot(engine))
        engine.dispose()
    assert snapshots[0] == snapshots[1] == snapshots[2]


async def test_the_exporting_process_killed_mid_batch_loses_and_doubles_nothing(
    read_model_url: str, tmp_path: Any
) -> None:
    """SIGKILL the exporting process at arbitrary points (inside a transaction, between the
    commit and the stored position, ...); restarts resume from the stored position, which may
    be behind the database's: the end state equals one clean export."""
    import subprocess
    import sys
    from pathlib import Path

    worker = [sys.executable, str(Path(__file__).with_name("export_sql_worker.py"))]
    args = [read_model_url, str(tmp_path / "acknowledged"), "3"]
    for kill_after in (2, 5):
        with subprocess.Popen([*worker, *args], stdout=subprocess.PIPE, text=True) as process:
            assert process.stdout is not None
            for _ in range(kill_after):
                assert process.stdout.readline().startswith("acknowledged")
            process.kill()
            process.wait(timeout=10)
    finished = subprocess.run([*worker, *args], capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr

    engine = create_engine(read_model_url)
    killed = snapshot(engine)
    with engine.begin() as c:
        for table in s.metadata.sorted_tables:
            c.execute(table.delete())
    engine.dispose()
    await export(read_model_url, {1: run_orders(1, 3)}, size=50)
    engine = create_engine(read_model_url)
    try:
        assert snapshot(engine) == killed
    finally:
        engine.dispose()
