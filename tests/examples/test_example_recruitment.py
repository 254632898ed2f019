"""Recruitment, end to end: user tasks found and completed through the REST user task
endpoints (search by candidate group, assign, complete with the form's fields), a DMN
decision table choosing the outcome, and a non-interrupting reminder when feedback is late,
on a real `baton run` (searches read its SQL read model, on by default)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pyzeebe import ZeebeClient, create_insecure_channel

from examples._node import BatonNode, deploy_example, instance_ended, wait_for
from examples.recruitment.workers import PROCESS_ID, create_worker


@pytest.fixture
def node(tmp_path: Path) -> Iterator[BatonNode]:
    with BatonNode(tmp_path / "data") as running:
        yield running


async def open_tasks(http: httpx.AsyncClient, group: str) -> list[dict[str, Any]]:
    response = await http.post(
        "/user-tasks/search", json={"filter": {"candidateGroup": group, "state": "CREATED"}}
    )
    response.raise_for_status()
    return list(response.json()["items"])


async def test_screening_interview_decision_and_reminder(node: BatonNode) -> None:
    events: list[tuple[str, str]] = []
    channel = create_insecure_channel(grpc_address=node.address)
    client = ZeebeClient(channel)
    await deploy_example(client, "recruitment")
    worker = create_worker(channel, on_event=lambda kind, who: events.append((kind, who)))
    task = asyncio.create_task(worker.work())
    http = httpx.AsyncClient(base_url=node.rest, timeout=10)
    try:
        candidates = {
            "Ada": {"yearsOfExperience": 6, "feedbackDue": "PT1S"},  # feedback will be late
            "Bob": {"yearsOfExperience": 2, "feedbackDue": "P2D"},
        }
        keys = {}
        for name, extra in candidates.items():
            variables = {"candidateName": name, "position": "Engineer", **extra}
            keys[name] = (await client.run_process(PROCESS_ID, variables)).process_instance_key
        by_instance = {str(key): name for name, key in keys.items()}

        # Recruiters screen both applications.
        screening = await wait_for(
            lambda: _exactly(open_tasks(http, "recruiters"), 2), timeout_s=15, what="screening"
        )
        for item in screening:
            assert item["elementId"] == "screen_application"
            key = item["userTaskKey"]
            response = await http.post(f"/user-tasks/{key}/assignment", json={"assignee": "rita"})
            assert response.status_code == 204, response.text
            response = await http.post(
                f"/user-tasks/{key}/completion", json={"variables": {"screened": True}}
            )
            assert response.status_code == 204, response.text

        # Interviews: Ada's feedback is overdue first, which reminds without interrupting.
        interviews = await wait_for(
            lambda: _exactly(open_tasks(http, "interviewers"), 2), timeout_s=15, what="interviews"
        )
        await wait_for(lambda: ("reminded", "Ada") in events, timeout_s=15, what="the reminder")
        scores = {"Ada": (4, 3), "Bob": (4, 3)}  # same scores; experience decides
        for item in interviews:
            assert item["elementId"] == "interview_candidate"
            name = by_instance[item["processInstanceKey"]]
            technical, culture = scores[name]
            form = {"technicalScore": technical, "cultureScore": culture, "interviewNotes": "ok"}
            response = await http.post(
                f"/user-tasks/{item['userTaskKey']}/completion", json={"variables": form}
            )
            assert response.status_code == 204, response.text

        await wait_for(lambda: len(events) == 3, timeout_s=15, what="both outcomes")
        for key in keys.values():
            await wait_for(lambda key=key: instance_ended(node, key), timeout_s=10, what="end")
    finally:
        await http.aclose()
        await worker.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 10)
        await channel.close()
    # The decision table: technical 4 and culture 3 hire only with 5+ years of experience.
    assert sorted(events) == [("offer", "Ada"), ("rejection", "Bob"), ("reminded", "Ada")]


async def _exactly(items: Any, count: int) -> list[dict[str, Any]] | None:
    found = await items
    return found if len(found) == count else None
