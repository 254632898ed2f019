"""Billing exactly once, end to end on a real `baton run`: every charge request and every
settlement is sent twice, the charge worker loses its first answer, and still each invoice is
billed by one instance, charged once and marked paid once."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyzeebe import Job, ZeebeClient, create_insecure_channel
from pyzeebe.errors import MessageAlreadyExistsError

from examples._node import BatonNode, deploy_example, instance_ended, wait_for
from examples.billing_exactly_once.workers import Ledger, create_worker, request_charge, settle

INVOICES = [f"inv-{n}" for n in range(10)]


@pytest.fixture
def node(tmp_path: Path) -> Iterator[BatonNode]:
    with BatonNode(tmp_path / "data") as running:
        yield running


async def test_duplicate_requests_and_messages_bill_once(node: BatonNode) -> None:
    ledger = Ledger(lose_first_answer=True)
    paid: list[Job] = []
    channel = create_insecure_channel(grpc_address=node.address)
    client = ZeebeClient(channel)
    await deploy_example(client, "billing_exactly_once")
    worker = create_worker(channel, ledger=ledger, on_paid=paid.append)
    task = asyncio.create_task(worker.work())
    try:
        for n, invoice in enumerate(INVOICES):
            await request_charge(client, invoice, 10.0 + n)
            # The client did not hear the answer and retries: Baton refuses the duplicate.
            with pytest.raises(MessageAlreadyExistsError):
                await request_charge(client, invoice, 10.0 + n)
            # The bank settles, and resends its notification.
            await settle(client, invoice, f"st-{invoice}")
            with pytest.raises(MessageAlreadyExistsError):
                await settle(client, invoice, f"st-{invoice}")
        await wait_for(lambda: len(paid) == len(INVOICES), timeout_s=30, what="every invoice")
        for job in paid:
            key = job.process_instance_key
            await wait_for(lambda key=key: instance_ended(node, key), timeout_s=10, what="end")
        # Even later duplicates (within the day the messages stay buffered) are refused.
        for invoice in INVOICES:
            with pytest.raises(MessageAlreadyExistsError):
                await request_charge(client, invoice, 0.0)
    finally:
        await worker.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 10)
        await channel.close()
    # One instance per invoice, each marked paid once with its own charge and settlement.
    assert Counter(job.variables["invoiceId"] for job in paid) == Counter(INVOICES)
    assert len({job.process_instance_key for job in paid}) == len(INVOICES)
    for job in paid:
        invoice = job.variables["invoiceId"]
        assert job.variables["chargeId"] == f"ch_{invoice}"
        assert job.variables["settlementId"] == f"st-{invoice}"
    # The charge job ran twice per invoice (the first answer was lost), charging once.
    assert ledger.attempts == Counter({invoice: 2 for invoice in INVOICES})
    assert sorted(ledger.charges) == sorted(INVOICES)
