"""Fixtures for the exporter tests: engine-made records, a Tansu broker per module, and a
throwaway PostgreSQL server per session. Every server is started here and stopped here."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from broker.exporters.kafka_testing import TansuBroker
from engine.records import Record
from engine.testing import EngineHarness, bpmn

ORDER = bpmn("""
  <bpmn:process id="order" name="Order" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="charge" />
    <bpmn:serviceTask id="charge" name="Charge card">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="payment" retries="2" />
        <zeebe:taskHeaders><zeebe:header key="method" value="card" /></zeebe:taskHeaders>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="charge" targetRef="approve" />
    <bpmn:userTask id="approve" name="Approve">
      <bpmn:extensionElements>
        <zeebe:userTask />
        <zeebe:assignmentDefinition candidateGroups="finance, audit" candidateUsers="ann" />
        <zeebe:taskSchedule dueDate="2030-01-02T10:00:00Z" followUpDate="2030-01-01T10:00:00Z" />
        <zeebe:priorityDefinition priority="=70" />
        <zeebe:formDefinition externalReference="https://forms.example/approve" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="approve" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")


def run_orders(
    partition_id: int = 1, instances: int = 2, *, fail_first: bool = True
) -> list[Record[Any]]:
    """The log of a real engine: deploy ``order``, run ``instances`` instances end to end
    (job failed once into an incident that is resolved, user task claimed and completed), and
    leave one more instance waiting at its user task."""
    h = EngineHarness(partition_id=partition_id)
    h.deploy(ORDER)
    for n in range(instances):
        h.create_instance("order", {"amount": 10 + n, "customer": f"c{n}"}, business_key=f"b{n}")
        [job] = h.jobs.activate("payment")
        if fail_first and n == 0:
            h.jobs.fail(job.key, 0, "card declined")
            [(incident, _)] = h.open_incidents()
            h.jobs.update_retries(job.key, 1)
            h.resolve_incident(incident)
            [job] = h.jobs.activate("payment")
        h.jobs.complete(job.key, {"paid": True, "receipt": f"r{n}"})
        task = h.user_tasks.key_of("approve")
        h.user_tasks.claim(task, "ann")
        h.user_tasks.complete(task, {"approved": n % 2 == 0})
    h.create_instance("order", {"amount": 99, "customer": "waiting"}, business_key="open")
    h.jobs.complete_all("payment", {"paid": False})
    h.assert_replay_matches()
    return h.log


def batches(records: Sequence[Record[Any]], size: int) -> list[list[Record[Any]]]:
    return [list(records[i : i + size]) for i in range(0, len(records), size)]


@pytest.fixture(scope="module")
def tansu() -> Iterator[TansuBroker]:
    with TansuBroker() as broker:
        yield broker


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """One PostgreSQL server for the session; each test gets its own database on it."""
    from broker.exporters.sql.testing import throwaway_postgres

    with throwaway_postgres() as url:
        yield url


_databases = iter(range(1, 1_000_000))


@pytest.fixture(params=["sqlite", "postgresql"])
def read_model_url(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    """An empty database: a SQLite file, or a fresh database on the session's server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'read-model.db'}"
        return
    from sqlalchemy import create_engine, text

    server: str = request.getfixturevalue("postgres_server")
    name = f"t{next(_databases)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            c.execute(text(f"CREATE DATABASE {name}"))
        yield server.rsplit("/", 1)[0] + "/" + name
        with admin.connect() as c:
            c.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
    finally:
        admin.dispose()
