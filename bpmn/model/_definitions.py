"""A parsed document: ``Definitions`` holding its processes, root elements and collaboration."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TypeVar, cast

from ._elements import Element, Event, FlowNode, SequenceFlow, SubProcess
from ._extensions import Expression, Listener
from ._roots import Error, Escalation, Message, Signal
from ._types import BpmnElementType
from ._walk import expressions_in

_E = TypeVar("_E", bound=Element)


@dataclass(frozen=True, slots=True, kw_only=True)
class Process:
    """One ``bpmn:process``.

    ``elements`` maps every element id, at every nesting level, to its element; ``child_ids`` lists
    the process's own direct children in document order.
    """

    id: str
    name: str | None
    is_executable: bool
    version_tag: str | None
    elements: Mapping[str, Element]
    child_ids: tuple[str, ...]
    execution_listeners: tuple[Listener, ...] = ()
    properties: Mapping[str, str]
    # ``zeebe:userTaskForm`` bodies by their id (linked from ``formKey``).
    user_task_forms: Mapping[str, str]
    line: int | None = None

    element_type = BpmnElementType.PROCESS

    def element(self, element_id: str) -> Element:
        """The element with this id; KeyError when there is none."""
        return self.elements[element_id]

    def children(self, scope_id: str | None = None) -> tuple[Element, ...]:
        """The direct children of the process (``scope_id`` None) or of a subprocess."""
        if scope_id is None or scope_id == self.id:
            ids = self.child_ids
        else:
            scope = self.elements[scope_id]
            assert isinstance(scope, SubProcess)
            ids = scope.child_ids
        return tuple(self.elements[i] for i in ids)

    def of_type(self, kind: type[_E]) -> Iterator[_E]:
        """Every element of this class, at any level, in document order."""
        return (e for e in self.elements.values() if isinstance(e, kind))

    def start_events(self, scope_id: str | None = None) -> tuple[Event, ...]:
        """The start events directly inside the process or the given subprocess."""
        return tuple(
            e
            for e in self.children(scope_id)
            if isinstance(e, Event) and e.element_type is BpmnElementType.START_EVENT
        )

    def expressions(self) -> Iterator[Expression]:
        """Every expression written on the process or its elements, in document order, each
        knowing its element, attribute and line (root elements: ``Definitions.expressions``)."""
        for element in self.elements.values():
            yield from expressions_in(element)
        for listener in self.execution_listeners:
            yield from expressions_in(listener)

    def outgoing(self, node: FlowNode) -> tuple[SequenceFlow, ...]:
        """The sequence flows leaving ``node``, in document order."""
        return self._flows(node.outgoing)

    def incoming(self, node: FlowNode) -> tuple[SequenceFlow, ...]:
        """The sequence flows entering ``node``, in document order."""
        return self._flows(node.incoming)

    def _flows(self, ids: tuple[str, ...]) -> tuple[SequenceFlow, ...]:
        flows = tuple(self.elements[i] for i in ids)
        # Invariant: incoming/outgoing only ever hold ids of sequence flows (see the reader).
        assert all(isinstance(f, SequenceFlow) for f in flows)
        return cast("tuple[SequenceFlow, ...]", flows)


@dataclass(frozen=True, slots=True, kw_only=True)
class Participant:
    id: str
    name: str | None
    process_id: str | None
    line: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageFlow:
    id: str
    name: str | None
    source_id: str
    target_id: str
    message_id: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Collaboration:
    id: str
    participants: tuple[Participant, ...]
    message_flows: tuple[MessageFlow, ...]
    line: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Definitions:
    """A whole BPMN document as Baton executes it."""

    id: str | None
    target_namespace: str | None
    exporter: str | None
    exporter_version: str | None
    processes: tuple[Process, ...]
    messages: Mapping[str, Message]
    signals: Mapping[str, Signal]
    errors: Mapping[str, Error]
    escalations: Mapping[str, Escalation]
    collaborations: tuple[Collaboration, ...] = ()

    def process(self, process_id: str) -> Process:
        """The process with this id; KeyError when there is none."""
        for process in self.processes:
            if process.id == process_id:
                return process
        raise KeyError(process_id)

    def expressions(self) -> Iterator[Expression]:
        """Every expression in the document, once: root elements first, then each process."""
        for table in (self.messages, self.signals, self.errors, self.escalations):
            for root in table.values():
                yield from expressions_in(root, roots=True)
        for process in self.processes:
            yield from process.expressions()

    @property
    def collaboration(self) -> Collaboration | None:
        """The document's collaboration (modelers write at most one), or None."""
        return self.collaborations[0] if self.collaborations else None

    @property
    def executable_processes(self) -> tuple[Process, ...]:
        return tuple(p for p in self.processes if p.is_executable)
