"""Engine state: typed stores over an ordered key-value seam.

Processors get the read-only views (`JobsView`, ...); only event appliers get the stores.
"""

from .columns import Column
from .element_instances import ElementInstance, ElementInstances, ElementInstancesView
from .incidents import Incidents, IncidentsView
from .jobs import Jobs, JobState, JobsView, StoredJob
from .kv import KeyValueAccess, KeyValueReader, KeyValueStore, KeyValueTransaction
from .memory import InMemoryKeyValueStore, InMemoryTransaction
from .processes import Processes, ProcessesView
from .variables import Variable, Variables, VariablesView

__all__ = [
    "Column",
    "ElementInstance",
    "ElementInstances",
    "ElementInstancesView",
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
    "Processes",
    "ProcessesView",
    "StoredJob",
    "Variable",
    "Variables",
    "VariablesView",
]
