"""The stream processor: one partition's commands through the engine, committed in groups.

    submit() ──▶ intake (bounded) ──▶ group of ≤ max_group commands ──▶ engine.process each
             ──▶ ONE PartitionStore commit (commands + records + staged state + processed
                 position, fsync'd) ──▶ replies, JobsAvailable listeners, commit listeners

Invariants:

- **Acknowledged means durable.** A client's future resolves only after the WriteBatch holding
  its command, every record the command caused, the state they changed and the processed
  position was written with fsync (`PendingCommit.write`).
- **Exactly once.** The processed position committed with a group is the position of the
  group's LAST record, so every command at or below it (client commands, follow-up commands
  the engine processed inline) is processed, and none is processed again after a restart.
  Commands found in the log above it at start (appended by someone who did not process them)
  are processed first, once.
- **One writer, one thread for state.** The engine, the staging overlay and the log are touched
  only from the event loop. The blocking fsync (`PendingCommit.write`) runs in a one-thread
  executor while the loop keeps taking submissions (rocksdict releases the GIL while it writes);
  no group is processed before the previous one is written, so state never gets ahead of the
  log by more than the group in flight.
- **Bounded.** The client intake holds at most `queue_limit` commands; beyond it `submit`
  raises `Backpressure` at once. Scheduler commands bypass the limit (they are few, and
  dropping them would stall timeouts).
- **Late answers.** A CREATE_WITH_AWAITING_RESULT command whose group is durable without a
  response waits in `_awaiting` (request id -> future) until a later group carries its
  response (position -1, the request's ids) and that group is durable. The client's own
  timeout cancels the future, which removes the entry; stop and failure fail every entry
  with `PartitionUnavailable`. So the entries are bounded by the clients still waiting.
- **Never a half-written batch.** A group whose records encode to more than the log's limit is
  dropped (staged state discarded, engine rebuilt) and its commands are processed again one
  per group; a single command still too large is answered with an EXCEEDED_BATCH_RECORD_SIZE
  rejection.

- **Sends after durability.** `ProcessingResult.sends` (commands for other partitions:
  message subscriptions, signal broadcasts) are handed to the `Outbox` only after their group
  is durable (a send to this same partition goes to its own intake); `request_resend()` hands
  it `Engine.pending_sends()` between groups, with nothing in flight.

A failed write (`StorageError`) or a bug in this loop stops the partition: every waiting client
gets `PartitionUnavailable`, and the owner must reopen the store (RocksDB refuses writes after a
failed one, see `RocksDatabase`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from msgspec.structs import replace

from engine import Engine, JobsAvailable, Record, RecordType, SendCommand
from engine.records.intents import Intent, ProcessInstanceCreationIntent
from engine.records.registry import value_type_of
from engine.records.values import RecordValue

from ..errors import Backpressure, BatchTooLarge, BrokerError, PartitionUnavailable
from ..partition_store import PartitionStore, PendingCommit
from ..storage.rocks import RocksTransaction
from .clock import Clock, SystemClock
from .groups import Group, InFlight, Submission, run_command, too_large_records
from .outbox import Deliver, Outbox
from .staging import StagingStore

_log = logging.getLogger(__name__)

DEFAULT_MAX_GROUP = 256
DEFAULT_QUEUE_LIMIT = 10_000

Response = Record[Any]
JobsListener = Callable[[str], None]
CommitListener = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class ProcessorStatistics:
    groups: int
    commands: int
    records: int
    queued: int
    processed_position: int
    awaiting: int = 0  # requests durable and waiting for a late response


class StreamProcessor:
    """Runs one partition. `start()` recovers and starts the loop; `submit` sends commands."""

    def __init__(
        self,
        store: PartitionStore,
        *,
        clock: Clock | None = None,
        max_group: int = DEFAULT_MAX_GROUP,
        queue_limit: int = DEFAULT_QUEUE_LIMIT,
        partition_count: int = 1,
        deliver: Deliver | None = None,
        send_retry_s: float = 0.2,
    ) -> None:
        self.store = store
        self.partition_id = store.partition_id
        self.clock: Clock = clock if clock is not None else SystemClock()
        self.max_group = max_group
        self.queue_limit = queue_limit
        self._staging = StagingStore(store.state)
        self.partition_count = partition_count
        self.engine = self._new_engine()
        # Where sends to other partitions go (None: nowhere, they are dropped with a warning).
        self.outbox = None if deliver is None else Outbox(deliver, retry_s=send_retry_s)
        self._resend = False
        self._clients: deque[Submission] = deque()
        self._internal: deque[Submission] = deque()
        self._due_check = False
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._request_ids = 0
        self._jobs_listeners: list[JobsListener] = []
        self._commit_listeners: list[CommitListener] = []
        self.failure: BaseException | None = None
        # Invariant: `_next_position` is the position the next group's first command gets:
        # the log's last position plus the records of the group being written, if any.
        self._next_position = store.log.last_position + 1
        self._writing: InFlight | None = None
        self._processing: list[Submission] = []
        # Requests of durable groups still waiting for a late response (see the docstring).
        self._awaiting: dict[int, asyncio.Future[Response]] = {}
        # Held by the loop while it processes and writes, and by `exclusive()`.
        self._turn = asyncio.Lock()
        self._groups = self._commands = self._records = 0

    def _new_engine(self) -> Engine:
        return Engine(self._staging, self.partition_id, partition_count=self.partition_count)

    # Life cycle.

    async def start(self) -> None:
        """Processes any commands left unprocessed in the log, then starts the loop."""
        if self._task is not None:
            return
        self._executor = ThreadPoolExecutor(1, thread_name_prefix=f"commit-p{self.partition_id}")
        await self._recover()
        self._task = asyncio.get_running_loop().create_task(
            self._run(), name=f"stream-processor-{self.partition_id}"
        )

    async def stop(self) -> None:
        """Stops taking groups; the group being written is finished and answered; clients
        still waiting get `PartitionUnavailable`. Does not close the store (its owner does)."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._writing is not None and self.failure is None:
            try:
                await self._finish_write()
            except BrokerError as error:  # the write failed: nothing more to answer
                self.failure = error
        self._fail_waiting(
            PartitionUnavailable(
                f"Expected partition {self.partition_id} to process the command, but it stopped",
                partition_id=self.partition_id,
            )
        )
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None
        if self.outbox is not None:
            await self.outbox.stop()

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    @contextlib.asynccontextmanager
    async def exclusive(self) -> AsyncIterator[None]:
        """Holds the loop between groups, with nothing in flight: inside, the database is
        exactly the durable state (snapshots are taken here)."""
        async with self._turn:
            await self._finish_write()
            yield

    # Intake.

    def submit(self, intent: Intent, value: RecordValue, key: int = -1) -> asyncio.Future[Response]:
        """Queues a client command; the future resolves with its response record (a rejection
        included) once the command's results are durable. Raises `Backpressure` at once when
        the intake is full, `PartitionUnavailable` when the processor is not running."""
        command: Record[Any] = Record(
            position=-1,
            key=key,
            timestamp=0,
            partition_id=self.partition_id,
            record_type=RecordType.COMMAND,
            value_type=value_type_of(value),
            intent=intent,
            value=value,
        )
        return self.submit_record(command)

    def submit_record(self, command: Record[Any]) -> asyncio.Future[Response]:
        """`submit` for a built command record (its position, timestamp, partition and request
        ids are set here)."""
        if not self.running:
            raise PartitionUnavailable(
                f"Expected partition {self.partition_id} to be running, but it is "
                + ("failed" if self.failure is not None else "stopped"),
                partition_id=self.partition_id,
            )
        if len(self._clients) >= self.queue_limit:
            raise Backpressure(
                f"Expected room in partition {self.partition_id}'s intake, but "
                f"{self.queue_limit} commands are waiting",
                partition_id=self.partition_id,
                limit=self.queue_limit,
            )
        self._request_ids += 1
        command = replace(command, request_id=self._request_ids, request_stream_id=1)
        future: asyncio.Future[Response] = asyncio.get_running_loop().create_future()
        self._clients.append(Submission(command, future))
        self._wake.set()
        return future

    def submit_internal(
        self, commands: list[Record[Any]], on_durable: Callable[[], None] | None = None
    ) -> None:
        """Queues commands nobody waits for (the scheduler's, other partitions' sends); no
        backpressure. `on_durable()` runs once the group holding the last of them is durable
        (not at all if the partition stops first)."""
        for index, command in enumerate(commands):
            last = index == len(commands) - 1
            self._internal.append(Submission(command, None, on_durable if last else None))
        if commands:
            self._wake.set()

    def request_due_check(self) -> None:
        """Asks the loop to write the engine's due commands (job time-outs, backoffs) before
        its next group. Runs on the loop, so it never reads state mid-group."""
        self._due_check = True
        self._wake.set()

    def request_resend(self) -> None:
        """Asks the loop to hand `Engine.pending_sends()` to the outbox, between groups with
        nothing in flight (so only durable state is read)."""
        self._resend = True
        self._wake.set()

    def next_due_date(self) -> int | None:
        """`Engine.next_due_date()` (reading only; may include the group being written)."""
        return self.engine.next_due_date()

    def on_jobs_available(self, listener: JobsListener) -> None:
        """`listener(job_type)` runs after a group that made jobs of that type activatable
        is durable."""
        self._jobs_listeners.append(listener)

    def on_commit(self, listener: CommitListener) -> None:
        """`listener(last_position)` runs after every durable group."""
        self._commit_listeners.append(listener)

    def statistics(self) -> ProcessorStatistics:
        return ProcessorStatistics(
            groups=self._groups,
            commands=self._commands,
            records=self._records,
            queued=len(self._clients) + len(self._internal),
            awaiting=len(self._awaiting),
            processed_position=self.store.processed_position,
        )

    # The loop.

    async def _run(self) -> None:
        try:
            while True:
                if self._resend:
                    self._resend = False
                    async with self._turn:
                        await self._finish_write()
                        self._deliver(self.engine.pending_sends())
                    continue
                if not self._has_work():
                    async with self._turn:
                        await self._finish_write()  # idle: answer the group in flight now
                    if not self._has_work():
                        await self._wake.wait()
                    self._wake.clear()
                    continue
                async with self._turn:
                    group = self._process_group(self._take_group())
                    # Processed while the previous group was being written; its position
                    # continues that group's, so that one must be durable before this is
                    # built.
                    await self._finish_write()
                    if group is not None:
                        await self._write(group)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # the broker loop's one broad catch: stop, tell everyone
            _log.exception("partition %d stopped", self.partition_id)
            self.failure = error
            self._fail_waiting(
                PartitionUnavailable(
                    f"Expected partition {self.partition_id} to process the command, but it "
                    f"failed: {error}",
                    partition_id=self.partition_id,
                )
            )

    def _has_work(self) -> bool:
        return bool(self._clients or self._internal or self._due_check or self._resend)

    def _deliver(self, sends: list[SendCommand]) -> None:
        for send in sends:
            if send.partition_id == self.partition_id:
                self.submit_internal([send.command])
            elif self.outbox is not None:
                self.outbox.send(send.partition_id, send.command)
            else:
                _log.warning(
                    "partition %d has no way to send %s %s to partition %d; dropped",
                    self.partition_id,
                    send.command.value_type.name,
                    send.command.intent.name,
                    send.partition_id,
                )

    def _take_group(self) -> list[Submission]:
        group: list[Submission] = []
        if self._due_check:
            self._due_check = False
            now = self.clock.now_ms()
            group.extend(Submission(c, None) for c in self.engine.due_commands(now))
        for queue in (self._internal, self._clients):
            while queue and len(group) < self.max_group:
                group.append(queue.popleft())
        return group

    def _fail_waiting(self, error: BrokerError) -> None:
        # Groups processed or being written when the partition stops or fails: their
        # commands may or may not be durable; only a response would have proved it.
        in_flight = [] if self._writing is None else self._writing.group.submissions
        self._writing = None
        for submissions in (in_flight, self._processing):
            for submission in submissions:
                if submission.future is not None and not submission.future.done():
                    submission.future.set_exception(error)
        self._processing = []
        awaiting, self._awaiting = self._awaiting, {}
        for pending in awaiting.values():
            if not pending.done():
                pending.set_exception(error)
        for queue in (self._clients, self._internal):
            while queue:
                future = queue.popleft().future
                if future is not None and not future.done():
                    future.set_exception(error)

    def _process_group(self, submissions: list[Submission]) -> Group | None:
        """Runs the group's commands through the engine; their state stays staged."""
        if not submissions:
            return None
        self._processing = submissions
        now = self.clock.now_ms()
        group = Group(submissions)
        next_position = self._next_position
        for submission in submissions:
            command = replace(
                submission.command,
                position=next_position,
                timestamp=now,
                partition_id=self.partition_id,
            )
            group.records.append(command)
            next_position, answers = run_command(
                self.engine,
                command,
                now,
                next_position + 1,
                group.records,
                group.effects,
                group.sends,
            )
            for response in answers:
                group.responses.setdefault(response.request_id, response)
        self._next_position = next_position
        return group

    async def _write(self, group: Group) -> None:
        """Seals the group's state and starts writing it with its records (the previous
        group must be durable). Too large: abandoned and redone one command per group."""
        sealed = self._staging.seal()
        try:
            pending = self.store.prepare_commit(group.records, sealed, group.records[-1].position)
        except BatchTooLarge as error:
            self._staging.written(sealed)  # abandoned: nothing of it reached RocksDB
            self._abandon_group()
            if len(group.submissions) > 1:
                for submission in group.submissions:  # only the too-large one is refused
                    alone = self._process_group([submission])
                    assert alone is not None
                    await self._write(alone)
                    await self._finish_write()
            else:
                await self._refuse_too_large(group.submissions[0], error)
            return
        self._start_write(group, pending, sealed)

    def _start_write(self, group: Group, pending: PendingCommit, sealed: RocksTransaction) -> None:
        assert self._executor is not None and self._writing is None
        future = asyncio.get_running_loop().run_in_executor(self._executor, pending.write)
        self._writing = InFlight(group, pending, sealed, future)
        self._processing = []

    async def _finish_write(self) -> None:
        """Waits for the group in flight to be durable, then answers and notifies."""
        writing = self._writing
        if writing is None:
            return
        # Shielded: `stop()` cancels the loop, then finishes the write in flight itself.
        await asyncio.shield(writing.future)  # a StorageError stops the partition (`_run`)
        self._writing = None
        writing.pending.written()
        self._staging.written(writing.sealed)
        group = writing.group
        self._groups += 1
        self._commands += len(group.submissions)
        self._records += len(group.records)
        self._after_commit(group.submissions, group.responses, group.effects)
        self._deliver(group.sends)

    def _abandon_group(self) -> None:
        # The engine has applied the group's events to the overlay and may cache staged
        # models: drop both. Nothing of the group reached RocksDB.
        self._staging.discard()
        self.engine = self._new_engine()
        self._next_position = self.store.log.last_position + 1

    async def _refuse_too_large(self, submission: Submission, error: BatchTooLarge) -> None:
        self._processing = [submission]
        command = replace(submission.command, partition_id=self.partition_id)
        records = too_large_records(command, self._next_position, self.clock.now_ms(), error)
        group = Group([submission], records)
        rejection = records[-1]
        group.responses[submission.command.request_id] = rejection
        self._next_position = rejection.position + 1
        sealed = self._staging.seal()
        self._start_write(
            group, self.store.prepare_commit(group.records, sealed, rejection.position), sealed
        )
        await self._finish_write()

    def _after_commit(
        self,
        group: list[Submission],
        responses: dict[int, Response],
        effects: list[JobsAvailable],
    ) -> None:
        # Durable: now, and only now, answer and notify.
        for submission in group:
            if submission.on_durable is not None:
                submission.on_durable()
            future = submission.future
            if future is None or future.done():
                continue
            request_id = submission.command.request_id
            response = responses.pop(request_id, None)
            if response is None and _answered_later(submission.command):
                self._await_late(request_id, future)
            elif response is None:
                future.set_exception(
                    BrokerError(
                        f"Expected a response to {submission.command.value_type.name} "
                        f"{submission.command.intent.name}, but the engine wrote none"
                    )
                )
            else:
                future.set_result(response)
        # What is left answers requests of earlier groups (their groups are durable: groups
        # are answered in log order, so the request is registered before its answer comes).
        for request_id, response in responses.items():
            waiting = self._awaiting.pop(request_id, None)
            if waiting is not None and not waiting.done():
                waiting.set_result(response)
        for job_type in dict.fromkeys(effect.job_type for effect in effects):
            for jobs_listener in self._jobs_listeners:
                jobs_listener(job_type)
        last = self.store.log.last_position
        for commit_listener in self._commit_listeners:
            commit_listener(last)

    def _await_late(self, request_id: int, future: asyncio.Future[Response]) -> None:
        self._awaiting[request_id] = future

        def forget(done: asyncio.Future[Response]) -> None:
            # The client gave up (its timeout cancelled the future) or it was answered.
            if self._awaiting.get(request_id) is done:
                del self._awaiting[request_id]

        future.add_done_callback(forget)

    # Recovery.

    async def _recover(self) -> None:
        """Processes the commands in the log above the processed position, once."""
        store = self.store
        self._next_position = store.log.last_position + 1
        if store.processed_position >= store.log.last_position:
            return
        now = self.clock.now_ms()
        tail = [
            r
            for r in store.log.read(store.processed_position + 1)
            if r.record_type is RecordType.COMMAND
        ]
        group = Group([])
        next_position = self._next_position
        for command in tail:
            next_position, _ = run_command(
                self.engine, command, now, next_position, group.records, group.effects, group.sends
            )
        self._next_position = next_position
        sealed = self._staging.seal()
        pending = store.prepare_commit(group.records, sealed, next_position - 1)
        self._start_write(group, pending, sealed)
        await self._finish_write()


def _answered_later(command: Record[Any]) -> bool:
    """Whether the engine answers `command` in a later group when it writes no response in
    its own: a creation awaiting its instance's result (answered when the instance ends)."""
    return command.intent is ProcessInstanceCreationIntent.CREATE_WITH_AWAITING_RESULT
