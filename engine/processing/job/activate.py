"""JOB_BATCH ACTIVATE: hand out up to `max_jobs_to_activate` activatable jobs of a type,
highest priority first, then oldest; each with a deadline and the variables asked for."""

from __future__ import annotations

from itertools import islice

import msgspec

from ...records.enums import RejectionType
from ...records.intents import JobBatchIntent
from ...records.record import Record
from ...records.values import JobBatchRecordValue, JobRecordValue
from ..context import ProcessingContext
from ..errors import Rejection
from ..writer import RecordWriter

_decode = msgspec.json.Decoder(dict[str, object]).decode


class ActivateJobs:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx

    def process(self, command: Record[JobBatchRecordValue], out: RecordWriter) -> None:
        value = command.value
        if not value.type:
            raise Rejection(
                RejectionType.INVALID_ARGUMENT,
                "Expected to activate jobs of a type, but the type is empty",
            )
        if value.max_jobs_to_activate < 1:
            raise Rejection(
                RejectionType.INVALID_ARGUMENT,
                f"Expected to activate at least one job, but max jobs to activate is "
                f"{value.max_jobs_to_activate}",
            )
        if value.timeout < 1:
            raise Rejection(
                RejectionType.INVALID_ARGUMENT,
                f"Expected a positive activation timeout, but got {value.timeout}",
            )
        state = self._ctx.state
        names = value.fetch_variables or None
        keys: list[int] = []
        jobs: list[JobRecordValue] = []
        for key in list(islice(state.jobs.activatable(value.type), value.max_jobs_to_activate)):
            job = state.jobs.get(key)
            assert job is not None, "the activatable index names a missing job"
            variables = _decode(state.variables.document(job.element_instance_key, names))
            keys.append(key)
            jobs.append(
                msgspec.structs.replace(
                    job,
                    worker=value.worker,
                    timeout=value.timeout,
                    deadline=out.now + value.timeout,
                    variables=variables,
                )
            )
        activated = msgspec.structs.replace(value, job_keys=keys, jobs=jobs)
        out.respond(out.event(self._ctx.keys.next_key(), JobBatchIntent.ACTIVATED, activated))
