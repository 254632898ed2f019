"""The scheduler: turns time into commands (job time-outs, retry backoffs, timers, message
TTLs) and resends the engine's unacknowledged sends.

It asks the engine what is due through the stream processor (`request_due_check`), which runs
`Engine.due_commands(now)` on its own loop between groups and processes the result as the next
group. So the scheduler never reads state while a group is being processed, and a due command
cannot be written twice by overlapping checks (a duplicate would only be rejected anyway).

Checks run:

- right after `start()` (anything that fell due while the broker was down fires at once);
- at `Engine.next_due_date()`: after every durable group the scheduler reads it (a batch may
  have added an earlier date) and arms a timer for it, or asks at once when it has passed;
- at once whenever a `ControlledClock` is pinned or moved;
- every `period_s` as a safety net.

Every `resend_period_s` (Zeebe: ~10 s) it asks the processor to hand `Engine.pending_sends()`
(message subscriptions still opening, closing or correlating) to the outbox again, so a send
lost with a crashed partition, or to one, is eventually appended. Receivers tolerate the
duplicates. The engine's due-date indexes are ordered by date, so a check reads only what is
due.
"""

from __future__ import annotations

import asyncio
import contextlib

from .clock import ControlledClock
from .processor import StreamProcessor

DEFAULT_PERIOD_S = 0.1
DEFAULT_RESEND_PERIOD_S = 10.0


class Scheduler:
    def __init__(
        self,
        processor: StreamProcessor,
        *,
        period_s: float = DEFAULT_PERIOD_S,
        resend_period_s: float = DEFAULT_RESEND_PERIOD_S,
    ) -> None:
        self._processor = processor
        self._period = period_s
        self._resend_period = resend_period_s
        self._task: asyncio.Task[None] | None = None
        self._resend_task: asyncio.Task[None] | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._asked_due: int | None = None  # the passed due date last asked about at once
        self._listening = False

    async def start(self) -> None:
        if self._task is not None:
            return
        processor = self._processor
        processor.request_due_check()  # what fell due while we were down
        processor.request_resend()  # what was not acknowledged before we went down
        clock = processor.clock
        if isinstance(clock, ControlledClock):
            clock.add_listener(processor.request_due_check)
        if not self._listening:
            processor.on_commit(self._after_batch)
            self._listening = True
        loop = asyncio.get_running_loop()
        self._task = loop.create_task(self._tick(), name=f"scheduler-{processor.partition_id}")
        self._resend_task = loop.create_task(
            self._resend(), name=f"resend-{processor.partition_id}"
        )

    async def stop(self) -> None:
        clock = self._processor.clock
        if isinstance(clock, ControlledClock):
            clock.remove_listener(self._processor.request_due_check)
        self._disarm()
        for task in (self._task, self._resend_task):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._task = self._resend_task = None

    def _after_batch(self, _last_position: int) -> None:
        if self._task is None or not self._processor.running:
            return
        due = self._processor.next_due_date()
        if due is None:
            self._disarm()
            return
        now = self._processor.clock.now_ms()
        if due <= now:
            # Asked once per passed date: if the check does not clear it (a due command that
            # is rejected), the periodic tick keeps trying without a tight loop.
            if due != self._asked_due:
                self._asked_due = due
                self._processor.request_due_check()
            return
        loop = asyncio.get_running_loop()
        at = loop.time() + (due - now) / 1000
        if self._timer is not None and self._timer.when() <= at:
            return  # already armed for then or earlier (a moved clock may make it earlier)
        self._disarm()
        self._timer = loop.call_at(at, self._fire)

    def _fire(self) -> None:
        self._timer = None
        if self._processor.running:
            self._processor.request_due_check()

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = None

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(self._period)
            if self._processor.running:
                self._processor.request_due_check()

    async def _resend(self) -> None:
        while True:
            await asyncio.sleep(self._resend_period)
            if self._processor.running:
                self._processor.request_resend()
