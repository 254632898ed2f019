"""The outbox: commands one partition's engine sends to other partitions
(`ProcessingResult.sends`, `Engine.pending_sends()`), delivered after their group is durable.

`Outbox(deliver)` runs one task per send that calls `await deliver(partition_id, command)`
until it returns (the target has appended the command to its log: its group is durable),
retrying after `retry_s` on any error or after `timeout_s` without an answer. So a send
survives a target that is down or restarting, as long as this partition runs. Sends lost
with this partition (it stopped before they were appended) are the engine's to resend:
message subscriptions are listed by `Engine.pending_sends()`, which the scheduler re-appends
now and then. Signal broadcasts are not: they are delivered only by this retry.

Receivers tolerate duplicates (see docs/engine.md, "For the broker"), so a send whose answer
was lost is simply sent again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from engine import Record

_log = logging.getLogger(__name__)

Deliver = Callable[[int, Record[Any]], Awaitable[None]]

DEFAULT_RETRY_S = 0.2
DEFAULT_TIMEOUT_S = 5.0


class Outbox:
    def __init__(
        self,
        deliver: Deliver,
        *,
        retry_s: float = DEFAULT_RETRY_S,
        timeout_s: float = DEFAULT_TIMEOUT_S,
    ) -> None:
        self._deliver = deliver
        self._retry = retry_s
        self._timeout = timeout_s
        self._tasks: set[asyncio.Task[None]] = set()
        self.delivered = 0  # sends the target confirmed appended
        self.retries = 0

    @property
    def pending(self) -> int:
        """Sends not yet confirmed appended."""
        return len(self._tasks)

    def send(self, partition_id: int, command: Record[Any]) -> None:
        task = asyncio.get_running_loop().create_task(self._send(partition_id, command))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _send(self, partition_id: int, command: Record[Any]) -> None:
        while True:
            try:
                await asyncio.wait_for(self._deliver(partition_id, command), self._timeout)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                self.retries += 1
                _log.debug("send to partition %d failed (%s); retrying", partition_id, error)
                await asyncio.sleep(self._retry)
            else:
                self.delivered += 1
                return

    async def stop(self) -> None:
        tasks, self._tasks = list(self._tasks), set()
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
