"""Preconditions shared by the job commands (Zeebe's wording)."""

from __future__ import annotations

from ...records.enums import RejectionType
from ...records.values import JobRecordValue
from ...state.jobs import JobState, JobsView
from ..errors import Rejection


def job_in_state(
    jobs: JobsView, key: int, verb: str, *states: JobState
) -> tuple[JobRecordValue, JobState]:
    """The job, if it exists and is in one of `states`; else the rejection Zeebe gives."""
    job = jobs.get(key)
    state = jobs.state(key)
    if job is None or state is None:
        raise Rejection(
            RejectionType.NOT_FOUND,
            f"Expected to {verb} job with key '{key}', but no such job was found",
        )
    if state not in states:
        raise Rejection(
            RejectionType.INVALID_STATE,
            f"Expected to {verb} job with key '{key}', but it is in state '{state.name}'",
        )
    return job, state
