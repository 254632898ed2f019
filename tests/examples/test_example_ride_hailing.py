"""Ride hailing, end to end on a real `baton run`: an event-based gateway waits for the
offered driver's acceptance or a timeout (1-2 s here, 30 s in the example), a timeout offers
the ride to the next driver, and the trip-completed message leads to payment."""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pyzeebe import ZeebeClient, create_insecure_channel

from examples._node import BatonNode, deploy_example, instance_ended, wait_for
from examples.ride_hailing.workers import PROCESS_ID, accept_ride, complete_trip, create_worker


@pytest.fixture
def node(tmp_path: Path) -> Iterator[BatonNode]:
    with BatonNode(tmp_path / "data") as running:
        yield running


async def test_timeout_redispatches_then_trip_is_paid_or_no_driver(node: BatonNode) -> None:
    offers: dict[str, list[tuple[int, str]]] = defaultdict(list)
    ends: dict[str, dict[str, Any]] = {}
    channel = create_insecure_channel(grpc_address=node.address)
    client = ZeebeClient(channel)
    await deploy_example(client, "ride_hailing")
    worker = create_worker(
        channel,
        on_offer=lambda ride, attempt, driver: offers[ride].append((attempt, driver)),
        on_end=lambda ride, outcome: ends.setdefault(ride, outcome),
    )
    task = asyncio.create_task(worker.work())
    try:
        drivers = ["ana", "ben", "chloe"]
        taken = await client.run_process(
            PROCESS_ID, {"rideId": "r-1", "drivers": drivers, "acceptTimeout": "PT2S"}
        )
        nobody = await client.run_process(
            PROCESS_ID, {"rideId": "r-2", "drivers": drivers[:2], "acceptTimeout": "PT1S"}
        )
        # Ana ignores the offer; after the timeout it goes to Ben.
        await wait_for(lambda: len(offers["r-1"]) == 2, timeout_s=15, what="the second offer")
        # Ana's late acceptance of the expired offer matches nothing; Ben accepts his.
        await accept_ride(client, "r-1", 1, "ana")
        await accept_ride(client, "r-1", 2, "ben")
        await complete_trip(client, "r-1", 23.5)
        await wait_for(lambda: len(ends) == 2, timeout_s=15, what="both rides to end")
        for created in (taken, nobody):
            key = created.process_instance_key
            await wait_for(lambda key=key: instance_ended(node, key), timeout_s=10, what="end")
    finally:
        await worker.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 10)
        await channel.close()
    assert offers["r-1"] == [(1, "ana"), (2, "ben")]
    assert ends["r-1"] == {"outcome": "paid", "driver": "ben", "fare": 23.5}
    # Nobody answered either offer of r-2: two timeouts, then the rider is told.
    assert offers["r-2"] == [(1, "ana"), (2, "ben")]
    assert ends["r-2"] == {"outcome": "no-driver", "offers": 2}
