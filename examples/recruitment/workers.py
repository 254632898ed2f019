"""Workers of the recruitment example (pyzeebe). The people's part (screening, the interview
feedback form) is done in the tasklist, or through the REST user task endpoints.

    .venv/bin/python -m examples.recruitment.workers [--address localhost:26500]

- `remind-interviewer`: the feedback is overdue (`feedbackDue` after the interview task was
  created); the task stays open.
- `send-offer`, `send-rejection`: after the DMN decision `hiring-recommendation`.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from typing import Any

from pyzeebe import ZeebeWorker, create_insecure_channel

PROCESS_ID = "recruitment"


def create_worker(
    channel: Any, *, on_event: Callable[[str, str], None] | None = None
) -> ZeebeWorker:
    """`on_event(kind, candidateName)` (tests): "reminded", "offer" or "rejection"."""
    worker = ZeebeWorker(channel, name="recruitment", stream_enabled=True)

    def event(kind: str, candidate: str) -> None:
        if on_event is not None:
            on_event(kind, candidate)

    @worker.task(task_type="remind-interviewer")
    async def remind(candidateName: str) -> dict[str, Any]:
        event("reminded", candidateName)
        return {"reminderSent": True}

    @worker.task(task_type="send-offer")
    async def offer(candidateName: str, position: str) -> dict[str, Any]:
        event("offer", candidateName)
        return {"offerSent": True}

    @worker.task(task_type="send-rejection")
    async def rejection(candidateName: str) -> dict[str, Any]:
        event("rejection", candidateName)
        return {"rejectionSent": True}

    return worker


def example_variables() -> dict[str, Any]:
    return {
        "candidateName": "Grace Hopper",
        "position": "Compiler engineer",
        "yearsOfExperience": 7,
        "feedbackDue": "P2D",
    }


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
