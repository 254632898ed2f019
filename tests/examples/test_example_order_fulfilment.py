"""Order fulfilment with compensation, end to end on a real `baton run`: an order that ships,
and one whose shipping fails (BPMN error), which restocks and refunds in reverse order."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyzeebe import ZeebeClient, create_insecure_channel

from examples._node import EXAMPLES, BatonNode, deploy_example, instance_ended, wait_for
from examples.order_fulfilment.workers import PROCESS_ID, create_worker


@pytest.fixture
def node(tmp_path: Path) -> Iterator[BatonNode]:
    with BatonNode(tmp_path / "data") as running:
        yield running


async def test_shipping_failure_compensates_payment_and_inventory(node: BatonNode) -> None:
    steps: dict[str, list[str]] = defaultdict(list)
    channel = create_insecure_channel(grpc_address=node.address)
    client = ZeebeClient(channel)
    await deploy_example(client, "order_fulfilment")
    worker = create_worker(channel, on_step=lambda kind, order: steps[order].append(kind))
    task = asyncio.create_task(worker.work())
    try:
        items = [{"sku": "mug", "quantity": 2}]
        shipped = await client.run_process(
            PROCESS_ID, {"orderId": "o-1", "total": 20.0, "items": items, "country": "DE"}
        )
        failed = await client.run_process(
            PROCESS_ID, {"orderId": "o-2", "total": 30.0, "items": items, "country": "AQ"}
        )
        for created in (shipped, failed):
            key = created.process_instance_key
            await wait_for(lambda key=key: instance_ended(node, key), timeout_s=20, what="end")
    finally:
        await worker.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 10)
        await channel.close()
    assert steps["o-1"] == ["charge-payment", "reserve-inventory", "ship-order"]
    # Both completed steps are compensated (Baton activates the handlers in reverse order of
    # completion and they run side by side), and only then is the customer told.
    assert steps["o-2"][:3] == ["charge-payment", "reserve-inventory", "ship-order"]
    assert sorted(steps["o-2"][3:5]) == ["refund-payment", "restock-items"]
    assert steps["o-2"][5:] == ["notify-cancellation"]


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js (18 or newer)")
async def test_the_node_worker_notifies_through_rest(node: BatonNode) -> None:
    """`notify-worker.mjs` (Node.js, fetch, REST) does `notify-cancellation`; the Python
    workers do the rest."""
    steps: dict[str, list[str]] = defaultdict(list)
    channel = create_insecure_channel(grpc_address=node.address)
    client = ZeebeClient(channel)
    await deploy_example(client, "order_fulfilment")
    worker = create_worker(
        channel,
        on_step=lambda kind, order: steps[order].append(kind),
        skip={"notify-cancellation"},
    )
    task = asyncio.create_task(worker.work())
    script = EXAMPLES / "order_fulfilment" / "notify-worker.mjs"
    notifier = await asyncio.create_subprocess_exec(
        "node", str(script), node.rest, "--once", "1", stdout=asyncio.subprocess.PIPE
    )
    try:
        variables = {"orderId": "o-3", "total": 5.0, "items": [], "country": "AQ"}
        created = await client.run_process(PROCESS_ID, variables)
        out, _ = await asyncio.wait_for(notifier.communicate(), 30)
        assert notifier.returncode == 0
        assert out.decode().strip() == "order o-3: cancellation mail sent"
        key = created.process_instance_key
        await wait_for(lambda: instance_ended(node, key), timeout_s=20, what="end")
    finally:
        if notifier.returncode is None:
            notifier.kill()
            await notifier.wait()
        await worker.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 10)
        await channel.close()
    assert "notify-cancellation" not in steps["o-3"]
    assert sorted(steps["o-3"][3:]) == ["refund-payment", "restock-items"]
