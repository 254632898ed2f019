"""PROCESS_INSTANCE CANCEL: terminate a process instance and, first, everything in it."""

from __future__ import annotations

from bpmn.model import BpmnElementType

from ...records.enums import RejectionType
from ...records.intents import ProcessInstanceIntent
from ...records.record import Record
from ...records.values import ProcessInstanceRecordValue
from ..context import ProcessingContext
from ..errors import Rejection
from ..writer import RecordWriter


class CancelProcessInstance:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx

    def process(self, command: Record[ProcessInstanceRecordValue], out: RecordWriter) -> None:
        instance = self._ctx.state.element_instances.get(command.key)
        if instance is None or instance.value.bpmn_element_type is not BpmnElementType.PROCESS:
            raise Rejection(
                RejectionType.NOT_FOUND,
                f"Expected to cancel a process instance with key '{command.key}', but no such "
                f"process was found",
            )
        if instance.value.parent_process_instance_key >= 0:
            raise Rejection(
                RejectionType.INVALID_STATE,
                f"Expected to cancel a process instance with key '{command.key}', but it is "
                f"created by a parent process instance. Cancel the root process instance "
                f"'{instance.value.parent_process_instance_key}' instead.",
            )
        if instance.state is ProcessInstanceIntent.ELEMENT_TERMINATING:
            raise Rejection(
                RejectionType.INVALID_STATE,
                f"Expected to cancel process instance '{command.key}', but it is already being "
                f"terminated",
            )
        lifecycle = self._ctx.lifecycle
        out.respond(lifecycle.terminate(out, lifecycle.context(instance)))
