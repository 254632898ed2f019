"""RESOURCE_DELETION DELETE: remove a deployed process definition, decision requirements graph
(with its decisions) or form, by key.

A process definition with running instances is refused (INVALID_STATE; cancel or finish them
first), so deletion never has to drain. Deleting the latest version makes the previous one the
latest; version numbers are never given again. Events: RESOURCE_DELETION DELETING, the
resource's own DELETING/DELETED events, RESOURCE_DELETION DELETED (the response).
"""

from __future__ import annotations

from ...records.enums import RejectionType
from ...records.intents import (
    DecisionIntent,
    DecisionRequirementsIntent,
    FormIntent,
    ProcessIntent,
    ResourceDeletionIntent,
)
from ...records.record import Record
from ...records.values import ResourceDeletionRecordValue
from ..context import ProcessingContext
from ..errors import Rejection
from ..writer import RecordWriter


class DeleteResource:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx

    def process(self, command: Record[ResourceDeletionRecordValue], out: RecordWriter) -> None:
        state = self._ctx.state
        key = command.value.resource_key
        process = state.processes.get(key) if key >= 0 else None
        drg = state.decisions.requirements(key) if key >= 0 else None
        form = state.forms.get(key)
        if process is None and drg is None and form is None:
            raise Rejection(
                RejectionType.NOT_FOUND,
                f"Expected to delete resource but no resource found with key `{key}`",
            )
        if process is not None and state.process_instances.has_instances(key):
            raise Rejection(
                RejectionType.INVALID_STATE,
                f"Expected to delete process definition with key `{key}`, but it has running "
                f"instances; cancel or complete them first",
            )
        deletion_key = self._ctx.keys.next_key()
        out.event(deletion_key, ResourceDeletionIntent.DELETING, command.value)
        if process is not None:
            out.event(key, ProcessIntent.DELETING, process)
            out.event(key, ProcessIntent.DELETED, process)
        if drg is not None:
            for decision in state.decisions.of_requirements(key):
                out.event(decision.decision_key, DecisionIntent.DELETED, decision)
            out.event(key, DecisionRequirementsIntent.DELETED, drg)
        if form is not None:
            out.event(key, FormIntent.DELETED, form)
        out.respond(out.event(deletion_key, ResourceDeletionIntent.DELETED, command.value))
