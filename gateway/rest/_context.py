"""What the REST handlers share: the broker, the topology, the read model, the clock, limits.

One `RestContext` per app; `create_rest_app(context)` hands it to every router. The read model
and the clock are optional: a node that runs no SQL exporter has no searches (they answer 501
naming the missing read model), and a node on the system clock has no `/v2/clock`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from broker.exporters.sql import SearchError

from ..errors import ErrorKind, GatewayError, invalid_argument
from ..grpc import BrokerCalls, TopologySource
from ..variables import DEFAULT_MAX_VARIABLES_BYTES
from .auth import Authenticator

T = TypeVar("T")

DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024  # deployments of several models; the log caps at 4 MiB


class ClockControl(Protocol):
    """The broker clock the REST clock endpoints drive (`broker.ControlledClock` is one)."""

    def pin(self, epoch_ms: int) -> None: ...

    def reset(self) -> None: ...


@dataclass(frozen=True)
class RestOptions:
    long_polling_timeout_ms: int = 5_000  # activation with requestTimeout 0 or unset
    with_result_timeout_ms: int = 15_000  # awaitCompletion with requestTimeout 0 or unset
    max_variables_bytes: int = DEFAULT_MAX_VARIABLES_BYTES
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES


@dataclass(frozen=True)
class RestContext:
    calls: BrokerCalls
    topology: TopologySource
    read_model: Engine | None = None  # the SQL read model the searches read
    clock: ClockControl | None = None
    options: RestOptions = RestOptions()
    ready: Callable[[], bool] | None = None  # /v2/status; defaults to every partition healthy
    auth: Authenticator | None = None  # None: no authentication (the loopback default)

    def require_read_model(self, what: str) -> Engine:
        if self.read_model is None:
            raise GatewayError(
                ErrorKind.UNIMPLEMENTED,
                f"Expected a SQL read model to {what}, but this node runs no SQL exporter: "
                "searches need the read model (issue 8); configure one to enable them",
            )
        return self.read_model

    async def query(self, what: str, run: Callable[[Engine], T]) -> T:
        """Runs a read-model query off the event loop; a refused search is a 400, a read
        model that cannot answer (not migrated yet, database down) a 503."""
        engine = self.require_read_model(what)
        try:
            return await asyncio.to_thread(run, engine)
        except SearchError as error:
            raise invalid_argument(str(error)) from None
        except SQLAlchemyError as error:
            raise GatewayError(
                ErrorKind.UNAVAILABLE,
                f"Expected the read model to {what}, but it cannot answer yet: "
                f"{type(error).__name__}",
            ) from None
