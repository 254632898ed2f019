"""Server time of the tasklist's heaviest pages, over real HTTP (uvicorn, loopback):

- the task list ("all open", first page of 25) with 10,000 open tasks in the read model,
  seen by an admin (no visibility filter) and by a group member (the candidate filter);
- the same list searched by a variable and sorted by due date;
- an instance page with 1,000 audit records and 300 element instances.

Rows go straight into a SQLite read model (what the SQL exporter would have written), so the
figures are the page's own cost: queries, names from the parsed BPMN, template rendering.
Prints time to first byte and full response, median and p95 of `--runs` requests (target:
under 200 ms for a page).

    .venv/bin/python benchmarks/tasklist_pages.py [--tasks 10000] [--records 1000] [--runs 30]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from fastapi import FastAPI
from sqlalchemy import insert

from broker import BrokerClient, Partition
from broker.exporters.sql import create_read_model_engine, migrate
from broker.exporters.sql import schema as s
from gateway.http import HttpServer
from tasklist import TasklistSettings, User, create_tasklist, dispose_tasklist, hash_password

ROOT = Path(__file__).resolve().parents[1]
LOAN = ROOT / "tests" / "tasklist" / "fixtures" / "loan_approval.bpmn"
DEFINITION = 2251799813685249
INSTANCE_BASE = 2251799813700000


def fill(url: str, tasks: int, records: int) -> int:
    engine = create_read_model_engine(url)
    migrate(engine)
    now = int(time.time() * 1000)
    with engine.begin() as c:
        c.execute(
            insert(s.process_definitions),
            [
                {
                    "key": DEFINITION,
                    "bpmn_process_id": "loan-approval",
                    "version": 1,
                    "version_tag": "",
                    "resource_name": "loan.bpmn",
                    "bpmn_xml": LOAN.read_text(),
                    "checksum": "x",
                    "deployment_key": 1,
                    "tenant_id": "<default>",
                    "deployed_at": now,
                    "deleted": False,
                }
            ],
        )
        c.execute(
            insert(s.process_instances),
            [
                {
                    "key": INSTANCE_BASE + i,
                    "bpmn_process_id": "loan-approval",
                    "process_definition_key": DEFINITION,
                    "version": 1,
                    "state": "ACTIVE",
                    "start_date": now - i,
                    "end_date": None,
                    "business_key": f"loan-{i}",
                    "parent_process_instance_key": None,
                    "parent_element_instance_key": None,
                    "tenant_id": "<default>",
                    "partition_id": 1,
                }
                for i in range(tasks)
            ],
        )
        c.execute(
            insert(s.user_tasks),
            [
                {
                    "key": INSTANCE_BASE + 1_000_000 + i,
                    "state": "CREATED",
                    "assignee": None,
                    "candidate_users": "[]",
                    "candidate_groups": json.dumps(["officers" if i % 2 else "managers"]),
                    "due_date": f"2030-01-{1 + i % 28:02d}T10:00:00Z",
                    "follow_up_date": None,
                    "priority": i % 100,
                    "form_key": None,
                    "external_form_reference": None,
                    "custom_headers": "{}",
                    "element_id": "Review",
                    "element_instance_key": INSTANCE_BASE + 2_000_000 + i,
                    "process_instance_key": INSTANCE_BASE + i,
                    "process_definition_key": DEFINITION,
                    "bpmn_process_id": "loan-approval",
                    "tenant_id": "<default>",
                    "created_at": now - i,
                    "completed_at": None,
                }
                for i in range(tasks)
            ],
        )
        c.execute(
            insert(s.user_task_candidates),
            [
                {
                    "user_task_key": INSTANCE_BASE + 1_000_000 + i,
                    "kind": "group",
                    "name": "officers" if i % 2 else "managers",
                }
                for i in range(tasks)
            ],
        )
        c.execute(
            insert(s.variables),
            [
                {
                    "key": INSTANCE_BASE + 3_000_000 + i,
                    "name": "applicant",
                    "value": json.dumps(f"applicant {i}"),
                    "scope_key": INSTANCE_BASE + i,
                    "process_instance_key": INSTANCE_BASE + i,
                    "process_definition_key": DEFINITION,
                    "bpmn_process_id": "loan-approval",
                    "tenant_id": "<default>",
                    "updated_at": now,
                }
                for i in range(tasks)
            ],
        )
        heavy = INSTANCE_BASE
        c.execute(
            insert(s.element_instances),
            [
                {
                    "key": INSTANCE_BASE + 4_000_000 + i,
                    "process_instance_key": heavy,
                    "process_definition_key": DEFINITION,
                    "bpmn_process_id": "loan-approval",
                    "element_id": ("Start", "Review", "Approve")[i % 3],
                    "element_type": "USER_TASK",
                    "flow_scope_key": heavy,
                    "state": "COMPLETED",
                    "start_date": now + i,
                    "end_date": now + i,
                    "incident_key": None,
                    "tenant_id": "<default>",
                }
                for i in range(300)
            ],
        )
        record = {"value": {"elementId": "Review", "processInstanceKey": heavy}}
        c.execute(
            insert(s.audit_records),
            [
                {
                    "partition_id": 1,
                    "position": i + 1,
                    "record_key": heavy,
                    "timestamp": now + i,
                    "record_type": "EVENT",
                    "value_type": "PROCESS_INSTANCE",
                    "intent": "ELEMENT_COMPLETED",
                    "process_instance_key": heavy,
                    "json": json.dumps(record),
                }
                for i in range(records)
            ],
        )
    engine.dispose()
    return INSTANCE_BASE


async def measure(
    client: httpx.AsyncClient, path: str, runs: int
) -> tuple[list[float], list[float], int]:
    first, full = [], []
    size = 0
    for _ in range(runs + 3):
        start = time.perf_counter()
        async with client.stream("GET", path) as response:
            headers = time.perf_counter()
            body = await response.aread()
            done = time.perf_counter()
            assert response.status_code == 200, (path, response.status_code)
        size = len(body)
        first.append((headers - start) * 1000)
        full.append((done - start) * 1000)
    return first[3:], full[3:], size  # the first runs warm caches (parsed BPMN, SQLite pages)


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/read-model.db"
        started = time.perf_counter()
        heavy = fill(url, args.tasks, args.records)
        print(
            f"read model: {args.tasks} open tasks, an instance with {args.records} records "
            f"({time.perf_counter() - started:.1f} s to fill)"
        )
        password = hash_password("bench")
        settings = TasklistSettings(
            users={
                "root": User("root", password, (), ("admin",)),
                "alice": User("alice", password, ("officers",)),
            }
        )
        partition = await Partition.start(Path(tmp) / "p1", 1)
        app = FastAPI()
        tasklist = create_tasklist(settings, BrokerClient([partition]), url)
        app.mount("/tasklist", tasklist)
        server = HttpServer(app, "127.0.0.1", 0)
        await server.start()
        try:
            base = f"http://127.0.0.1:{server.port}"
            pages = [
                ("root", "task list, all open (admin)", "/tasklist/tasks?filter=open"),
                ("alice", "task list, all open (group member)", "/tasklist/tasks?filter=open"),
                (
                    "alice",
                    "task list, by variable, due date",
                    "/tasklist/tasks?filter=open&var=applicant&value=applicant%204001&sort=due",
                ),
                ("alice", "task list, page 200", "/tasklist/tasks?filter=open&page=200"),
                ("root", f"instance page ({args.records} records)", f"/tasklist/instances/{heavy}"),
            ]
            print(f"{'page':44} {'TTFB p50':>9} {'p95':>7} {'full p50':>9} {'p95':>7} {'bytes':>8}")
            for user, label, path in pages:
                async with httpx.AsyncClient(base_url=base, timeout=30) as client:
                    login = await client.get("/tasklist/login")
                    token = login.text.split('name="csrf-token" content="')[1].split('"')[0]
                    await client.post(
                        "/tasklist/login",
                        data={"username": user, "password": "bench", "csrf_token": token},
                    )
                    first, full, size = await measure(client, path, args.runs)
                print(
                    f"{label:44} {statistics.median(first):7.1f}ms {p95(first):5.1f}ms "
                    f"{statistics.median(full):7.1f}ms {p95(full):5.1f}ms {size:8d}"
                )
        finally:
            await server.stop()
            await partition.stop()
            dispose_tasklist(tasklist)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--records", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=30)
    asyncio.run(main(parser.parse_args()))
