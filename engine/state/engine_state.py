"""All engine state of one partition, as the stores event appliers write through.

One `EngineState` is built over one KV access (normally the engine's reusable transaction) and
lives as long as the engine: the stores hold no data of their own, every read goes to the KV.
Processors never see this class; they get `StateViews` (read-only protocols) instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..keys import KeyGenerator
from .compensations import Compensations, CompensationsView
from .decisions import Decisions, DecisionsView
from .element_instances import ElementInstances, ElementInstancesView
from .forms import Forms, FormsView
from .incidents import Incidents, IncidentsView
from .jobs import Jobs, JobsView
from .kv import KeyValueAccess
from .messages import Messages, MessagesView
from .process_instances import ProcessInstances, ProcessInstancesView
from .processes import Processes, ProcessesView
from .signals import Signals, SignalsView
from .timers import Timers, TimersView
from .user_tasks import UserTasks, UserTasksView
from .variables import Variables, VariablesView


class FlowGraph(Protocol):
    """What appliers need to know of deployed process models (answered by the compiled-model
    cache, which is derived from PROCESS state and so is the same live and on replay)."""

    def is_joining_gateway(self, process_definition_key: int, element_id: str) -> bool:
        """A parallel or inclusive gateway with more than one incoming flow."""
        ...

    def has_incoming(self, process_definition_key: int, element_id: str) -> bool: ...

    def flow_target(self, process_definition_key: int, flow_id: str) -> str: ...


@dataclass(frozen=True, slots=True)
class StateViews:
    """The read-only face of state that processors get (mypy flags any write through it)."""

    processes: ProcessesView
    element_instances: ElementInstancesView
    variables: VariablesView
    jobs: JobsView
    incidents: IncidentsView
    decisions: DecisionsView
    process_instances: ProcessInstancesView
    user_tasks: UserTasksView
    forms: FormsView
    timers: TimersView
    messages: MessagesView
    signals: SignalsView
    compensations: CompensationsView


class EngineState:
    """The stores over one KV access, plus the partition's key generator."""

    def __init__(self, kv: KeyValueAccess, partition_id: int, graph: FlowGraph) -> None:
        self.kv = kv
        self.graph = graph
        self.keys = KeyGenerator(kv, partition_id, write_back=True)
        self.processes = Processes(kv)
        self.element_instances = ElementInstances(kv, write_back=True)
        self.variables = Variables(kv)
        self.jobs = Jobs(kv)
        self.incidents = Incidents(kv)
        self.decisions = Decisions(kv)
        self.process_instances = ProcessInstances(kv)
        self.user_tasks = UserTasks(kv)
        self.forms = Forms(kv)
        self.timers = Timers(kv)
        self.messages = Messages(kv)
        self.signals = Signals(kv)
        self.compensations = Compensations(kv)

    def flush(self) -> None:
        """Write what the stores hold back (the engine calls it before committing)."""
        self.keys.flush()
        self.element_instances.flush()

    def forget_cached(self) -> None:
        """Drop what the stores cache (after a commit or a rollback)."""
        self.keys.forget_cached()
        self.element_instances.forget_cached()

    def views(self) -> StateViews:
        return StateViews(
            processes=self.processes,
            element_instances=self.element_instances,
            variables=self.variables,
            jobs=self.jobs,
            incidents=self.incidents,
            decisions=self.decisions,
            process_instances=self.process_instances,
            user_tasks=self.user_tasks,
            forms=self.forms,
            timers=self.timers,
            messages=self.messages,
            signals=self.signals,
            compensations=self.compensations,
        )
