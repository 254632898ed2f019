"""Values of work handed out: jobs, batches of activated jobs, and user tasks."""

from __future__ import annotations

from typing import Any

import msgspec

from ..enums import JobKind, JobListenerEventType
from ._base import DEFAULT_TENANT, RecordValue


class JobRecordValue(RecordValue, frozen=True):
    """A unit of work for a worker of `type`.

    Times are epoch milliseconds: `deadline` (-1 until activated) ends an activation,
    `recurring_time` (-1 unless failed with a backoff) makes a failed job activatable again.
    `priority` is a Baton extension (Zeebe's job records have none): activation hands out higher
    priorities first, then lower keys.
    """

    bpmn_process_id: str = ""
    process_definition_key: int = -1
    process_definition_version: int = -1
    process_instance_key: int = -1
    element_id: str = ""
    element_instance_key: int = -1
    worker: str = ""
    type: str = ""
    variables: dict[str, Any] = msgspec.field(default_factory=dict)
    retries: int = -1
    job_kind: JobKind = JobKind.BPMN_ELEMENT
    job_listener_event_type: JobListenerEventType = JobListenerEventType.UNSPECIFIED
    retry_backoff: int = 0
    recurring_time: int = -1
    error_message: str = ""
    error_code: str = ""
    custom_headers: dict[str, str] = msgspec.field(default_factory=dict)
    deadline: int = -1
    timeout: int = -1
    tenant_id: str = DEFAULT_TENANT
    priority: int = 0


class JobBatchRecordValue(RecordValue, frozen=True):
    """An activation request and, once ACTIVATED, the jobs it activated (`job_keys[i]` is the key
    of `jobs[i]`)."""

    type: str = ""
    worker: str = ""
    timeout: int = -1
    max_jobs_to_activate: int = -1
    job_keys: list[int] = msgspec.field(default_factory=list)
    jobs: list[JobRecordValue] = msgspec.field(default_factory=list)
    truncated: bool = False
    tenant_ids: list[str] = msgspec.field(default_factory=list)
    # The variables to hand out with each job (all visible ones when empty).
    fetch_variables: list[str] = msgspec.field(default_factory=list)


class UserTaskRecordValue(RecordValue, frozen=True):
    """A task for people. Dates are ISO 8601 strings as modelled (empty when unset)."""

    bpmn_process_id: str = ""
    process_definition_key: int = -1
    process_definition_version: int = -1
    process_instance_key: int = -1
    element_id: str = ""
    element_instance_key: int = -1
    assignee: str = ""
    candidate_groups_list: list[str] = msgspec.field(default_factory=list)
    candidate_users_list: list[str] = msgspec.field(default_factory=list)
    creation_timestamp: int = -1
    due_date: str = ""
    follow_up_date: str = ""
    changed_attributes: list[str] = msgspec.field(default_factory=list)
    external_form_reference: str = ""
    variables: dict[str, Any] = msgspec.field(default_factory=dict)
    custom_headers: dict[str, str] = msgspec.field(default_factory=dict)
    action: str = ""
    form_key: int = -1
    user_task_key: int = -1
    tenant_id: str = DEFAULT_TENANT
    priority: int = 50
