"""The incident store: found by job or by element instance."""

from __future__ import annotations

from engine.records.enums import ErrorType
from engine.records.values import IncidentRecordValue
from engine.state import Incidents, InMemoryKeyValueStore


def test_incidents_are_indexed_by_job_or_element_instance() -> None:
    store = InMemoryKeyValueStore()
    incidents = Incidents(store)
    job_incident = IncidentRecordValue(
        error_type=ErrorType.JOB_NO_RETRIES, element_instance_key=5, job_key=9
    )
    mapping_incident = IncidentRecordValue(
        error_type=ErrorType.IO_MAPPING_ERROR, element_instance_key=6
    )
    incidents.create(20, job_incident)
    incidents.create(21, mapping_incident)
    assert incidents.get(20) == job_incident
    assert incidents.for_job(9) == 20
    assert incidents.for_element_instance(5) is None  # a job's incident is found by its job
    assert incidents.for_element_instance(6) == 21
    incidents.delete(20)
    incidents.delete(21)
    incidents.delete(21)
    assert incidents.for_job(9) is None
    assert list(store.scan(b"")) == []
