"""Open incidents, findable from the element instance or job they stop.

Columns:

- INCIDENTS: u64 incident key -> IncidentRecordValue (MessagePack)
- INCIDENT_BY_ELEMENT_INSTANCE: u64 element instance key -> u64 incident key
- INCIDENT_BY_JOB: u64 job key -> u64 incident key

Invariant: an incident with a job (`job_key` >= 0) is indexed by its job only; any other by its
element instance only. At most one open incident per job and per element instance, as in Zeebe.
"""

from __future__ import annotations

from typing import Protocol

import msgspec

from ..records.values import IncidentRecordValue
from .columns import Column
from .encoding import read_u64, u64
from .kv import KeyValueAccess


class IncidentsView(Protocol):
    def get(self, key: int) -> IncidentRecordValue | None: ...

    def for_element_instance(self, element_instance_key: int) -> int | None:
        """The key of the open incident on an element instance (not from a job), if any."""
        ...

    def for_job(self, job_key: int) -> int | None: ...


class Incidents:
    """Incidents over the KV; only INCIDENT event appliers call the writes."""

    def __init__(self, kv: KeyValueAccess) -> None:
        self._kv = kv
        self._encoder = msgspec.msgpack.Encoder()
        self._decoder = msgspec.msgpack.Decoder(IncidentRecordValue)

    def get(self, key: int) -> IncidentRecordValue | None:
        stored = self._kv.get(Column.INCIDENTS.key(u64(key)))
        return None if stored is None else self._decoder.decode(stored)

    def for_element_instance(self, element_instance_key: int) -> int | None:
        return self._lookup(Column.INCIDENT_BY_ELEMENT_INSTANCE, element_instance_key)

    def for_job(self, job_key: int) -> int | None:
        return self._lookup(Column.INCIDENT_BY_JOB, job_key)

    def _lookup(self, column: Column, key: int) -> int | None:
        stored = self._kv.get(column.key(u64(key)))
        return None if stored is None else read_u64(stored)[0]

    @staticmethod
    def _index_key(incident: IncidentRecordValue) -> bytes:
        if incident.job_key >= 0:
            return Column.INCIDENT_BY_JOB.key(u64(incident.job_key))
        return Column.INCIDENT_BY_ELEMENT_INSTANCE.key(u64(incident.element_instance_key))

    def create(self, key: int, incident: IncidentRecordValue) -> None:
        """INCIDENT CREATED."""
        self._kv.put(Column.INCIDENTS.key(u64(key)), self._encoder.encode(incident))
        self._kv.put(self._index_key(incident), u64(key))

    def delete(self, key: int) -> None:
        """INCIDENT RESOLVED."""
        incident = self.get(key)
        if incident is not None:
            self._kv.delete(self._index_key(incident))
            self._kv.delete(Column.INCIDENTS.key(u64(key)))
