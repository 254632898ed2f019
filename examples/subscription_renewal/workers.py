"""Workers of the subscription renewal example (pyzeebe), and the renewal message.

    .venv/bin/python -m examples.subscription_renewal.workers [--address localhost:26500]

Each subscription is one process instance that lives as long as the subscription: Baton
keeps its state (`subscriptionId`, `plan`, `renewals`) and waits, each `period`, for the
`subscription-renewed` message or the end of the period. The workers keep nothing.

- `extend-subscription`: the customer renewed -> `renewals` + 1.
- `end-access`: the period ended without a renewal: access is withdrawn.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from typing import Any

from pyzeebe import ZeebeClient, ZeebeWorker, create_insecure_channel

PROCESS_ID = "subscription-renewal"


async def renew(client: ZeebeClient, subscription_id: str, renewal: int) -> None:
    """The billing front end's "renew" button: one message per renewal (its id makes a
    double click harmless)."""
    await client.publish_message(
        "subscription-renewed",
        correlation_key=subscription_id,
        time_to_live_in_milliseconds=60_000,
        message_id=f"{subscription_id}/renewal/{renewal}",
    )


def create_worker(
    channel: Any, *, on_ended: Callable[[str, int], None] | None = None
) -> ZeebeWorker:
    """`on_ended(subscriptionId, renewals)` (tests, benchmarks) is called as access ends."""
    worker = ZeebeWorker(channel, name="subscriptions", stream_enabled=True)

    @worker.task(task_type="extend-subscription", max_jobs_to_activate=128, max_running_jobs=128)
    async def extend(subscriptionId: str, renewals: int = 0) -> dict[str, Any]:
        return {"renewals": renewals + 1}

    @worker.task(task_type="end-access", max_jobs_to_activate=128, max_running_jobs=128)
    async def end_access(subscriptionId: str, renewals: int = 0) -> dict[str, Any]:
        if on_ended is not None:
            on_ended(subscriptionId, renewals)
        return {"accessEnded": True}

    return worker


def example_variables() -> dict[str, Any]:
    return {"subscriptionId": "sub-0001", "plan": "monthly", "period": "PT2M"}


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
