"""Subscription renewal, end to end on a real `baton run`: 200 subscriptions (the benchmark
runs 10,000), each an instance waiting for its renewal message or the end of its 3 s period;
half are renewed once (a double click included), all end when a period passes unrenewed."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyzeebe import ZeebeClient, create_insecure_channel
from pyzeebe.errors import MessageAlreadyExistsError

from examples._node import BatonNode, deploy_example, instance_ended, wait_for
from examples.subscription_renewal.workers import PROCESS_ID, create_worker, renew

SUBSCRIPTIONS = 200
PERIOD_S = 3


@pytest.fixture
def node(tmp_path: Path) -> Iterator[BatonNode]:
    with BatonNode(tmp_path / "data") as running:
        yield running


async def test_renewed_subscriptions_run_another_period_then_all_end(node: BatonNode) -> None:
    ended: dict[str, tuple[int, float]] = {}
    channel = create_insecure_channel(grpc_address=node.address)
    client = ZeebeClient(channel)
    await deploy_example(client, "subscription_renewal")
    worker = create_worker(
        channel, on_ended=lambda sub, n: ended.setdefault(sub, (n, time.monotonic()))
    )
    task = asyncio.create_task(worker.work())
    try:
        began = time.monotonic()
        keys = []
        for n in range(SUBSCRIPTIONS):
            variables = {
                "subscriptionId": f"sub-{n}",
                "plan": "monthly",
                "period": f"PT{PERIOD_S}S",
            }
            keys.append((await client.run_process(PROCESS_ID, variables)).process_instance_key)
            if n % 2 == 0:
                await renew(client, f"sub-{n}", 1)
                with pytest.raises(MessageAlreadyExistsError):  # the double click
                    await renew(client, f"sub-{n}", 1)
        await wait_for(
            lambda: len(ended) == SUBSCRIPTIONS, timeout_s=40, what="every subscription to end"
        )
        for key in keys:
            await wait_for(lambda key=key: instance_ended(node, key), timeout_s=10, what="end")
    finally:
        await worker.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 10)
        await channel.close()
    for n in range(SUBSCRIPTIONS):
        renewals, at = ended[f"sub-{n}"]
        assert renewals == (1 if n % 2 == 0 else 0)
        # Nobody's access ended before a full period without a renewal had passed.
        assert at - began >= PERIOD_S
