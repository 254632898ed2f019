"""The scheduler: turns time into commands (job time-outs, retry backoffs; timers and message
TTLs once the engine has them).

It asks the engine what is due through the stream processor (`request_due_check`), which runs
`Engine.due_commands(now)` on its own loop between groups and processes the result as the next
group. So the scheduler never reads state while a group is being processed, and a due command
cannot be written twice by overlapping checks (a duplicate would only be rejected anyway).

Checks run right after `start()` (anything that fell due while the broker was down fires at
once), then every `period_s`, and at once whenever a `ControlledClock` is pinned or moved.
The engine's due-date indexes are ordered by date, so a check reads only what is due.
"""

from __future__ import annotations

import asyncio
import contextlib

from .clock import ControlledClock
from .processor import StreamProcessor

DEFAULT_PERIOD_S = 0.1


class Scheduler:
    def __init__(self, processor: StreamProcessor, *, period_s: float = DEFAULT_PERIOD_S) -> None:
        self._processor = processor
        self._period = period_s
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        if self._task is not None:
            return
        self._processor.request_due_check()  # what fell due while we were down
        clock = self._processor.clock
        if isinstance(clock, ControlledClock):
            clock.add_listener(self._processor.request_due_check)
        self._task = asyncio.get_running_loop().create_task(
            self._tick(), name=f"scheduler-{self._processor.partition_id}"
        )

    async def stop(self) -> None:
        clock = self._processor.clock
        if isinstance(clock, ControlledClock):
            clock.remove_listener(self._processor.request_due_check)
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(self._period)
            if self._processor.running:
                self._processor.request_due_check()
