"""Bank transfer with retries, end to end: a real `baton run`, the example's BPMN deployed
through gRPC, its pyzeebe workers in this process against a flaky bank (60% of calls fail,
seeded, so the run is the same every time)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pyzeebe import Job, ZeebeClient, ZeebeWorker, create_insecure_channel

from examples._node import BatonNode, deploy_example, instance_ended, wait_for
from examples.bank_transfer.workers import PROCESS_ID, FlakyBank, backoff_ms, create_worker

SEED = 7
TRANSFERS = 20
RETRIES = 5  # the task's zeebe:taskDefinition retries
BASE_BACKOFF_MS = 40


@pytest.fixture
def node(tmp_path: Path) -> Iterator[BatonNode]:
    # The operator searches incidents in the read model, which `baton run` keeps in SQLite
    # in its data directory by default.
    with BatonNode(tmp_path / "data") as running:
        yield running


@contextlib.asynccontextmanager
async def running(worker: ZeebeWorker) -> AsyncIterator[None]:
    task = asyncio.create_task(worker.work())
    try:
        yield
    finally:
        await worker.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 10)


def transfer(i: int, *, timeout: str = "PT1M", account: str = "ACC-1") -> dict[str, Any]:
    return {
        "transferId": f"tx-{i}",
        "fromAccount": account,
        "toAccount": "ACC-2",
        "amount": 10.0 + i,
        "transferTimeout": timeout,
    }


async def test_retries_with_backoff_then_an_operator_recovers_the_incidents(
    node: BatonNode,
) -> None:
    bank = FlakyBank(seed=SEED, failure_rate=0.6)
    # What the seeded bank will do: the first attempt that works, or None (retries run out).
    expected: dict[str, int | None] = {}
    for i in range(TRANSFERS):
        works = [a for a in range(1, RETRIES + 1) if not bank.fails(f"tx-{i}", a)]
        expected[f"tx-{i}"] = works[0] if works else None
    stuck = sorted(t for t, a in expected.items() if a is None)
    assert 0 < len(stuck) < TRANSFERS  # the seed gives both outcomes

    done: dict[str, dict[str, Any]] = {}
    failed: dict[str, Job] = {}
    channel = create_insecure_channel(grpc_address=node.address)
    client = ZeebeClient(channel)
    await deploy_example(client, "bank_transfer")
    worker = create_worker(
        channel,
        bank=bank,
        base_backoff_ms=BASE_BACKOFF_MS,
        on_done=lambda outcome, v: done.setdefault(v["transferId"], {"outcome": outcome, **v}),
        on_failed=lambda job: failed.__setitem__(job.variables["transferId"], job),
    )
    async with running(worker):
        keys = {}
        for i in range(TRANSFERS):
            created = await client.run_process(PROCESS_ID, transfer(i))
            keys[f"tx-{i}"] = created.process_instance_key
        healthy = TRANSFERS - len(stuck)
        await wait_for(lambda: len(done) == healthy, timeout_s=30, what="healthy transfers")
        await wait_for(
            lambda: all(len(bank.calls[t]) == RETRIES for t in stuck),
            timeout_s=30,
            what="the stuck transfers to use up their retries",
        )
        for transfer_id, attempts in expected.items():
            if attempts is None:
                continue
            assert done[transfer_id] == {
                "outcome": "notified",
                "transferId": transfer_id,
                "attempts": attempts,
            }
            # Each retry came only after its backoff: 40, 80, 160, 320 ms.
            calls = bank.calls[transfer_id]
            for n in range(1, len(calls)):
                assert calls[n] - calls[n - 1] >= backoff_ms(BASE_BACKOFF_MS, n) / 1000
        # Retries used up: an incident holds each stuck instance (no sixth call, not ended).
        for transfer_id in stuck:
            assert not await instance_ended(node, keys[transfer_id])
            assert len(bank.calls[transfer_id]) == RETRIES

        # The operator fixes the bank. For the first stuck transfer, the Zeebe way: find the
        # incident (read model search), give the job a retry, resolve the incident. For the
        # others, restart the task by modification: terminating the task instance that holds
        # the incident resolves it, and the task is activated again with fresh retries.
        bank.failure_rate = 0.0
        async with httpx.AsyncClient(base_url=node.rest, timeout=10) as http:
            first, *others = stuck

            async def incidents() -> list[dict[str, Any]]:
                filter_ = {"processInstanceKey": str(keys[first]), "state": "ACTIVE"}
                response = await http.post("/incidents/search", json={"filter": filter_})
                response.raise_for_status()
                return list(response.json()["items"])

            [incident] = await wait_for(incidents, timeout_s=10, what="the incident")
            assert incident["errorType"] == "JOB_NO_RETRIES"
            assert incident["jobKey"] == str(failed[first].key)
            assert "bank timed out" in incident["errorMessage"]
            response = await http.patch(
                f"/jobs/{incident['jobKey']}", json={"changeset": {"retries": 1}}
            )
            assert response.status_code == 204, response.text
            response = await http.post(f"/incidents/{incident['incidentKey']}/resolution")
            assert response.status_code == 204, response.text
            for transfer_id in others:
                job = failed[transfer_id]
                response = await http.post(
                    f"/process-instances/{keys[transfer_id]}/modification",
                    json={
                        "terminateInstructions": [
                            {"elementInstanceKey": str(job.element_instance_key)}
                        ],
                        "activateInstructions": [{"elementId": "transfer_money"}],
                    },
                )
                assert response.status_code == 204, response.text
        await wait_for(lambda: len(done) == TRANSFERS, timeout_s=30, what="every transfer")
        for transfer_id in stuck:
            assert done[transfer_id]["attempts"] == RETRIES + 1
        for key in keys.values():
            await wait_for(lambda key=key: instance_ended(node, key), timeout_s=10, what="ended")
    await channel.close()


async def test_a_transfer_that_takes_too_long_is_abandoned_by_its_timeout(
    node: BatonNode,
) -> None:
    bank = FlakyBank(seed=SEED, down_accounts={"ACC-DOWN"})
    done: dict[str, dict[str, Any]] = {}
    channel = create_insecure_channel(grpc_address=node.address)
    client = ZeebeClient(channel)
    await deploy_example(client, "bank_transfer")
    worker = create_worker(
        channel,
        bank=bank,
        base_backoff_ms=BASE_BACKOFF_MS,
        on_done=lambda outcome, v: done.setdefault(v["transferId"], {"outcome": outcome, **v}),
    )
    async with running(worker):
        created = await client.run_process(
            PROCESS_ID, transfer(99, timeout="PT2S", account="ACC-DOWN")
        )
        await wait_for(lambda: "tx-99" in done, timeout_s=20, what="the timeout path")
        key = created.process_instance_key
        await wait_for(lambda: instance_ended(node, key), timeout_s=10, what="ended")
    # Every retry failed (an incident), then the 2 s timer boundary event interrupted the task.
    assert done["tx-99"] == {"outcome": "timed-out", "transferId": "tx-99"}
    assert len(bank.calls["tx-99"]) == RETRIES
    await channel.close()
