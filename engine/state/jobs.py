"""Jobs, with the indexes activation and the scheduler walk.

Columns:

- JOBS: u64 job key -> StoredJob (MessagePack)
- JOB_ACTIVATABLE: text job type, i64 negated priority, u64 job key -> b""
- JOB_DEADLINES: i64 deadline (epoch ms), u64 job key -> b""
- JOB_BACKOFF: i64 recurring time (epoch ms), u64 job key -> b""

Invariant: a job is in exactly the index its state calls for, and in no other: ACTIVATABLE in
JOB_ACTIVATABLE (so activation walks a type's jobs highest priority first, then oldest key);
ACTIVATED in JOB_DEADLINES (the scheduler times out what is due); FAILED with retries left and
a backoff (`recurring_time` >= 0) in JOB_BACKOFF (the scheduler makes it activatable again).
FAILED without retries, or given retries while its incident is open, waits for the incident's
resolution; ERROR_THROWN waits for the error to be caught. `_store` is the only writer of the
indexes.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from typing import Protocol

import msgspec

from ..records.values import JobRecordValue
from .columns import Column
from .encoding import i64, prefix_end, read_i64, read_u64, text, u64
from .kv import KeyValueAccess


class JobState(Enum):
    ACTIVATABLE = "ACTIVATABLE"
    ACTIVATED = "ACTIVATED"
    FAILED = "FAILED"
    ERROR_THROWN = "ERROR_THROWN"


class StoredJob(msgspec.Struct, frozen=True, array_like=True):
    state: JobState
    job: JobRecordValue


class JobsView(Protocol):
    def get(self, key: int) -> JobRecordValue | None: ...

    def state(self, key: int) -> JobState | None: ...

    def activatable(self, job_type: str) -> Iterator[int]:
        """Keys of activatable jobs of `job_type`, highest priority first, then lowest key."""
        ...

    def deadlines_until(self, now: int) -> Iterator[tuple[int, int]]:
        """(deadline, key) of activated jobs whose deadline is at or before `now`, soonest first."""
        ...

    def backoffs_until(self, now: int) -> Iterator[tuple[int, int]]:
        """(recurring time, key) of failed jobs whose backoff ends at or before `now`."""
        ...


def _time_index(column: Column, now: int) -> tuple[bytes, bytes | None]:
    # Scan bounds for "time <= now" over a (i64 time, u64 key) column.
    if now >= (1 << 63) - 1:
        return column.key(), prefix_end(column.prefix)
    return column.key(), column.key(i64(now + 1))


class Jobs:
    """Jobs over the KV; only JOB event appliers call the writes."""

    def __init__(self, kv: KeyValueAccess) -> None:
        self._kv = kv
        self._encoder = msgspec.msgpack.Encoder()
        self._decoder = msgspec.msgpack.Decoder(StoredJob)

    def _stored(self, key: int) -> StoredJob | None:
        stored = self._kv.get(Column.JOBS.key(u64(key)))
        return None if stored is None else self._decoder.decode(stored)

    def get(self, key: int) -> JobRecordValue | None:
        stored = self._stored(key)
        return None if stored is None else stored.job

    def state(self, key: int) -> JobState | None:
        stored = self._stored(key)
        return None if stored is None else stored.state

    def activatable(self, job_type: str) -> Iterator[int]:
        prefix = Column.JOB_ACTIVATABLE.key(text(job_type))
        offset = len(prefix) + 8
        for db_key, _ in self._kv.scan(prefix):
            yield read_u64(db_key, offset)[0]

    def deadlines_until(self, now: int) -> Iterator[tuple[int, int]]:
        return self._due(Column.JOB_DEADLINES, now)

    def backoffs_until(self, now: int) -> Iterator[tuple[int, int]]:
        return self._due(Column.JOB_BACKOFF, now)

    def _due(self, column: Column, now: int) -> Iterator[tuple[int, int]]:
        start, stop = _time_index(column, now)
        for db_key, _ in self._kv.scan_range(start, stop):
            due, offset = read_i64(db_key, len(start))
            yield due, read_u64(db_key, offset)[0]

    def create(self, key: int, job: JobRecordValue) -> None:
        """A new job, ready for a worker (JOB CREATED)."""
        self._store(key, JobState.ACTIVATABLE, job)

    def activate(self, key: int, job: JobRecordValue) -> None:
        """Handed to a worker until `job.deadline` (JOB_BATCH ACTIVATED)."""
        self._store(key, JobState.ACTIVATED, job)

    def make_activatable(self, key: int, job: JobRecordValue) -> None:
        """Back to the pool: timed out, yielded, backoff over, or retries restored."""
        self._store(key, JobState.ACTIVATABLE, job)

    def fail(self, key: int, job: JobRecordValue) -> None:
        """A worker failed it (JOB FAILED): retries left and no backoff means activatable now."""
        if job.retries > 0 and job.retry_backoff <= 0:
            self._store(key, JobState.ACTIVATABLE, job)
        else:
            self._store(key, JobState.FAILED, job)

    def throw_error(self, key: int, job: JobRecordValue) -> None:
        """A worker threw a BPMN error (JOB ERROR_THROWN); the job waits for it to be caught."""
        self._store(key, JobState.ERROR_THROWN, job)

    def update(self, key: int, job: JobRecordValue) -> None:
        """New retries or timeout, same state (RETRIES_UPDATED, TIMEOUT_UPDATED)."""
        stored = self._stored(key)
        if stored is not None:
            self._store(key, stored.state, job)

    def delete(self, key: int) -> None:
        """Done with (COMPLETED, CANCELED, or its thrown error caught)."""
        stored = self._stored(key)
        if stored is not None:
            self._unindex(key, stored)
            self._kv.delete(Column.JOBS.key(u64(key)))

    def _store(self, key: int, state: JobState, job: JobRecordValue) -> None:
        previous = self._stored(key)
        if previous is not None:
            self._unindex(key, previous)
        stored = StoredJob(state, job)
        self._kv.put(Column.JOBS.key(u64(key)), self._encoder.encode(stored))
        index_key = self._index_key(key, stored)
        if index_key is not None:
            self._kv.put(index_key, b"")

    def _unindex(self, key: int, stored: StoredJob) -> None:
        index_key = self._index_key(key, stored)
        if index_key is not None:
            self._kv.delete(index_key)

    @staticmethod
    def _index_key(key: int, stored: StoredJob) -> bytes | None:
        job = stored.job
        if stored.state is JobState.ACTIVATABLE:
            return Column.JOB_ACTIVATABLE.key(text(job.type), i64(-job.priority), u64(key))
        if stored.state is JobState.ACTIVATED:
            return Column.JOB_DEADLINES.key(i64(job.deadline), u64(key))
        if stored.state is JobState.FAILED and job.retries > 0 and job.recurring_time >= 0:
            return Column.JOB_BACKOFF.key(i64(job.recurring_time), u64(key))
        return None
