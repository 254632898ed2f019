"""Deployed process definitions: by key, by id and version, the latest version, its digest.

Columns (`text` and `u64` as in `encoding.py`; values MessagePack unless noted):

- PROCESS_BY_KEY: u64 process definition key -> ProcessRecordValue
- PROCESS_BY_ID_AND_VERSION: text tenant, text bpmn process id, u64 version -> u64 key
- PROCESS_LATEST: text tenant, text bpmn process id -> u64 key of the highest live version
- PROCESS_HIGHEST_VERSION: text tenant, text bpmn process id -> u64 highest version ever given
- PROCESS_DIGEST: text tenant, text bpmn process id -> raw checksum of the latest version

Invariants: every PROCESS_BY_ID_AND_VERSION entry names a PROCESS_BY_KEY entry; PROCESS_LATEST
names the highest version among them, and PROCESS_DIGEST is that version's checksum (both absent
when no version is live). PROCESS_HIGHEST_VERSION never decreases, so a deleted version's number
is never given again.
"""

from __future__ import annotations

from typing import Protocol

import msgspec

from ..records.values import DEFAULT_TENANT, ProcessRecordValue
from .columns import Column
from .encoding import read_u64, text, u64
from .kv import KeyValueAccess


class ProcessesView(Protocol):
    """Reads of deployed processes (what processors get)."""

    def get(self, key: int) -> ProcessRecordValue | None: ...

    def get_version(
        self, bpmn_process_id: str, version: int, tenant_id: str = DEFAULT_TENANT
    ) -> ProcessRecordValue | None: ...

    def latest(
        self, bpmn_process_id: str, tenant_id: str = DEFAULT_TENANT
    ) -> ProcessRecordValue | None: ...

    def latest_digest(self, bpmn_process_id: str, tenant_id: str = DEFAULT_TENANT) -> bytes | None:
        """The checksum of the latest version: equal to a new resource's, it is a duplicate."""
        ...

    def highest_version(self, bpmn_process_id: str, tenant_id: str = DEFAULT_TENANT) -> int:
        """The highest version ever deployed (0 if none); the next deployment gets one more."""
        ...


class Processes:
    """Deployed processes over the KV; only the PROCESS event appliers call the writes."""

    def __init__(self, kv: KeyValueAccess) -> None:
        self._kv = kv
        self._encoder = msgspec.msgpack.Encoder()
        self._decoder = msgspec.msgpack.Decoder(ProcessRecordValue)

    def get(self, key: int) -> ProcessRecordValue | None:
        stored = self._kv.get(Column.PROCESS_BY_KEY.key(u64(key)))
        return None if stored is None else self._decoder.decode(stored)

    def get_version(
        self, bpmn_process_id: str, version: int, tenant_id: str = DEFAULT_TENANT
    ) -> ProcessRecordValue | None:
        db_key = Column.PROCESS_BY_ID_AND_VERSION.key(
            text(tenant_id), text(bpmn_process_id), u64(version)
        )
        return self._by_key_reference(self._kv.get(db_key))

    def latest(
        self, bpmn_process_id: str, tenant_id: str = DEFAULT_TENANT
    ) -> ProcessRecordValue | None:
        db_key = Column.PROCESS_LATEST.key(text(tenant_id), text(bpmn_process_id))
        return self._by_key_reference(self._kv.get(db_key))

    def latest_digest(self, bpmn_process_id: str, tenant_id: str = DEFAULT_TENANT) -> bytes | None:
        return self._kv.get(Column.PROCESS_DIGEST.key(text(tenant_id), text(bpmn_process_id)))

    def highest_version(self, bpmn_process_id: str, tenant_id: str = DEFAULT_TENANT) -> int:
        stored = self._kv.get(
            Column.PROCESS_HIGHEST_VERSION.key(text(tenant_id), text(bpmn_process_id))
        )
        return 0 if stored is None else read_u64(stored)[0]

    def put(self, process: ProcessRecordValue) -> None:
        """Store a newly deployed definition (PROCESS CREATED)."""
        tenant, process_id = text(process.tenant_id), text(process.bpmn_process_id)
        key = u64(process.process_definition_key)
        self._kv.put(Column.PROCESS_BY_KEY.key(key), self._encoder.encode(process))
        self._kv.put(
            Column.PROCESS_BY_ID_AND_VERSION.key(tenant, process_id, u64(process.version)), key
        )
        if process.version > self.highest_version(process.bpmn_process_id, process.tenant_id):
            self._kv.put(
                Column.PROCESS_HIGHEST_VERSION.key(tenant, process_id), u64(process.version)
            )
        latest = self.latest(process.bpmn_process_id, process.tenant_id)
        if latest is None or process.version >= latest.version:
            self._set_latest(process)

    def delete(self, key: int) -> None:
        """Remove a definition (PROCESS DELETED); the previous version becomes the latest."""
        process = self.get(key)
        if process is None:
            return
        tenant, process_id = text(process.tenant_id), text(process.bpmn_process_id)
        self._kv.delete(Column.PROCESS_BY_KEY.key(u64(key)))
        self._kv.delete(
            Column.PROCESS_BY_ID_AND_VERSION.key(tenant, process_id, u64(process.version))
        )
        latest = self.latest(process.bpmn_process_id, process.tenant_id)
        if latest is not None and latest.process_definition_key != key:
            return
        remaining = None
        for _, stored_key in self._kv.scan(
            Column.PROCESS_BY_ID_AND_VERSION.key(tenant, process_id)
        ):
            remaining = stored_key  # versions ascend, so the last one seen is the highest
        if remaining is None:
            self._kv.delete(Column.PROCESS_LATEST.key(tenant, process_id))
            self._kv.delete(Column.PROCESS_DIGEST.key(tenant, process_id))
        else:
            previous = self._by_key_reference(remaining)
            assert previous is not None, "a version entry names a missing definition"
            self._set_latest(previous)

    def _set_latest(self, process: ProcessRecordValue) -> None:
        tenant, process_id = text(process.tenant_id), text(process.bpmn_process_id)
        self._kv.put(
            Column.PROCESS_LATEST.key(tenant, process_id), u64(process.process_definition_key)
        )
        self._kv.put(Column.PROCESS_DIGEST.key(tenant, process_id), process.checksum)

    def _by_key_reference(self, stored_key: bytes | None) -> ProcessRecordValue | None:
        return None if stored_key is None else self.get(read_u64(stored_key)[0])
