"""Deployed forms (form-js JSON), by key and latest by form id.

Columns:

- FORM_BY_KEY: u64 form key -> FormRecordValue (with resource)
- FORM_LATEST: text tenant, text form id -> u64 key of the highest live version

Invariant: FORM_LATEST names the highest version among the FORM_BY_KEY entries of its id
(absent when none is left).
"""

from __future__ import annotations

from typing import Protocol

import msgspec

from ..records.values import DEFAULT_TENANT, FormRecordValue
from .columns import Column
from .encoding import read_u64, text, u64
from .kv import KeyValueAccess


class FormsView(Protocol):
    def get(self, key: int) -> FormRecordValue | None: ...

    def latest(self, form_id: str, tenant_id: str = DEFAULT_TENANT) -> FormRecordValue | None: ...


class Forms:
    """Over the KV; only FORM appliers call the writes."""

    def __init__(self, kv: KeyValueAccess) -> None:
        self._kv = kv
        self._encoder = msgspec.msgpack.Encoder()
        self._decoder = msgspec.msgpack.Decoder(FormRecordValue)

    def get(self, key: int) -> FormRecordValue | None:
        if key < 0:
            return None
        stored = self._kv.get(Column.FORM_BY_KEY.key(u64(key)))
        return None if stored is None else self._decoder.decode(stored)

    def latest(self, form_id: str, tenant_id: str = DEFAULT_TENANT) -> FormRecordValue | None:
        stored = self._kv.get(Column.FORM_LATEST.key(text(tenant_id), text(form_id)))
        return None if stored is None else self.get(read_u64(stored)[0])

    def put(self, form: FormRecordValue) -> None:
        """FORM CREATED."""
        self._kv.put(Column.FORM_BY_KEY.key(u64(form.form_key)), self._encoder.encode(form))
        latest = self.latest(form.form_id, form.tenant_id)
        if latest is None or form.version >= latest.version:
            self._kv.put(
                Column.FORM_LATEST.key(text(form.tenant_id), text(form.form_id)),
                u64(form.form_key),
            )

    def delete(self, key: int) -> None:
        """FORM DELETED: the highest remaining version becomes the latest."""
        form = self.get(key)
        if form is None:
            return
        self._kv.delete(Column.FORM_BY_KEY.key(u64(key)))
        latest_key = Column.FORM_LATEST.key(text(form.tenant_id), text(form.form_id))
        best: FormRecordValue | None = None
        for _, stored in self._kv.scan(Column.FORM_BY_KEY.prefix):
            other = self._decoder.decode(stored)
            same = other.form_id == form.form_id and other.tenant_id == form.tenant_id
            if same and (best is None or other.version > best.version):
                best = other
        if best is None:
            self._kv.delete(latest_key)
        else:
            self._kv.put(latest_key, u64(best.form_key))
