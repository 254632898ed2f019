"""Values of variables: one variable's change, and a document of variables to set."""

from __future__ import annotations

from typing import Any

import msgspec

from ..enums import VariableDocumentUpdateSemantic
from ._base import DEFAULT_TENANT, RecordValue


class VariableRecordValue(RecordValue, frozen=True):
    """A variable created or updated in a scope. `value` is the JSON text of the value
    (`"1"`, `"\\"text\\""`, `"{\\"a\\":1}"`), as Zeebe exports it; it is never parsed on the way
    from a record into state."""

    name: str = ""
    value: str = "null"
    scope_key: int = -1
    process_instance_key: int = -1
    process_definition_key: int = -1
    bpmn_process_id: str = ""
    tenant_id: str = DEFAULT_TENANT


class VariableDocumentRecordValue(RecordValue, frozen=True):
    scope_key: int = -1
    update_semantics: VariableDocumentUpdateSemantic = VariableDocumentUpdateSemantic.PROPAGATE
    variables: dict[str, Any] = msgspec.field(default_factory=dict)
    tenant_id: str = DEFAULT_TENANT
