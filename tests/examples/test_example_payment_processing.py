"""Payment processing that survives crashes, end to end: a worker process is SIGKILLed in the
middle of capturing a payment, then `baton run` itself is SIGKILLed and restarted on the same
data directory; after the capture job's timeout a new worker gets the job again and the
instance completes, with exactly one charge."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pyzeebe import ZeebeClient, create_insecure_channel

from examples._node import EXAMPLES, BatonNode, deploy_example, instance_ended, wait_for
from examples.payment_processing.workers import PROCESS_ID, PaymentProvider, create_worker

CAPTURE_TIMEOUT_MS = 2000


@pytest.fixture
def node(tmp_path: Path) -> Iterator[BatonNode]:
    running = BatonNode(tmp_path / "data")
    running.start()
    try:
        yield running
    finally:
        running.stop()


async def test_worker_and_broker_killed_mid_payment_then_it_completes(
    node: BatonNode, tmp_path: Path
) -> None:
    ledger = tmp_path / "payments.jsonl"
    provider = PaymentProvider(ledger)
    channel = create_insecure_channel(grpc_address=node.address)
    client = ZeebeClient(channel)
    await deploy_example(client, "payment_processing")

    # Worker A, its own process, with a provider slow enough to be killed mid-capture.
    worker_a = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "examples.payment_processing.workers",
            "--address",
            node.address,
            "--ledger",
            str(ledger),
            "--name",
            "worker-a",
            "--capture-timeout-ms",
            str(CAPTURE_TIMEOUT_MS),
            "--capture-delay-s",
            "3600",
        ],
        cwd=EXAMPLES.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        created = await client.run_process(
            PROCESS_ID, {"paymentId": "pay-1", "amount": 49.9, "currency": "EUR"}
        )
        await wait_for(
            lambda: any(e["event"] == "capture-started" for e in provider.events()),
            timeout_s=20,
            what="worker A to start capturing",
        )
    finally:
        worker_a.send_signal(signal.SIGKILL)
        worker_a.wait(10)
    await channel.close()
    assert provider.charges("pay-1") == []  # it died before charging

    # The broker crashes too, and comes back on the same data directory.
    node.kill()
    node.start()

    receipts: list[dict[str, Any]] = []
    channel = create_insecure_channel(grpc_address=node.address)
    worker_b = create_worker(channel, ledger=ledger, name="worker-b", on_receipt=receipts.append)
    task = asyncio.create_task(worker_b.work())
    try:
        await wait_for(lambda: receipts, timeout_s=30, what="the receipt")
        key = created.process_instance_key
        await wait_for(lambda: instance_ended(node, key), timeout_s=10, what="instance ended")
    finally:
        await worker_b.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 10)
        await channel.close()
    assert receipts == [{"paymentId": "pay-1", "chargeId": "ch_pay-1", "amount": 49.9}]
    charges = provider.charges("pay-1")
    assert len(charges) == 1 and charges[0]["worker"] == "worker-b"
    started = [e["worker"] for e in provider.events() if e["event"] == "capture-started"]
    assert started == ["worker-a", "worker-b"]  # redelivered once, after the timeout
