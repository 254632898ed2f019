"""Property test: bodies generated from the REST API's own OpenAPI document (the JSON
schemas of its pydantic models), mixed with arbitrary JSON, never make the gateway answer
500, and every refusal is a problem+json document.

This stands in for a schemathesis run (not a dependency): a small converter below turns the
document's request schemas into hypothesis strategies.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.gateway.rest.conftest import SERVICE, USER_TASK, started_rest

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
KEYS = st.sampled_from(["2251799813685249", "1", "0", "-3", "x", "99999999999999999999"])


def strategy(schema: dict[str, Any], components: dict[str, Any], depth: int = 0) -> Any:
    """A strategy for values of `schema`, now and then something else entirely."""
    return (
        st.one_of(_strict(schema, components, depth), JSON)
        if depth
        else _strict(schema, components, depth)
    )


def _strict(schema: dict[str, Any], components: dict[str, Any], depth: int) -> Any:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return strategy(components[name], components, depth)
    if "anyOf" in schema:
        return st.one_of([_strict(s, components, depth) for s in schema["anyOf"]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        required = set(schema.get("required", []))
        fields = {name: strategy(sub, components, depth + 1) for name, sub in properties.items()}
        return st.fixed_dictionaries(
            {n: s for n, s in fields.items() if n in required},
            optional={n: s for n, s in fields.items() if n not in required},
        ) | st.dictionaries(st.text(max_size=8), JSON, max_size=3)
    if kind == "array":
        items = strategy(schema.get("items", {}), components, depth + 1)
        return st.lists(items, max_size=4)
    if kind == "string":
        if "pattern" in schema:
            return st.from_regex(re.compile(schema["pattern"]), fullmatch=True) | KEYS
        return st.text(max_size=schema.get("maxLength", 30) or 30)
    if kind == "integer":
        return (
            st.integers(
                min_value=int(schema.get("minimum", -(2**64))),
                max_value=int(schema.get("maximum", 2**64)),
            )
            | st.integers()
        )
    if kind == "number":
        return st.floats(allow_nan=False, allow_infinity=False)
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    return JSON


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    body: Any  # strategy, or None for no JSON body


def operations(document: dict[str, Any]) -> list[Operation]:
    components = document.get("components", {}).get("schemas", {})
    found = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            content = operation.get("requestBody", {}).get("content", {})
            schema = content.get("application/json", {}).get("schema")
            body = None if schema is None else strategy(schema, components)
            found.append(Operation(method.upper(), "/v2" + path, body))
    return found


def _tame(operation: Operation, body: Any) -> Any:
    # Keep generated waits short: long polling and awaited completion would only slow the run.
    if isinstance(body, dict):
        if operation.path.endswith("/jobs/activation"):
            body["requestTimeout"] = -1
        if operation.path.endswith("/process-instances"):
            body["requestTimeout"] = 200
    return body


def test_generated_requests_never_answer_500(tmp_path: Path) -> None:
    loop = asyncio.new_event_loop()
    harness = started_rest(tmp_path)
    try:
        rest = loop.run_until_complete(harness.__aenter__())
        loop.run_until_complete(rest.deploy("order.bpmn", SERVICE))
        loop.run_until_complete(rest.deploy("review.bpmn", USER_TASK))
        document = loop.run_until_complete(rest.client.get("/v2/openapi.json")).json()
        ops = operations(document)
        assert len(ops) >= 25

        @settings(
            max_examples=250,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        @given(st.data())
        def requests_are_answered(data: st.DataObject) -> None:
            operation = data.draw(st.sampled_from(ops))
            path = re.sub(r"\{[^}]+\}", lambda _: data.draw(KEYS), operation.path)
            kwargs: dict[str, Any] = {}
            if operation.body is not None:
                kwargs["json"] = _tame(operation, data.draw(operation.body))
            elif operation.path.endswith("/deployments"):
                content = data.draw(st.binary(max_size=200) | st.just(SERVICE.encode()))
                kwargs["files"] = {"resources": ("r.bpmn", content)}
            response = loop.run_until_complete(
                rest.client.request(operation.method, path, **kwargs)
            )
            assert response.status_code != 500, (operation, kwargs, response.text)
            if response.status_code >= 400:
                assert response.headers["content-type"] == "application/problem+json"
                assert response.json()["status"] == response.status_code

        requests_are_answered()
    finally:
        loop.run_until_complete(harness.__aexit__(None, None, None))
        loop.close()


async def test_openapi_document_and_docs(tmp_path: Path) -> None:
    async with started_rest(tmp_path) as rest:
        document = (await rest.client.get("/v2/openapi.json")).json()
        paths = document["paths"]
        for path in (
            "/topology",
            "/status",
            "/deployments",
            "/process-instances",
            "/process-instances/{processInstanceKey}/cancellation",
            "/process-instances/search",
            "/jobs/activation",
            "/jobs/{jobKey}/completion",
            "/jobs/{jobKey}/failure",
            "/jobs/{jobKey}/error",
            "/jobs/{jobKey}",
            "/user-tasks/search",
            "/user-tasks/{userTaskKey}/assignment",
            "/user-tasks/{userTaskKey}/assignee",
            "/user-tasks/{userTaskKey}/completion",
            "/user-tasks/{userTaskKey}/form",
            "/messages/publication",
            "/messages/correlation",
            "/signals/broadcast",
            "/incidents/search",
            "/incidents/{incidentKey}/resolution",
            "/variables/search",
            "/variables/{variableKey}",
            "/element-instances/{elementInstanceKey}/variables",
            "/decision-definitions/evaluation",
            "/clock",
            "/clock/reset",
            "/resources/{resourceKey}/deletion",
            "/process-instances/{processInstanceKey}/migration",
        ):
            assert path in paths, path
        assert "multipart/form-data" in paths["/deployments"]["post"]["requestBody"]["content"]
        docs = await rest.client.get("/v2/docs")
        assert docs.status_code == 200
        assert "/v2/openapi.json" in docs.text
