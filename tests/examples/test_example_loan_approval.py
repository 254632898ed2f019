"""Loan approval over days, end to end, with the clock API: `PUT /v2/clock` moves the
node's clock on by days, so the 2-day reminder and the 5-day escalation fire in seconds.
Approvals are completed through the REST user task endpoints. The node is `baton run` with
`controlled_clock = true`."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pyzeebe import ZeebeClient, create_insecure_channel

from examples._node import BatonNode, deploy_example, instance_ended, wait_for
from examples.loan_approval.workers import PROCESS_ID, create_worker

DAY_MS = 24 * 3600 * 1000


@pytest.fixture
def node(tmp_path: Path) -> Iterator[BatonNode]:
    with BatonNode(tmp_path / "data", controlled_clock=True) as running:
        yield running


async def test_reminder_after_two_days_escalation_after_five(node: BatonNode) -> None:
    events: list[tuple[str, str]] = []
    channel = create_insecure_channel(grpc_address=node.address)
    client = ZeebeClient(channel)
    http = httpx.AsyncClient(base_url=node.rest, timeout=10)
    await deploy_example(client, "loan_approval")
    worker = create_worker(channel, on_event=lambda kind, who: events.append((kind, who)))
    task = asyncio.create_task(worker.work())

    async def set_clock(ms: int) -> None:
        response = await http.put("/clock", json={"timestamp": ms})
        assert response.status_code == 204, response.text

    async def open_task(instance: int, group: str) -> dict[str, Any] | None:
        response = await http.post(
            "/user-tasks/search",
            json={
                "filter": {
                    "processInstanceKey": str(instance),
                    "candidateGroup": group,
                    "state": "CREATED",
                }
            },
        )
        response.raise_for_status()
        items = response.json()["items"]
        return items[0] if items else None

    async def decide(instance: int, group: str, approved: bool) -> None:
        item = await wait_for(lambda: open_task(instance, group), timeout_s=15, what=group)
        response = await http.post(
            f"/user-tasks/{item['userTaskKey']}/completion",
            json={"variables": {"approved": approved, "comment": f"{group}: ok"}},
        )
        assert response.status_code == 204, response.text

    try:
        start = time.time_ns() // 1_000_000
        await set_clock(start)
        variables = {"amount": 20000, "termMonths": 36}
        ada = await client.run_process(PROCESS_ID, {"applicant": "Ada", **variables})
        bob = await client.run_process(PROCESS_ID, {"applicant": "Bob", **variables})
        ada_key, bob_key = ada.process_instance_key, bob.process_instance_key
        # Day 1: the loan officer approves Ada's loan; nobody looks at Bob's.
        await decide(ada_key, "loan-officers", True)
        await set_clock(start + DAY_MS)
        assert events == []
        # Day 2: both are reminded (Ada's risk approval is still open); nothing is withdrawn.
        await set_clock(start + 2 * DAY_MS + 60_000)
        await wait_for(
            lambda: sorted(events) == [("reminded", "Ada"), ("reminded", "Bob")],
            timeout_s=15,
            what="both reminders",
        )
        assert await open_task(bob_key, "loan-officers") is not None
        # Day 3: the risk officer approves Ada's loan: it is disbursed.
        await set_clock(start + 3 * DAY_MS)
        await decide(ada_key, "risk-officers", True)
        await wait_for(lambda: ("disbursed", "Ada") in events, timeout_s=15, what="disbursal")
        # Day 5: Bob's application is escalated; his approval task is withdrawn.
        await set_clock(start + 5 * DAY_MS + 60_000)
        await wait_for(lambda: ("escalated", "Bob") in events, timeout_s=15, what="escalation")
        for key in (ada_key, bob_key):
            await wait_for(lambda key=key: instance_ended(node, key), timeout_s=10, what="end")
        await wait_for(
            lambda: _none(open_task(bob_key, "loan-officers")), timeout_s=10, what="withdrawn"
        )
    finally:
        await http.post("/clock/reset")
        await http.aclose()
        await worker.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 10)
        await channel.close()
    assert events.count(("reminded", "Ada")) == 1 and events.count(("reminded", "Bob")) == 1
    assert ("escalated", "Ada") not in events


async def _none(found: Any) -> bool:
    return await found is None
