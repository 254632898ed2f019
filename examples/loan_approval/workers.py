"""Workers of the loan approval example (pyzeebe). The two approvals are people's work, in
the tasklist (form `loan-approval`) or through the REST user task endpoints.

    .venv/bin/python -m examples.loan_approval.workers [--address localhost:26500]

- `check-documents` -> `documentsComplete`.
- `remind-approvers`: 2 days passed without both decisions (the tasks stay open).
- `escalate-loan`: 5 days passed: the approvals are withdrawn and the credit committee
  takes over.
- `disburse-loan` / `send-decline`: after both decisions.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from typing import Any

from pyzeebe import ZeebeWorker, create_insecure_channel

PROCESS_ID = "loan-approval"


def create_worker(
    channel: Any, *, on_event: Callable[[str, str], None] | None = None
) -> ZeebeWorker:
    """`on_event(kind, applicant)` (tests): "reminded", "escalated", "disbursed", "declined"."""
    worker = ZeebeWorker(channel, name="loans", stream_enabled=True)

    def event(kind: str, applicant: str) -> None:
        if on_event is not None:
            on_event(kind, applicant)

    @worker.task(task_type="check-documents")
    async def check_documents(applicant: str, amount: float) -> dict[str, Any]:
        return {"documentsComplete": True}

    @worker.task(task_type="remind-approvers")
    async def remind(applicant: str) -> dict[str, Any]:
        event("reminded", applicant)
        return {}

    @worker.task(task_type="escalate-loan")
    async def escalate(applicant: str) -> dict[str, Any]:
        event("escalated", applicant)
        return {"escalated": True}

    @worker.task(task_type="disburse-loan")
    async def disburse(applicant: str, amount: float) -> dict[str, Any]:
        event("disbursed", applicant)
        return {"disbursed": amount}

    @worker.task(task_type="send-decline")
    async def decline(applicant: str) -> dict[str, Any]:
        event("declined", applicant)
        return {"declineSent": True}

    return worker


def example_variables() -> dict[str, Any]:
    return {"applicant": "Katherine Johnson", "amount": 25000, "termMonths": 48}


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
