"""`ElementContext`: one element instance as the lifecycle hooks see it."""

from __future__ import annotations

from dataclasses import dataclass

from ...records.values import ProcessInstanceRecordValue
from ..deployment.executable import ExecutableElement, ExecutableProcess


@dataclass(frozen=True, slots=True)
class ElementContext:
    """`key` is the element instance key (also its variable scope); `value` the record value
    every lifecycle event of the instance carries."""

    key: int
    value: ProcessInstanceRecordValue
    element: ExecutableElement
    process: ExecutableProcess

    @property
    def flow_scope_key(self) -> int:
        return self.value.flow_scope_key

    @property
    def process_instance_key(self) -> int:
        return self.value.process_instance_key
