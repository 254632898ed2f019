"""Shared collaborators of the element processors, bundled in one frozen `Behaviours`."""

from __future__ import annotations

from dataclasses import dataclass

from ....keys import KeyGenerator
from ....state.engine_state import StateViews
from ...deployment.models import ExecutableModels
from .errors import ErrorCatching
from .escalations import EscalationCatching
from .expressions import Expressions
from .incidents import IncidentBehaviour
from .jobs import JobBehaviour
from .messages import MessageSubscriptions, subscription_partition
from .results import AwaitingClient, AwaitingResults
from .signals import SignalSubscriptions
from .subscriptions import EventSubscriptions
from .user_tasks import UserTaskBehaviour
from .variables import VariableBehaviour, VariableOwner


@dataclass(frozen=True, slots=True)
class Behaviours:
    state: StateViews
    keys: KeyGenerator
    models: ExecutableModels
    expressions: Expressions
    variables: VariableBehaviour
    jobs: JobBehaviour
    incidents: IncidentBehaviour
    errors: ErrorCatching
    escalations: EscalationCatching
    user_tasks: UserTaskBehaviour
    events: EventSubscriptions
    messages: MessageSubscriptions
    signals: SignalSubscriptions
    # Not state: clients waiting for instance results (see `results.py`).
    awaiting: AwaitingResults

    @classmethod
    def build(
        cls,
        state: StateViews,
        keys: KeyGenerator,
        models: ExecutableModels,
        partition_id: int = 1,
        partition_count: int | None = None,
    ) -> Behaviours:
        expressions = Expressions(state.variables)
        messages = MessageSubscriptions(state, keys, expressions, partition_id, partition_count)
        signals = SignalSubscriptions(state, keys, expressions, partition_id, partition_count)
        return cls(
            state=state,
            keys=keys,
            models=models,
            expressions=expressions,
            variables=VariableBehaviour(state.variables, keys, expressions),
            jobs=JobBehaviour(state.jobs, keys, expressions),
            incidents=IncidentBehaviour(state.incidents, keys),
            errors=ErrorCatching(state.element_instances, keys, models),
            escalations=EscalationCatching(state.element_instances, models),
            user_tasks=UserTaskBehaviour(state.user_tasks, keys, expressions),
            events=EventSubscriptions(state, keys, expressions, messages, signals),
            messages=messages,
            signals=signals,
            awaiting=AwaitingResults(),
        )


__all__ = [
    "AwaitingClient",
    "AwaitingResults",
    "Behaviours",
    "ErrorCatching",
    "EscalationCatching",
    "EventSubscriptions",
    "Expressions",
    "IncidentBehaviour",
    "JobBehaviour",
    "MessageSubscriptions",
    "SignalSubscriptions",
    "UserTaskBehaviour",
    "VariableBehaviour",
    "VariableOwner",
    "subscription_partition",
]
