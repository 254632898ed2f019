"""Workers of the ride hailing example (pyzeebe), and the messages the apps send.

    .venv/bin/python -m examples.ride_hailing.workers [--address localhost:26500]

- `dispatch-driver` offers the ride to the next driver in `drivers` (in production: a push to
  that driver's app) -> `dispatchAttempt` (1, 2, ...), `driverId`.
- The driver's app answers with the message `driver-accepted`, correlation key
  `<rideId>/<dispatchAttempt>` (`accept_ride`): an acceptance of an offer that already timed
  out matches nothing and cannot take the ride from the next driver.
- The trip's end is the message `trip-completed`, correlation key `rideId`, with the `fare`
  (`complete_trip`).
- `charge-rider` charges the fare; `notify-no-driver` tells the rider nobody accepted.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from typing import Any

from pyzeebe import ZeebeClient, ZeebeWorker, create_insecure_channel

PROCESS_ID = "ride-hailing"


async def accept_ride(client: ZeebeClient, ride_id: str, attempt: int, driver_id: str) -> None:
    await client.publish_message(
        "driver-accepted",
        correlation_key=f"{ride_id}/{attempt}",
        variables={"acceptedBy": driver_id},
        time_to_live_in_milliseconds=60_000,
    )


async def complete_trip(client: ZeebeClient, ride_id: str, fare: float) -> None:
    await client.publish_message(
        "trip-completed",
        correlation_key=ride_id,
        variables={"fare": fare},
        time_to_live_in_milliseconds=60_000,
    )


def create_worker(
    channel: Any,
    *,
    on_offer: Callable[[str, int, str], None] | None = None,
    on_end: Callable[[str, dict[str, Any]], None] | None = None,
) -> ZeebeWorker:
    """`on_offer(rideId, attempt, driverId)` and `on_end(rideId, outcome)` are for tests (and
    stand in for the driver and rider apps)."""
    worker = ZeebeWorker(channel, name="ride-hailing", stream_enabled=True)

    @worker.task(task_type="dispatch-driver")
    async def dispatch(rideId: str, drivers: list[str], dispatchAttempt: int = 0) -> dict[str, Any]:
        attempt = dispatchAttempt + 1
        driver = drivers[dispatchAttempt]
        if on_offer is not None:
            on_offer(rideId, attempt, driver)
        return {"dispatchAttempt": attempt, "driverId": driver}

    @worker.task(task_type="charge-rider")
    async def charge(rideId: str, acceptedBy: str, fare: float) -> dict[str, Any]:
        if on_end is not None:
            on_end(rideId, {"outcome": "paid", "driver": acceptedBy, "fare": fare})
        return {"charged": fare}

    @worker.task(task_type="notify-no-driver")
    async def no_driver(rideId: str, dispatchAttempt: int) -> dict[str, Any]:
        if on_end is not None:
            on_end(rideId, {"outcome": "no-driver", "offers": dispatchAttempt})
        return {"riderNotified": True}

    return worker


def example_variables() -> dict[str, Any]:
    return {
        "rideId": "ride-1",
        "drivers": ["driver-ana", "driver-ben", "driver-chloe"],
        "acceptTimeout": "PT30S",
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
