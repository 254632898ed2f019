"""VARIABLE_DOCUMENT UPDATE: set variables on a scope, locally or with propagation."""

from __future__ import annotations

import msgspec

from ...records.enums import RejectionType, VariableDocumentUpdateSemantic
from ...records.intents import VariableDocumentIntent
from ...records.record import Record
from ...records.values import VariableDocumentRecordValue
from ..bpmn.behaviours import VariableOwner
from ..context import ProcessingContext
from ..errors import Rejection
from ..writer import RecordWriter


class UpdateVariableDocument:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx

    def process(self, command: Record[VariableDocumentRecordValue], out: RecordWriter) -> None:
        value = command.value
        scope = self._ctx.lifecycle.context_of(value.scope_key)
        if scope is None:
            raise Rejection(
                RejectionType.NOT_FOUND,
                f"Expected to update variables for element with key '{value.scope_key}', but "
                f"no such element was found",
            )
        variables = self._ctx.behaviours.variables
        owner = VariableOwner.of(scope)
        if value.update_semantics is VariableDocumentUpdateSemantic.LOCAL:
            variables.set_local(out, scope.key, value.variables, owner)
        else:
            variables.propagate(out, scope.key, value.variables, owner)
        updated = msgspec.structs.replace(value, tenant_id=scope.value.tenant_id)
        out.respond(out.event(self._ctx.keys.next_key(), VariableDocumentIntent.UPDATED, updated))
