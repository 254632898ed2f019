"""Search endpoints against the read model: filters (plain and operators), sorting, cursor
pagination, get by key, and the refusals (unknown fields, bad cursors, no read model)."""

from __future__ import annotations

from typing import Any

import httpx

from broker import BrokerClient
from gateway.grpc import BrokerCalls, PartitionState, TopologySource
from gateway.http import create_app
from gateway.rest import RestContext
from tests.gateway.rest.conftest import SERVICE, Rest, assert_problem


async def _instances(rest: Rest, count: int) -> list[str]:
    await rest.deploy("order.bpmn", SERVICE)
    keys = []
    for n in range(count):
        created = await rest.create("order", variables={"n": n, "tier": "gold" if n % 2 else "x"})
        keys.append(created["processInstanceKey"])
    await rest.exported()
    return keys


async def _search(rest: Rest, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await rest.client.post(path, json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def test_process_instances_filter_sort_and_pages(rest: Rest) -> None:
    keys = await _instances(rest, 5)
    everything = await _search(rest, "/v2/process-instances/search", {})
    assert everything["page"]["totalItems"] == 5
    assert [i["processInstanceKey"] for i in everything["items"]] == keys

    newest_first = await _search(
        rest,
        "/v2/process-instances/search",
        {"sort": [{"field": "processInstanceKey", "order": "DESC"}]},
    )
    assert [i["processInstanceKey"] for i in newest_first["items"]] == keys[::-1]

    seen: list[str] = []
    after = None
    while True:
        page: dict[str, Any] = {"limit": 2}
        if after is not None:
            page["after"] = after
        result = await _search(
            rest,
            "/v2/process-instances/search",
            {"filter": {"processDefinitionId": "order"}, "page": page},
        )
        if not result["items"]:
            break
        assert result["page"]["totalItems"] == 5
        seen += [i["processInstanceKey"] for i in result["items"]]
        after = result["page"]["endCursor"]
    assert seen == keys

    some = await _search(
        rest,
        "/v2/process-instances/search",
        {"filter": {"processInstanceKey": {"$in": keys[1:3]}, "state": "ACTIVE"}},
    )
    assert [i["processInstanceKey"] for i in some["items"]] == keys[1:3]
    later = await _search(
        rest,
        "/v2/process-instances/search",
        {"filter": {"processInstanceKey": {"$gt": keys[2]}}},
    )
    assert [i["processInstanceKey"] for i in later["items"]] == keys[3:]
    item = some["items"][0]
    assert item["processDefinitionVersion"] == 1
    assert item["startDate"].endswith("Z")
    assert item["endDate"] is None
    assert item["hasIncident"] is False

    cancelled = await rest.client.post(f"/v2/process-instances/{keys[0]}/cancellation")
    assert cancelled.status_code == 204
    await rest.exported()
    terminated = await _search(
        rest, "/v2/process-instances/search", {"filter": {"state": "TERMINATED"}}
    )
    assert [i["processInstanceKey"] for i in terminated["items"]] == [keys[0]]
    again = await rest.client.post(f"/v2/process-instances/{keys[0]}/cancellation")
    assert_problem(again, 404, "NOT_FOUND")


async def test_variables_search_and_get(rest: Rest) -> None:
    keys = await _instances(rest, 3)
    gold = await _search(
        rest, "/v2/variables/search", {"filter": {"name": "tier", "value": '"gold"'}}
    )
    assert [v["processInstanceKey"] for v in gold["items"]] == [keys[1]]
    numbers = await _search(
        rest,
        "/v2/variables/search",
        {"filter": {"name": "n"}, "sort": [{"field": "value", "order": "DESC"}]},
    )
    assert [v["value"] for v in numbers["items"]] == ["2", "1", "0"]
    like = await _search(rest, "/v2/variables/search", {"filter": {"name": {"$like": "ti*"}}})
    assert like["page"]["totalItems"] == 3
    one = numbers["items"][0]
    got = await rest.client.get(f"/v2/variables/{one['variableKey']}")
    assert got.json() == one
    assert_problem(await rest.client.get("/v2/variables/2251799813699999"), 404, "NOT_FOUND")


async def test_element_instance_variables(rest: Rest) -> None:
    keys = await _instances(rest, 1)
    put = await rest.client.put(
        f"/v2/element-instances/{keys[0]}/variables", json={"variables": {"tier": "silver"}}
    )
    assert put.status_code == 204, put.text
    post = await rest.client.post(
        f"/v2/element-instances/{keys[0]}/variables",
        json={"variables": {"extra": [1, 2]}, "local": True},
    )
    assert post.status_code == 204, post.text
    await rest.exported()
    found = await _search(rest, "/v2/variables/search", {"filter": {"processInstanceKey": keys[0]}})
    values = {v["name"]: v["value"] for v in found["items"]}
    assert values["tier"] == '"silver"'
    assert values["extra"] == "[1,2]"
    unknown = await rest.client.put(
        "/v2/element-instances/2251799813699999/variables", json={"variables": {"a": 1}}
    )
    assert_problem(unknown, 404, "NOT_FOUND")
    array = await rest.client.put(
        f"/v2/element-instances/{keys[0]}/variables", json={"variables": [1]}
    )
    assert "variables" in assert_problem(array, 400)


async def test_search_refusals(rest: Rest) -> None:
    await _instances(rest, 1)
    for body, word in (
        ({"filter": {"nope": 1}}, "nope"),
        ({"filter": {"processInstanceKey": "abc"}}, "processInstanceKey"),
        ({"filter": {"state": {"$regex": "x"}}}, "$regex"),
        ({"filter": {"state": {}}}, "state"),
        ({"sort": [{"field": "nope"}]}, "nope"),
        ({"sort": [{"field": "state", "order": "UP"}]}, "order"),
        ({"page": {"limit": 0}}, "limit"),
        ({"page": {"limit": 10_001}}, "limit"),
        ({"page": {"after": "!!not a cursor!!"}}, "cursor"),
        ({"page": {"before": "x"}}, "before"),
        ({"filter": {"startDate": {"$gt": "yesterday"}}}, "startDate"),
        ({"unexpected": True}, "unexpected"),
    ):
        response = await rest.client.post("/v2/process-instances/search", json=body)
        assert word in assert_problem(response, 400, "INVALID_ARGUMENT"), body
    assert_problem(
        await rest.client.get("/v2/process-instances/2251799813699999"), 404, "NOT_FOUND"
    )


async def test_searches_without_a_read_model_answer_501(rest: Rest) -> None:
    calls = BrokerCalls(BrokerClient([rest.partition]))
    topology = TopologySource("127.0.0.1", 1, lambda: [PartitionState(1, True)])
    app = create_app(lambda: True, RestContext(calls, topology))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://baton") as client:
        for path in (
            "/v2/process-instances/search",
            "/v2/user-tasks/search",
            "/v2/incidents/search",
            "/v2/variables/search",
        ):
            detail = assert_problem(await client.post(path, json={}), 501, "UNIMPLEMENTED")
            assert "read model" in detail
        clock = await client.put("/v2/clock", json={"timestamp": 1})
        assert "clock" in assert_problem(clock, 501, "UNIMPLEMENTED")
        # commands still work without a read model
        assert (await client.get("/v2/topology")).status_code == 200
