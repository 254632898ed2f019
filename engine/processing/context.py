"""What every command processor is built with, and the shape every processor has."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from ..records.record import Record
from .writer import RecordWriter

if TYPE_CHECKING:  # the context is built after all of these; only their types are needed
    from ..keys import KeyGenerator
    from ..state.engine_state import StateViews
    from .bpmn.behaviours import Behaviours
    from .bpmn.dispatch import ElementCommands, Lifecycle
    from .deployment.models import ExecutableModels


class Processor(Protocol):
    def process(self, command: Record[Any], out: RecordWriter) -> None: ...


@dataclass(frozen=True, slots=True)
class ProcessingContext:
    """Read-only state, the key generator (processors draw only keys they write), the
    compiled models, the behaviours, and the BPMN lifecycle."""

    state: StateViews
    keys: KeyGenerator
    models: ExecutableModels
    behaviours: Behaviours
    elements: ElementCommands

    @property
    def lifecycle(self) -> Lifecycle:
        return self.elements.lifecycle


ProcessorFactory = Callable[[ProcessingContext], Processor]
ProcessorTable = Mapping[Any, ProcessorFactory]
