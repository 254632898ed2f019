"""Workers of the bank transfer example (pyzeebe).

    .venv/bin/python -m examples.bank_transfer.workers [--address localhost:26500]
        [--seed 42] [--failure-rate 0.6] [--backoff-ms 1000]

- `transfer-money` calls a flaky bank: it fails `failure_rate` of the calls (60%), drawn from
  a random generator seeded per (seed, transfer id, attempt), so a run is reproducible. A
  failure fails the job with `retries - 1` and `retryBackOff` = backoff x 2^(attempt - 1)
  (1 s, 2 s, 4 s, 8 s): Baton makes the job activatable again only after the backoff. When
  the retries run out, Baton raises an incident on the task and the instance waits for an
  operator. Accounts listed in `down_accounts` fail every call (an outage).
- `notify-customer` and `report-timeout` tell the customer how it ended.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pyzeebe import Job, JobController, ZeebeWorker, create_insecure_channel

PROCESS_ID = "bank-transfer"


class BankUnavailable(Exception):
    """The bank's transfer API answered with an error."""


@dataclass
class FlakyBank:
    """A simulated bank whose calls fail at random, reproducibly."""

    seed: int = 42
    failure_rate: float = 0.6
    down_accounts: set[str] = field(default_factory=set)
    calls: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    def fails(self, transfer_id: str, attempt: int) -> bool:
        """Whether call number `attempt` (1, 2, ...) of this transfer fails."""
        draw = random.Random(f"{self.seed}/{transfer_id}/{attempt}").random()
        return draw < self.failure_rate

    def transfer(self, transfer_id: str, from_account: str, amount: float) -> int:
        """Moves the money or raises BankUnavailable; returns the attempt that worked."""
        self.calls[transfer_id].append(time.monotonic())
        attempt = len(self.calls[transfer_id])
        if from_account in self.down_accounts:
            raise BankUnavailable(f"bank unavailable for {from_account}")
        if self.fails(transfer_id, attempt):
            raise BankUnavailable(f"bank timed out (attempt {attempt})")
        return attempt


def backoff_ms(base_ms: int, attempt: int) -> int:
    """Exponential backoff after failed call number `attempt`: base, 2 base, 4 base, ..."""
    return base_ms * 2 ** (attempt - 1)


def create_worker(
    channel: Any,
    *,
    bank: FlakyBank | None = None,
    base_backoff_ms: int = 1000,
    on_done: Callable[[str, dict[str, Any]], None] | None = None,
    on_failed: Callable[[Job], None] | None = None,
) -> ZeebeWorker:
    """A worker with the example's task types. `on_done(outcome, variables)` (tests) is called
    with "notified" or "timed-out", `on_failed(job)` with each transfer job it failed."""
    bank = bank if bank is not None else FlakyBank()
    worker = ZeebeWorker(channel, name="bank-transfer", stream_enabled=True)

    async def retry_with_backoff(error: Exception, job: Job, controller: JobController) -> None:
        attempt = len(bank.calls[job.variables["transferId"]])
        await controller.set_failure_status(
            f"{error} (retries left: {job.retries - 1})",
            retry_back_off_ms=backoff_ms(base_backoff_ms, attempt),
        )
        if on_failed is not None:
            on_failed(job)

    @worker.task(task_type="transfer-money", exception_handler=retry_with_backoff)
    async def transfer_money(transferId: str, fromAccount: str, amount: float) -> dict[str, Any]:
        attempt = bank.transfer(transferId, fromAccount, amount)
        return {"transferred": True, "attempts": attempt}

    @worker.task(task_type="notify-customer")
    async def notify_customer(transferId: str, attempts: int) -> dict[str, Any]:
        if on_done is not None:
            on_done("notified", {"transferId": transferId, "attempts": attempts})
        return {"customerNotified": True}

    @worker.task(task_type="report-timeout")
    async def report_timeout(transferId: str) -> dict[str, Any]:
        if on_done is not None:
            on_done("timed-out", {"transferId": transferId})
        return {"timeoutReported": True}

    return worker


def example_variables() -> dict[str, Any]:
    return {
        "transferId": "tx-1001",
        "fromAccount": "DE02 1203 0000 0000 2020 51",
        "toAccount": "FR14 2004 1010 0505 0001 3M02 606",
        "amount": 250.0,
        "transferTimeout": "PT1M",
    }


async def run(address: str, bank: FlakyBank, base_backoff_ms: int) -> None:
    channel = create_insecure_channel(grpc_address=address)
    await create_worker(channel, bank=bank, base_backoff_ms=base_backoff_ms).work()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--address", default="localhost:26500", help="Baton's gRPC address")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--failure-rate", type=float, default=0.6)
    parser.add_argument("--backoff-ms", type=int, default=1000, help="first retry's backoff")
    args = parser.parse_args(argv)
    bank = FlakyBank(seed=args.seed, failure_rate=args.failure_rate)
    asyncio.run(run(args.address, bank, args.backoff_ms))


if __name__ == "__main__":
    main()
