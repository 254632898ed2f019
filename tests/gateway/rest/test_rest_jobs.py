"""Jobs over REST: failure with retries and backoff, incidents and their resolution, errors
thrown to a boundary event, retries and timeout updates, and the refusals."""

from __future__ import annotations

from engine.testing import bpmn
from tests.gateway.rest.conftest import SERVICE, Rest, assert_problem

CAUGHT = bpmn("""
  <bpmn:process id="caught" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
    <bpmn:serviceTask id="work">
      <bpmn:extensionElements><zeebe:taskDefinition type="risky" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:boundaryEvent id="oops" attachedToRef="work">
      <bpmn:errorEventDefinition errorRef="E1" />
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f3" sourceRef="oops" targetRef="handled" />
    <bpmn:endEvent id="handled" />
  </bpmn:process>
  <bpmn:error id="E1" name="E1" errorCode="NO_STOCK" />""")


async def test_fail_to_zero_retries_raises_an_incident_that_resolves(rest: Rest) -> None:
    await rest.deploy("order.bpmn", SERVICE)
    instance = (await rest.create("order"))["processInstanceKey"]
    job = (await rest.activate("payment"))[0]
    failed = await rest.client.post(
        f"/v2/jobs/{job['jobKey']}/failure",
        json={"retries": 0, "errorMessage": "card declined", "variables": {"tries": 1}},
    )
    assert failed.status_code == 204, failed.text

    await rest.exported()
    search = await rest.client.post(
        "/v2/incidents/search", json={"filter": {"processInstanceKey": instance}}
    )
    assert search.status_code == 200, search.text
    incidents = search.json()["items"]
    assert len(incidents) == 1
    incident = incidents[0]
    assert incident["errorType"] == "JOB_NO_RETRIES"
    assert incident["errorMessage"] == "card declined"
    assert incident["state"] == "ACTIVE"
    assert incident["jobKey"] == job["jobKey"]
    assert incident["creationTime"].endswith("Z")
    got = await rest.client.get(f"/v2/incidents/{incident['incidentKey']}")
    assert got.json() == incident

    instances = await rest.client.post(
        "/v2/process-instances/search", json={"filter": {"hasIncident": True}}
    )
    assert [i["processInstanceKey"] for i in instances.json()["items"]] == [instance]

    # Retries first (else the incident comes straight back), then the resolution.
    updated = await rest.client.patch(
        f"/v2/jobs/{job['jobKey']}", json={"changeset": {"retries": 2}}
    )
    assert updated.status_code == 204, updated.text
    resolved = await rest.client.post(f"/v2/incidents/{incident['incidentKey']}/resolution")
    assert resolved.status_code == 204, resolved.text
    again = await rest.activate("payment")
    assert [j["jobKey"] for j in again] == [job["jobKey"]]
    assert again[0]["retries"] == 2

    twice = await rest.client.post(f"/v2/incidents/{incident['incidentKey']}/resolution")
    assert_problem(twice, 404, "NOT_FOUND")


async def test_fail_with_backoff_hides_the_job_until_the_clock_moves(rest: Rest) -> None:
    await rest.deploy("order.bpmn", SERVICE)
    now = rest.clock.now_ms()
    pinned = await rest.client.put("/v2/clock", json={"timestamp": now})
    assert pinned.status_code == 204
    assert rest.clock.pinned
    await rest.create("order")
    job = (await rest.activate("payment"))[0]
    failed = await rest.client.post(
        f"/v2/jobs/{job['jobKey']}/failure", json={"retries": 2, "retryBackOff": 60_000}
    )
    assert failed.status_code == 204
    assert await rest.activate("payment") == []
    moved = await rest.client.put("/v2/clock", json={"timestamp": now + 61_000})
    assert moved.status_code == 204
    jobs = await rest.activate("payment", requestTimeout=2_000)
    assert [j["jobKey"] for j in jobs] == [job["jobKey"]]
    reset = await rest.client.post("/v2/clock/reset")
    assert reset.status_code == 204
    assert not rest.clock.pinned


async def test_thrown_error_is_caught_by_the_boundary_event(rest: Rest) -> None:
    await rest.deploy("caught.bpmn", CAUGHT)
    instance = (await rest.create("caught"))["processInstanceKey"]
    job = (await rest.activate("risky"))[0]
    thrown = await rest.client.post(
        f"/v2/jobs/{job['jobKey']}/error",
        json={"errorCode": "NO_STOCK", "errorMessage": "none left"},
    )
    assert thrown.status_code == 204, thrown.text
    await rest.exported()
    found = await rest.client.get(f"/v2/process-instances/{instance}")
    assert found.json()["state"] == "COMPLETED"


async def test_update_timeout_and_refusals(rest: Rest) -> None:
    await rest.deploy("order.bpmn", SERVICE)
    await rest.create("order")
    job = (await rest.activate("payment"))[0]
    key = job["jobKey"]
    timeout = await rest.client.patch(f"/v2/jobs/{key}", json={"changeset": {"timeout": 60_000}})
    assert timeout.status_code == 204, timeout.text
    empty = await rest.client.patch(f"/v2/jobs/{key}", json={"changeset": {}})
    assert "retries" in assert_problem(empty, 400, "INVALID_ARGUMENT")

    done = await rest.client.post(f"/v2/jobs/{key}/completion")
    assert done.status_code == 204
    again = await rest.client.post(f"/v2/jobs/{key}/completion", json={})
    assert_problem(again, 404, "NOT_FOUND")
    unknown = await rest.client.post("/v2/jobs/2251799813999999/failure", json={"retries": 1})
    assert_problem(unknown, 404, "NOT_FOUND")
    no_code = await rest.client.post(f"/v2/jobs/{key}/error", json={"errorCode": ""})
    assert "errorCode" in assert_problem(no_code, 400)
    bad_key = await rest.client.post("/v2/jobs/not-a-key/completion", json={})
    assert "jobKey" in assert_problem(bad_key, 400)
    zero = await rest.client.post("/v2/jobs/0/completion", json={})
    assert "jobKey" in assert_problem(zero, 400)
    negative = await rest.client.post(
        "/v2/jobs/activation", json={"type": "payment", "timeout": -5, "maxJobsToActivate": 1}
    )
    assert "timeout" in assert_problem(negative, 400)
    missing = await rest.client.post("/v2/jobs/activation", json={"timeout": 5})
    detail = assert_problem(missing, 400)
    assert "type" in detail and "maxJobsToActivate" in detail


async def test_long_polling_returns_when_a_job_appears(rest: Rest) -> None:
    import asyncio

    await rest.deploy("order.bpmn", SERVICE)
    waiting = asyncio.create_task(rest.activate("payment", requestTimeout=5_000))
    await asyncio.sleep(0.1)
    assert not waiting.done()
    await rest.create("order")
    jobs = await asyncio.wait_for(waiting, 5)
    assert len(jobs) == 1
    # requestTimeout unset: the default (1 s in the harness) passes with no job.
    empty = await rest.client.post(
        "/v2/jobs/activation", json={"type": "none", "timeout": 1000, "maxJobsToActivate": 1}
    )
    assert empty.json() == {"jobs": []}
