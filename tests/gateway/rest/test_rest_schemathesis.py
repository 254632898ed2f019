"""Schemathesis against the REST API's OpenAPI document, over real HTTP: no request it
generates makes the gateway answer 500, and every refusal is a problem document.

The node (a partition exporting into a SQLite read model, the HTTP app under uvicorn) runs on
its own event loop in a background thread for the module, and is stopped at its end.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.http import HttpServer
from tests.gateway.rest.conftest import SERVICE, USER_TASK, started_rest


class _Node:
    """The harness's app served over TCP from a thread with its own event loop."""

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._error: BaseException | None = None
        self.port = 0
        self._thread = threading.Thread(target=self._run, name="rest-node", daemon=True)

    def __enter__(self) -> _Node:
        self._thread.start()
        self._ready.wait(30)
        if self._error is not None or not self.port:
            raise RuntimeError(f"Expected the REST node to start, but: {self._error}")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(30)

    def _run(self) -> None:
        try:
            self._loop.run_until_complete(self._serve())
        except BaseException as error:  # reported to the test thread
            self._error = error
            self._ready.set()
        finally:
            self._loop.close()

    async def _serve(self) -> None:
        self._stop = asyncio.Event()
        async with started_rest(self._directory) as rest:
            await rest.deploy("order.bpmn", SERVICE)
            await rest.deploy("review.bpmn", USER_TASK)
            await rest.create("order")
            await rest.create("review")
            transport = rest.client._transport
            app = transport.app  # type: ignore[attr-defined]
            server = HttpServer(app, "127.0.0.1", 0)
            await server.start()
            try:
                self.port = server.port
                self._ready.set()
                await self._stop.wait()
            finally:
                await server.stop()


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Node]:
    with _Node(tmp_path_factory.mktemp("rest-schemathesis")) as started:
        yield started


def _tame(case: Any) -> None:
    # Keep waits short: long polling and awaited completion would only slow the run down.
    if isinstance(case.body, dict):
        if case.path.endswith("/jobs/activation"):
            case.body["requestTimeout"] = -1
        if case.path == "/process-instances":
            case.body["requestTimeout"] = 200


def test_no_generated_request_answers_500(node: _Node) -> None:
    base = f"http://127.0.0.1:{node.port}/v2"
    schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30
    # schemathesis's pytest plugin does not run under pytest 9: its strategies, driven here.
    strategy = st.one_of([operation.as_strategy() for operation in operations])

    @settings(
        max_examples=350,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(strategy)
    def answered_without_500(case: Any) -> None:
        _tame(case)
        response = case.call(base_url=base, timeout=10)
        assert response.status_code not in (500, 502), (case.method, case.path, response.text)
        if response.status_code >= 400:
            content_type = response.headers["content-type"]
            content_type = content_type[0] if isinstance(content_type, list) else content_type
            assert content_type.startswith("application/problem+json"), (
                response.request.url,
                response.text,
            )

    answered_without_500()
