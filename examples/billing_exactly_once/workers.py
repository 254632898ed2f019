"""Workers of the billing example (pyzeebe), and how a client asks for a charge.

    .venv/bin/python -m examples.billing_exactly_once.workers [--address localhost:26500]

A charge is requested by publishing the message `charge-requested` with the invoice id as
correlation key (the business key) and a message id that is the same on every retry of that
request (`request_charge`). Baton refuses a message id it still buffers (ALREADY_EXISTS), so a
client that retries after a lost answer cannot start a second billing.

- `charge-customer` charges through `Ledger.charge`, keyed by invoice: a job delivered again
  (its first CompleteJob lost, or the worker crashed after charging) finds the charge and
  returns it instead of charging twice.
- `mark-invoice-paid` runs after the bank's `payment-settled` message (correlated by
  invoice); the bank's retries of that message carry the same message id.
"""

# No `from __future__ import annotations`: pyzeebe finds the `job: Job` parameter by its
# annotation object.
import argparse
import asyncio
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pyzeebe import Job, ZeebeClient, ZeebeWorker, create_insecure_channel

PROCESS_ID = "billing"
REQUEST = "charge-requested"
SETTLED = "payment-settled"
DEDUP_WINDOW_MS = 24 * 3600 * 1000  # messages stay buffered (and deduplicated) for a day


@dataclass
class Ledger:
    """The payment service: charges by invoice id, at most once."""

    charges: dict[str, dict[str, Any]] = field(default_factory=dict)
    attempts: Counter[str] = field(default_factory=Counter)
    lose_first_answer: bool = False  # simulate a worker that dies after charging

    def charge(self, invoice_id: str, amount: float) -> dict[str, Any]:
        self.attempts[invoice_id] += 1
        charge = self.charges.setdefault(
            invoice_id, {"chargeId": f"ch_{invoice_id}", "amount": amount}
        )
        if self.lose_first_answer and self.attempts[invoice_id] == 1:
            raise ConnectionError("connection lost after charging, before the answer")
        return charge


async def request_charge(client: ZeebeClient, invoice_id: str, amount: float) -> None:
    """Asks for a charge; retrying with the same invoice id reuses the message id."""
    await client.publish_message(
        REQUEST,
        correlation_key=invoice_id,
        variables={"invoiceId": invoice_id, "amount": amount},
        time_to_live_in_milliseconds=DEDUP_WINDOW_MS,
        message_id=f"charge-request-{invoice_id}",
    )


async def settle(client: ZeebeClient, invoice_id: str, settlement_id: str) -> None:
    """What the bank sends when the money arrived (the same message id on every resend)."""
    await client.publish_message(
        SETTLED,
        correlation_key=invoice_id,
        variables={"settlementId": settlement_id},
        time_to_live_in_milliseconds=DEDUP_WINDOW_MS,
        message_id=f"settlement-{settlement_id}",
    )


def create_worker(
    channel: Any,
    *,
    ledger: Ledger | None = None,
    on_paid: Callable[[Job], None] | None = None,
) -> ZeebeWorker:
    ledger = ledger if ledger is not None else Ledger()
    worker = ZeebeWorker(channel, name="billing", stream_enabled=True)

    @worker.task(task_type="charge-customer")
    async def charge_customer(invoiceId: str, amount: float) -> dict[str, Any]:
        return {"chargeId": ledger.charge(invoiceId, amount)["chargeId"]}

    @worker.task(task_type="mark-invoice-paid")
    async def mark_invoice_paid(job: Job) -> dict[str, Any]:
        if on_paid is not None:
            on_paid(job)
        return {"invoiceStatus": "PAID"}

    return worker


def example_variables() -> dict[str, Any]:
    return {"invoiceId": "inv-2026-001", "amount": 120.0}


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
