"""Jobs over gRPC: a pyzeebe worker (polling and streaming) completing jobs with fetched
variables, long polling, fail with retries and backoff, errors caught by a boundary event,
incidents resolved after the retries are updated, job timeouts."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from pyzeebe import ZeebeWorker
from pyzeebe.proto import gateway_pb2 as pb

from engine.testing import bpmn
from tests.gateway.test_gateway_harness import SERVICE, Gateway, started_gateway


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Gateway]:
    async with started_gateway(tmp_path) as started:
        yield started


ERRORS = bpmn("""
  <bpmn:process id="charge" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <bpmn:serviceTask id="task">
      <bpmn:extensionElements><zeebe:taskDefinition type="card" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:boundaryEvent id="declined" attachedToRef="task">
      <bpmn:errorEventDefinition errorRef="card_declined" />
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="done" />
    <bpmn:endEvent id="done" />
    <bpmn:sequenceFlow id="f3" sourceRef="declined" targetRef="refund" />
    <bpmn:serviceTask id="refund">
      <bpmn:extensionElements><zeebe:taskDefinition type="refund" /></bpmn:extensionElements>
    </bpmn:serviceTask>
  </bpmn:process>
  <bpmn:error id="card_declined" name="Declined" errorCode="DECLINED" />""")


async def _run_worker(worker: ZeebeWorker, until: asyncio.Event) -> None:
    task = asyncio.create_task(worker.work())
    try:
        async with asyncio.timeout(20):
            await until.wait()
    finally:
        await worker.stop()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


@pytest.mark.parametrize("stream", [False, True])
async def test_a_pyzeebe_worker_completes_jobs_with_fetched_variables(
    gateway: Gateway, stream: bool
) -> None:
    await gateway.deploy("order.bpmn", SERVICE)
    seen: list[dict[str, Any]] = []
    done = asyncio.Event()
    worker = ZeebeWorker(gateway.channel, name="payments", stream_enabled=stream)

    @worker.task(task_type="payment", variables_to_fetch=["amount"])
    async def charge(**variables: Any) -> dict[str, Any]:
        # (pyzeebe finds a `job: Job` parameter by its annotation object, which this module's
        # `from __future__ import annotations` turns into text; so variables only)
        seen.append(variables)
        amount = int(variables["amount"])
        if len(seen) == 5:
            done.set()
        return {"charged": amount * 2}

    for n in range(5):
        await gateway.client.run_process("order", {"amount": n, "secret": "x"})
    await _run_worker(worker, done)
    assert sorted(v["amount"] for v in seen) == [0, 1, 2, 3, 4]
    assert all(set(v) == {"amount"} for v in seen)  # only the fetched variable
    assert await _left(gateway, "payment") == []  # every job was completed


async def _left(gateway: Gateway, job_type: str) -> list[pb.ActivatedJob]:
    # The worker completes a job after its handler returns: give the last completion a moment.
    for _ in range(50):
        jobs = await gateway.activate(job_type, timeout=1)
        if not jobs:
            return jobs
        await asyncio.sleep(0.05)
    return jobs


async def test_with_result_waits_for_the_worker(gateway: Gateway) -> None:
    await gateway.deploy("order.bpmn", SERVICE)
    worker = ZeebeWorker(gateway.channel, name="payments")
    done = asyncio.Event()

    @worker.task(task_type="payment")
    async def charge(amount: int) -> dict[str, Any]:
        return {"charged": amount * 2}

    async def create() -> None:
        try:
            result = await gateway.client.run_process_with_result(
                "order", {"amount": 4}, variables_to_fetch=["charged"], timeout=10_000
            )
            assert result.variables == {"charged": 8}
        finally:
            done.set()

    creating = asyncio.create_task(create())
    await _run_worker(worker, done)
    await creating


async def test_activate_jobs_long_polls_until_a_job_appears(gateway: Gateway) -> None:
    await gateway.deploy("order.bpmn", SERVICE)
    started = time.monotonic()
    waiting = asyncio.create_task(gateway.activate("payment", request_timeout=10_000))
    await asyncio.sleep(0.3)
    assert not waiting.done()
    created = await gateway.client.run_process("order", {"amount": 3})
    [job] = await asyncio.wait_for(waiting, 5)
    assert time.monotonic() - started < 5
    assert job.processInstanceKey == created.process_instance_key
    assert (job.type, job.elementId, job.retries, job.worker) == ("payment", "charge", 3, "test")
    assert json.loads(job.variables) == {"amount": 3}


async def test_activate_jobs_default_timeout_answers_empty(gateway: Gateway) -> None:
    started = time.monotonic()
    assert await gateway.activate("nothing", request_timeout=0) == []
    assert 1.5 < time.monotonic() - started < 5  # the harness's 2 s default long poll


async def test_fail_with_retries_and_backoff_then_an_incident_resolved(gateway: Gateway) -> None:
    await gateway.deploy("order.bpmn", SERVICE)
    await gateway.client.run_process("order")
    [job] = await gateway.activate("payment")
    await gateway.stub.FailJob(
        pb.FailJobRequest(jobKey=job.key, retries=1, errorMessage="busy", retryBackOff=700)
    )
    assert await gateway.activate("payment") == []  # backing off
    started = time.monotonic()
    [again] = await gateway.activate("payment", request_timeout=5_000)
    assert again.key == job.key and again.retries == 1
    assert time.monotonic() - started > 0.3
    await gateway.stub.FailJob(
        pb.FailJobRequest(jobKey=job.key, retries=0, errorMessage="gave up", variables='{"n": 1}')
    )
    assert await gateway.activate("payment") == []  # an incident now holds the job
    with pytest.raises(grpc.aio.AioRpcError) as failed:
        await gateway.stub.CompleteJob(pb.CompleteJobRequest(jobKey=job.key))
    assert failed.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    await gateway.stub.UpdateJobRetries(pb.UpdateJobRetriesRequest(jobKey=job.key, retries=2))
    incident_key = _incident_of(gateway, job.key)
    await gateway.stub.ResolveIncident(pb.ResolveIncidentRequest(incidentKey=incident_key))
    [retried] = await gateway.activate("payment")
    assert retried.key == job.key and retried.retries == 2
    await gateway.stub.CompleteJob(pb.CompleteJobRequest(jobKey=job.key))
    with pytest.raises(grpc.aio.AioRpcError) as resolved:
        await gateway.stub.ResolveIncident(pb.ResolveIncidentRequest(incidentKey=incident_key))
    assert resolved.value.code() == grpc.StatusCode.NOT_FOUND


def _incident_of(gateway: Gateway, job_key: int) -> int:
    # No gRPC call lists incidents (Zeebe has none either): read the partition's state.
    local = gateway.node.node.local
    assert local is not None
    return int(local.processor.engine.state.incidents.for_job(job_key) or -1)


async def test_throw_error_is_caught_by_the_boundary_event(gateway: Gateway) -> None:
    await gateway.deploy("charge.bpmn", ERRORS)
    created = await gateway.client.run_process("charge", {"order": 7})
    [job] = await gateway.activate("card")
    await gateway.stub.ThrowError(
        pb.ThrowErrorRequest(
            jobKey=job.key, errorCode="DECLINED", errorMessage="no funds", variables='{"why": "x"}'
        )
    )
    [refund] = await gateway.activate("refund")
    assert refund.processInstanceKey == created.process_instance_key
    assert refund.elementId == "refund"
    with pytest.raises(grpc.aio.AioRpcError) as thrown:
        await gateway.stub.CompleteJob(pb.CompleteJobRequest(jobKey=job.key))
    assert thrown.value.code() == grpc.StatusCode.NOT_FOUND


async def test_update_job_timeout_and_a_timed_out_job_is_handed_out_again(
    gateway: Gateway,
) -> None:
    await gateway.deploy("order.bpmn", SERVICE)
    await gateway.client.run_process("order")
    [job] = await gateway.activate("payment", timeout=60_000)
    await gateway.stub.UpdateJobTimeout(pb.UpdateJobTimeoutRequest(jobKey=job.key, timeout=200))
    [again] = await gateway.activate("payment", request_timeout=5_000)
    assert again.key == job.key


async def test_large_activations_come_in_several_responses(gateway: Gateway) -> None:
    await gateway.deploy("order.bpmn", SERVICE)
    blob = "x" * 600_000
    for n in range(3):
        await gateway.client.run_process("order", {"n": n, "blob": blob})
    request = pb.ActivateJobsRequest(
        type="payment", worker="w", timeout=30_000, maxJobsToActivate=10, requestTimeout=-1
    )
    sizes = [len(response.jobs) async for response in gateway.stub.ActivateJobs(request)]
    assert sizes == [1, 1, 1]
