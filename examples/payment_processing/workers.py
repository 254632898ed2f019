"""Workers of the payment processing example (pyzeebe).

    .venv/bin/python -m examples.payment_processing.workers [--address localhost:26500]
        [--ledger payments.jsonl] [--capture-timeout-ms 30000] [--capture-delay-s 0]

- `authorize-payment`: reserves the amount -> `authorizationId`.
- `capture-payment`: charges the card at a (simulated) payment provider whose ledger is a
  JSON-lines file. The charge is keyed by `paymentId` (the idempotency key), so a capture
  that runs again after a crash returns the first charge instead of charging twice. The job
  is activated with `--capture-timeout-ms`: if this worker dies while capturing, Baton hands
  the job to another worker once that time has passed.
- `send-receipt`: -> `receiptSent`.

`--capture-delay-s` makes the provider slow (the window in which to kill the worker).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pyzeebe import ZeebeWorker, create_insecure_channel

PROCESS_ID = "payment-processing"


class PaymentProvider:
    """A payment provider whose ledger survives crashes: one fsync'd JSON line per event."""

    def __init__(self, ledger: Path) -> None:
        self.ledger = ledger

    def events(self) -> list[dict[str, Any]]:
        try:
            text = self.ledger.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    def _append(self, event: dict[str, Any]) -> None:
        with self.ledger.open("a", encoding="utf-8") as out:
            out.write(json.dumps(event) + "\n")
            out.flush()
            os.fsync(out.fileno())

    def charges(self, payment_id: str) -> list[dict[str, Any]]:
        return [
            e for e in self.events() if e["event"] == "charged" and e["paymentId"] == payment_id
        ]

    def capture(self, payment_id: str, amount: float, worker: str) -> dict[str, Any]:
        """Charges once per payment id; a repeated capture answers the first charge."""
        existing = self.charges(payment_id)
        if existing:
            return existing[0]
        charge = {
            "event": "charged",
            "paymentId": payment_id,
            "amount": amount,
            "chargeId": f"ch_{payment_id}",
            "worker": worker,
        }
        self._append(charge)
        return charge

    def started(self, payment_id: str, worker: str) -> None:
        self._append({"event": "capture-started", "paymentId": payment_id, "worker": worker})


def create_worker(
    channel: Any,
    *,
    ledger: Path = Path("payments.jsonl"),
    name: str = "payments",
    capture_timeout_ms: int = 30_000,
    capture_delay_s: float = 0.0,
    on_receipt: Callable[[dict[str, Any]], None] | None = None,
) -> ZeebeWorker:
    provider = PaymentProvider(ledger)
    worker = ZeebeWorker(channel, name=name, stream_enabled=True)

    @worker.task(task_type="authorize-payment")
    async def authorize(paymentId: str, amount: float) -> dict[str, Any]:
        return {"authorizationId": f"auth_{paymentId}"}

    @worker.task(task_type="capture-payment", timeout_ms=capture_timeout_ms)
    async def capture(paymentId: str, amount: float) -> dict[str, Any]:
        provider.started(paymentId, name)
        await asyncio.sleep(capture_delay_s)  # a slow provider: the window for a crash
        charge = provider.capture(paymentId, amount, name)
        return {"chargeId": charge["chargeId"], "capturedBy": charge["worker"]}

    @worker.task(task_type="send-receipt")
    async def send_receipt(paymentId: str, chargeId: str, amount: float) -> dict[str, Any]:
        if on_receipt is not None:
            on_receipt({"paymentId": paymentId, "chargeId": chargeId, "amount": amount})
        return {"receiptSent": True}

    return worker


def example_variables() -> dict[str, Any]:
    return {"paymentId": "pay-2026-0001", "amount": 49.9, "currency": "EUR"}


async def run(address: str, **options: Any) -> None:
    channel = create_insecure_channel(grpc_address=address)
    await create_worker(channel, **options).work()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--address", default="localhost:26500", help="Baton's gRPC address")
    parser.add_argument("--ledger", type=Path, default=Path("payments.jsonl"))
    parser.add_argument("--name", default="payments", help="this worker's name")
    parser.add_argument("--capture-timeout-ms", type=int, default=30_000)
    parser.add_argument("--capture-delay-s", type=float, default=0.0)
    args = parser.parse_args(argv)
    asyncio.run(
        run(
            args.address,
            ledger=args.ledger,
            name=args.name,
            capture_timeout_ms=args.capture_timeout_ms,
            capture_delay_s=args.capture_delay_s,
        )
    )


if __name__ == "__main__":
    main()
