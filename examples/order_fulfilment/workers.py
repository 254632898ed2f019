"""Workers of the order fulfilment example (pyzeebe): one task type per service.

    .venv/bin/python -m examples.order_fulfilment.workers [--address localhost:26500]

- `charge-payment` -> `paymentId`; its compensation `refund-payment` -> `refunded`.
- `reserve-inventory` -> `reservationId`; its compensation `restock-items` -> `restocked`.
- `ship-order` -> `trackingNumber`, or the BPMN error `SHIPPING_FAILED` when the carrier does
  not deliver to `country` (pyzeebe's BusinessError becomes ThrowError).
- `notify-cancellation` -> `customerNotified`.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable, Collection
from typing import Any

from pyzeebe import ZeebeTaskRouter, ZeebeWorker, create_insecure_channel
from pyzeebe.errors import BusinessError

PROCESS_ID = "order-fulfilment"
DELIVERS_TO = {"DE", "FR", "NL", "BE", "AT", "IT", "ES"}


def create_worker(
    channel: Any,
    *,
    on_step: Callable[[str, str], None] | None = None,
    skip: Collection[str] = (),
) -> ZeebeWorker:
    """`on_step(task type, orderId)` (tests) is called for each job done; task types in
    `skip` are left to other workers (e.g. `notify-worker.mjs` for `notify-cancellation`)."""
    everything = ZeebeWorker(channel, name="order-fulfilment", stream_enabled=True)
    worker = ZeebeTaskRouter()

    def step(kind: str, order_id: str) -> None:
        if on_step is not None:
            on_step(kind, order_id)

    @worker.task(task_type="charge-payment")
    async def charge(orderId: str, total: float) -> dict[str, Any]:
        step("charge-payment", orderId)
        return {"paymentId": f"pay_{orderId}"}

    @worker.task(task_type="refund-payment")
    async def refund(orderId: str, paymentId: str) -> dict[str, Any]:
        step("refund-payment", orderId)
        return {"refunded": True}

    @worker.task(task_type="reserve-inventory")
    async def reserve(orderId: str, items: list[dict[str, Any]]) -> dict[str, Any]:
        step("reserve-inventory", orderId)
        return {"reservationId": f"res_{orderId}"}

    @worker.task(task_type="restock-items")
    async def restock(orderId: str, reservationId: str) -> dict[str, Any]:
        step("restock-items", orderId)
        return {"restocked": True}

    @worker.task(task_type="ship-order")
    async def ship(orderId: str, country: str) -> dict[str, Any]:
        step("ship-order", orderId)
        if country not in DELIVERS_TO:
            raise BusinessError("SHIPPING_FAILED", f"no carrier delivers to {country}")
        return {"trackingNumber": f"TRK-{orderId}"}

    @worker.task(task_type="notify-cancellation")
    async def notify(orderId: str) -> dict[str, Any]:
        step("notify-cancellation", orderId)
        return {"customerNotified": True}

    for task in worker.tasks:
        if task.type not in skip:
            everything.tasks.append(task)
    return everything


def example_variables() -> dict[str, Any]:
    return {
        "orderId": "order-42",
        "total": 59.8,
        "items": [{"sku": "mug", "quantity": 2}],
        "country": "DE",
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
