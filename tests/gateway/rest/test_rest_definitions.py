"""Process definitions (search, get, XML), element instances, jobs and decision instances
searches, and resolving every incident of an instance at once."""

from __future__ import annotations

from tests.gateway.rest.conftest import SERVICE, Rest, assert_problem


async def test_process_definitions(rest: Rest) -> None:
    await rest.deploy("order.bpmn", SERVICE)
    await rest.deploy("order.bpmn", SERVICE.replace('retries="3"', 'retries="5"'))
    await rest.exported()
    found = await rest.client.post(
        "/v2/process-definitions/search",
        json={"filter": {"processDefinitionId": "order"}, "sort": [{"field": "version"}]},
    )
    assert found.status_code == 200, found.text
    items = found.json()["items"]
    assert [d["version"] for d in items] == [1, 2]
    assert items[0]["resourceName"] == "order.bpmn"
    key = items[1]["processDefinitionKey"]
    got = await rest.client.get(f"/v2/process-definitions/{key}")
    assert got.json() == items[1]
    xml = await rest.client.get(f"/v2/process-definitions/{key}/xml")
    assert xml.status_code == 200
    assert xml.headers["content-type"].startswith("text/xml")
    assert 'retries="5"' in xml.text
    missing = await rest.client.get("/v2/process-definitions/2251799813699999/xml")
    assert_problem(missing, 404, "NOT_FOUND")


async def test_element_instances_jobs_and_instance_incident_resolution(rest: Rest) -> None:
    await rest.deploy("order.bpmn", SERVICE)
    instance = (await rest.create("order"))["processInstanceKey"]
    job = (await rest.activate("payment"))[0]
    await rest.client.post(f"/v2/jobs/{job['jobKey']}/failure", json={"retries": 0})
    await rest.exported()

    elements = await rest.client.post(
        "/v2/element-instances/search",
        json={"filter": {"processInstanceKey": instance, "elementId": "charge"}},
    )
    assert elements.status_code == 200, elements.text
    (element,) = elements.json()["items"]
    assert element["type"] == "SERVICE_TASK"
    assert element["state"] == "ACTIVE"
    assert element["hasIncident"] is True
    one = await rest.client.get(f"/v2/element-instances/{element['elementInstanceKey']}")
    assert one.json() == element

    jobs = await rest.client.post("/v2/jobs/search", json={"filter": {"type": "payment"}})
    (found,) = jobs.json()["items"]
    assert found["jobKey"] == job["jobKey"]
    assert found["retries"] == 0
    assert found["state"] == "FAILED"

    await rest.client.patch(f"/v2/jobs/{job['jobKey']}", json={"changeset": {"retries": 1}})
    resolved = await rest.client.post(f"/v2/process-instances/{instance}/incident-resolution")
    assert resolved.status_code == 200, resolved.text
    assert len(resolved.json()["resolvedIncidentKeys"]) == 1
    assert len(await rest.activate("payment")) == 1
    unknown = await rest.client.post("/v2/process-instances/2251799813699999/incident-resolution")
    assert_problem(unknown, 404, "NOT_FOUND")

    decisions = await rest.client.post("/v2/decision-instances/search", json={})
    assert decisions.json()["items"] == []
    bad = await rest.client.post("/v2/jobs/search", json={"filter": {"kind": {"$like": 3}}})
    assert_problem(bad, 400, "INVALID_ARGUMENT")
