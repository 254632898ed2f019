"""`awaitCompletion` through the read model: create the instance, then wait until the read
model shows it ended, and answer with its root-scope variables.

Why not only the broker's CREATE_WITH_AWAITING_RESULT (which gRPC uses, and which the broker
now answers in whatever later batch the instance completes): the engine gives no answer when
the awaited instance is cancelled, so the client would only see its timeout; through the read
model the REST API answers 409 at once. Without a read model it falls back to the broker's
command. Next step: let the engine reject the awaiting request when the instance terminates,
then drop this module.

The read model lags the log by the exporter's batch, so "ended" is seen a few milliseconds
after the broker committed it; the variables read are the ones the instance ended with.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine

from broker.exporters.sql import queries

from ..errors import ErrorKind, GatewayError
from ._context import RestContext

_POLL_S = 0.02
_PAGE = 1_000


def _state(engine: Engine, key: int) -> str | None:
    page = queries.search_process_instances(engine, {"key": key}, limit=1)
    return page.items[0].state if page.items else None


def _variables(engine: Engine, key: int, fetch: Sequence[str]) -> dict[str, Any]:
    filter: dict[str, Any] = {"scope_key": key}
    if fetch:
        filter["name"] = {"$in": list(fetch)}
    found: dict[str, Any] = {}
    after = None
    while True:
        page = queries.search_variables(engine, filter, limit=_PAGE, after=after)
        for variable in page.items:
            found[variable.name] = json.loads(variable.value)
        if len(page.items) < _PAGE:
            return found
        after = page.end_cursor


async def wait_for_result(
    ctx: RestContext, process_instance_key: int, fetch: Sequence[str]
) -> dict[str, Any]:
    """The variables of the completed instance (all, or only `fetch`). The caller bounds the
    wait with a timeout; a terminated instance is INVALID_STATE."""
    while True:
        state = await ctx.query(
            "await the instance's completion", lambda e: _state(e, process_instance_key)
        )
        if state == "COMPLETED":
            break
        if state == "TERMINATED":
            raise GatewayError(
                ErrorKind.INVALID_STATE,
                f"Expected process instance '{process_instance_key}' to complete, but it was "
                "terminated",
            )
        await asyncio.sleep(_POLL_S)
    return await ctx.query(
        "read the instance's variables",
        lambda e: _variables(e, process_instance_key, fetch),
    )
