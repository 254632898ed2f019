"""Values of failures: incidents on process instances, and engine errors that ban one."""

from __future__ import annotations

from ..enums import ErrorType
from ._base import DEFAULT_TENANT, RecordValue


class IncidentRecordValue(RecordValue, frozen=True):
    """A failure that stops one element until someone resolves it. `job_key` is -1 unless a job
    ran out of retries; `variable_scope_key` is where fixing variables helps."""

    error_type: ErrorType = ErrorType.UNKNOWN
    error_message: str = ""
    bpmn_process_id: str = ""
    process_definition_key: int = -1
    process_instance_key: int = -1
    element_id: str = ""
    element_instance_key: int = -1
    job_key: int = -1
    variable_scope_key: int = -1
    tenant_id: str = DEFAULT_TENANT


class ErrorRecordValue(RecordValue, frozen=True):
    """An unexpected exception while processing the record at `error_event_position`; the
    process instance is banned (no longer processed), never silently skipped."""

    exception_message: str = ""
    stacktrace: str = ""
    error_event_position: int = -1
    process_instance_key: int = -1
