"""Workers of the healthcare record example (pyzeebe), and the audit history.

    .venv/bin/python -m examples.healthcare_audit.workers [--address localhost:26500]

The process variables carry only a reference (`recordId`) and a pseudonym, because every
variable change is in the audit stream; the workers read the record itself from the
hospital's systems (simulated here).

- `validate-record` -> `recordValid`; `pseudonymize-record` -> `pseudonym` (a keyed hash of
  the record id: the same patient always gets the same pseudonym, which reveals nothing);
  `archive-record` -> `archiveUri`.

`history(records, process_instance_key)` rebuilds one instance's history from the audit
stream's records (Zeebe's exporter JSON), as an auditor would.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
from collections.abc import Iterable
from typing import Any

from pyzeebe import ZeebeWorker, create_insecure_channel

PROCESS_ID = "healthcare-record"
PSEUDONYM_KEY = b"example-only: load the real key from your secret store"


def pseudonym(record_id: str) -> str:
    return hmac.new(PSEUDONYM_KEY, record_id.encode(), hashlib.sha256).hexdigest()[:16]


def create_worker(channel: Any) -> ZeebeWorker:
    worker = ZeebeWorker(channel, name="records", stream_enabled=True)

    @worker.task(task_type="validate-record")
    async def validate(recordId: str) -> dict[str, Any]:
        return {"recordValid": True}

    @worker.task(task_type="pseudonymize-record")
    async def pseudonymize(recordId: str) -> dict[str, Any]:
        return {"pseudonym": pseudonym(recordId)}

    @worker.task(task_type="archive-record")
    async def archive(pseudonym: str) -> dict[str, Any]:
        return {"archiveUri": f"archive://records/{pseudonym}"}

    return worker


def history(records: Iterable[dict[str, Any]], process_instance_key: int) -> list[str]:
    """One instance's history as lines, in log order, each record once (deduplicated by
    partition and position: the stream is delivered at least once)."""
    seen: set[tuple[int, int]] = set()
    mine = []
    for record in records:
        identity = (record["partitionId"], record["position"])
        value = record["value"]
        if identity in seen or value.get("processInstanceKey") != process_instance_key:
            continue
        seen.add(identity)
        mine.append(record)
    mine.sort(key=lambda r: (r["partitionId"], r["position"]))
    lines = []
    for record in mine:
        value, kind, intent = record["value"], record["valueType"], record["intent"]
        if kind == "PROCESS_INSTANCE":
            if intent in ("ELEMENT_ACTIVATED", "ELEMENT_COMPLETED", "ELEMENT_TERMINATED"):
                lines.append(f"{value['bpmnElementType']} {value['elementId']} {intent}")
        elif kind == "JOB":
            lines.append(f"JOB {value['type']} {intent} {value['worker']}".rstrip())
        elif kind == "USER_TASK":
            lines.append(f"USER_TASK {value['elementId']} {intent} {value['assignee']}".rstrip())
        elif kind == "VARIABLE":
            lines.append(f"VARIABLE {value['name']} {intent} {value['value']}")
        elif kind == "INCIDENT":
            lines.append(f"INCIDENT {value['errorType']} {intent}")
    return lines


def example_variables() -> dict[str, Any]:
    return {"recordId": "rec-8812", "department": "cardiology"}


async def run(address: str) -> None:
    channel = create_insecure_channel(grpc_address=address)
    await create_worker(channel).work()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--address", default="localhost:26500", help="Baton's gRPC address")
    args = parser.parse_args(argv)
    asyncio.run(run(args.address))


if __name__ == "__main__":
    main()
