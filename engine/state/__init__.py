"""Engine state: typed stores over an ordered key-value seam.

Processors get the read-only views (`JobsView`, ...); only event appliers get the stores.
`engine.state.engine_state` bundles them (`StateViews`, `EngineState`); it is not re-exported
here because it needs `engine.keys`, which needs this package's columns.
"""

from .columns import Column
from .compensations import Compensations, CompensationsView, StoredCompensation
from .decisions import Decisions, DecisionsView
from .element_instances import ElementInstance, ElementInstances, ElementInstancesView
from .forms import Forms, FormsView
from .incidents import Incidents, IncidentsView
from .jobs import Jobs, JobState, JobsView, StoredJob
from .kv import KeyValueAccess, KeyValueReader, KeyValueStore, KeyValueTransaction
from .memory import InMemoryKeyValueStore, InMemoryTransaction
from .messages import (
    Messages,
    MessagesView,
    StoredProcessSubscription,
    StoredSubscription,
)
from .process_instances import ProcessInstances, ProcessInstancesView
from .processes import Processes, ProcessesView
from .signals import Signals, SignalsView
from .timers import Timers, TimersView
from .user_tasks import StoredUserTask, UserTasks, UserTasksView
from .variables import Variable, Variables, VariablesView

__all__ = [
    "Column",
    "Compensations",
    "CompensationsView",
    "Decisions",
    "DecisionsView",
    "ElementInstance",
    "ElementInstances",
    "ElementInstancesView",
    "Forms",
    "FormsView",
    "InMemoryKeyValueStore",
    "InMemoryTransaction",
    "Incidents",
    "IncidentsView",
    "JobState",
    "Jobs",
    "JobsView",
    "KeyValueAccess",
    "KeyValueReader",
    "KeyValueStore",
    "KeyValueTransaction",
    "Messages",
    "MessagesView",
    "ProcessInstances",
    "ProcessInstancesView",
    "Processes",
    "ProcessesView",
    "Signals",
    "SignalsView",
    "StoredCompensation",
    "StoredJob",
    "StoredProcessSubscription",
    "StoredSubscription",
    "StoredUserTask",
    "Timers",
    "TimersView",
    "UserTasks",
    "UserTasksView",
    "Variable",
    "Variables",
    "VariablesView",
]
