"""Deployed decisions and decision requirements graphs (DRGs), by key and latest by id.

Columns:

- DECISION_REQUIREMENTS_BY_KEY: u64 DRG key -> DecisionRequirementsRecordValue (with resource)
- DECISION_REQUIREMENTS_LATEST: text tenant, text DRG id -> u64 key of the highest version
- DECISION_BY_KEY: u64 decision key -> DecisionRecordValue
- DECISION_LATEST: text tenant, text decision id -> u64 key of the highest version

Invariant: every LATEST entry names a BY_KEY entry of the highest version deployed for its id.
Versions only grow (decisions cannot be deleted yet), so "latest" is also "highest ever".
"""

from __future__ import annotations

from typing import Protocol

import msgspec

from ..records.values import (
    DEFAULT_TENANT,
    DecisionRecordValue,
    DecisionRequirementsRecordValue,
)
from .columns import Column
from .encoding import read_u64, text, u64
from .kv import KeyValueAccess


class DecisionsView(Protocol):
    def get(self, key: int) -> DecisionRecordValue | None: ...

    def latest(
        self, decision_id: str, tenant_id: str = DEFAULT_TENANT
    ) -> DecisionRecordValue | None: ...

    def requirements(self, key: int) -> DecisionRequirementsRecordValue | None: ...

    def latest_requirements(
        self, requirements_id: str, tenant_id: str = DEFAULT_TENANT
    ) -> DecisionRequirementsRecordValue | None: ...

    def of_requirements(self, requirements_key: int) -> list[DecisionRecordValue]: ...


class Decisions:
    """Decisions over the KV; only DECISION and DECISION_REQUIREMENTS appliers call the writes."""

    def __init__(self, kv: KeyValueAccess) -> None:
        self._kv = kv
        self._encoder = msgspec.msgpack.Encoder()
        self._decision = msgspec.msgpack.Decoder(DecisionRecordValue)
        self._drg = msgspec.msgpack.Decoder(DecisionRequirementsRecordValue)

    def get(self, key: int) -> DecisionRecordValue | None:
        stored = self._kv.get(Column.DECISION_BY_KEY.key(u64(key)))
        return None if stored is None else self._decision.decode(stored)

    def latest(
        self, decision_id: str, tenant_id: str = DEFAULT_TENANT
    ) -> DecisionRecordValue | None:
        stored = self._kv.get(Column.DECISION_LATEST.key(text(tenant_id), text(decision_id)))
        return None if stored is None else self.get(read_u64(stored)[0])

    def requirements(self, key: int) -> DecisionRequirementsRecordValue | None:
        stored = self._kv.get(Column.DECISION_REQUIREMENTS_BY_KEY.key(u64(key)))
        return None if stored is None else self._drg.decode(stored)

    def latest_requirements(
        self, requirements_id: str, tenant_id: str = DEFAULT_TENANT
    ) -> DecisionRequirementsRecordValue | None:
        stored = self._kv.get(
            Column.DECISION_REQUIREMENTS_LATEST.key(text(tenant_id), text(requirements_id))
        )
        return None if stored is None else self.requirements(read_u64(stored)[0])

    def put_requirements(self, drg: DecisionRequirementsRecordValue) -> None:
        """DECISION_REQUIREMENTS CREATED."""
        key = u64(drg.decision_requirements_key)
        self._kv.put(Column.DECISION_REQUIREMENTS_BY_KEY.key(key), self._encoder.encode(drg))
        latest = self.latest_requirements(drg.decision_requirements_id, drg.tenant_id)
        if latest is None or drg.decision_requirements_version >= (
            latest.decision_requirements_version
        ):
            self._kv.put(
                Column.DECISION_REQUIREMENTS_LATEST.key(
                    text(drg.tenant_id), text(drg.decision_requirements_id)
                ),
                key,
            )

    def put(self, decision: DecisionRecordValue) -> None:
        """DECISION CREATED."""
        key = u64(decision.decision_key)
        self._kv.put(Column.DECISION_BY_KEY.key(key), self._encoder.encode(decision))
        latest = self.latest(decision.decision_id, decision.tenant_id)
        if latest is None or decision.version >= latest.version:
            self._kv.put(
                Column.DECISION_LATEST.key(text(decision.tenant_id), text(decision.decision_id)),
                key,
            )

    def delete_requirements(self, key: int) -> None:
        """DECISION_REQUIREMENTS DELETED: the highest remaining version becomes the latest."""
        drg = self.requirements(key)
        if drg is None:
            return
        self._kv.delete(Column.DECISION_REQUIREMENTS_BY_KEY.key(u64(key)))
        latest_key = Column.DECISION_REQUIREMENTS_LATEST.key(
            text(drg.tenant_id), text(drg.decision_requirements_id)
        )
        best: DecisionRequirementsRecordValue | None = None
        for _, stored in self._kv.scan(Column.DECISION_REQUIREMENTS_BY_KEY.prefix):
            other = self._drg.decode(stored)
            if (other.decision_requirements_id, other.tenant_id) == (
                drg.decision_requirements_id,
                drg.tenant_id,
            ) and (
                best is None
                or other.decision_requirements_version > best.decision_requirements_version
            ):
                best = other
        if best is None:
            self._kv.delete(latest_key)
        else:
            self._kv.put(latest_key, u64(best.decision_requirements_key))

    def delete(self, key: int) -> None:
        """DECISION DELETED: the highest remaining version becomes the latest."""
        decision = self.get(key)
        if decision is None:
            return
        self._kv.delete(Column.DECISION_BY_KEY.key(u64(key)))
        latest_key = Column.DECISION_LATEST.key(
            text(decision.tenant_id), text(decision.decision_id)
        )
        best: DecisionRecordValue | None = None
        for _, stored in self._kv.scan(Column.DECISION_BY_KEY.prefix):
            other = self._decision.decode(stored)
            if (other.decision_id, other.tenant_id) == (
                decision.decision_id,
                decision.tenant_id,
            ) and (best is None or other.version > best.version):
                best = other
        if best is None:
            self._kv.delete(latest_key)
        else:
            self._kv.put(latest_key, u64(best.decision_key))

    def of_requirements(self, requirements_key: int) -> list[DecisionRecordValue]:
        """The decisions of one decision requirements graph (a scan: deletion only)."""
        return [
            decision
            for _, stored in self._kv.scan(Column.DECISION_BY_KEY.prefix)
            if (decision := self._decision.decode(stored)).decision_requirements_key
            == requirements_key
        ]
