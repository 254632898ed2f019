"""The column families of engine state: the first two bytes of every state key.

Numbers are persistent: RocksDB files and snapshots hold them. Never renumber or reuse one; a
column that is no longer used is renamed `DEPRECATED_<NAME>` and stays. New columns take the next
number. `tests/engine/test_engine_columns.py` checks the numbers are unique and contiguous.
Each column's key and value shapes are documented where its store is (`engine/state/<domain>.py`).
"""

from __future__ import annotations

from enum import IntEnum, unique


@unique
class Column(IntEnum):
    # Reserved for singletons the broker keeps beside engine state (last processed position).
    DEFAULT = 0
    # engine/keys.py
    KEY_GENERATOR = 1
    # engine/state/processes.py
    PROCESS_BY_KEY = 2
    PROCESS_BY_ID_AND_VERSION = 3
    PROCESS_LATEST = 4
    PROCESS_HIGHEST_VERSION = 5
    PROCESS_DIGEST = 6
    # engine/state/element_instances.py
    ELEMENT_INSTANCE_BY_KEY = 7
    ELEMENT_INSTANCE_CHILDREN = 8
    TAKEN_SEQUENCE_FLOWS = 9
    # engine/state/variables.py
    VARIABLES = 10
    VARIABLE_SCOPE_PARENT = 11
    # engine/state/jobs.py
    JOBS = 12
    JOB_ACTIVATABLE = 13
    JOB_DEADLINES = 14
    JOB_BACKOFF = 15
    # engine/state/incidents.py
    INCIDENTS = 16
    INCIDENT_BY_ELEMENT_INSTANCE = 17
    INCIDENT_BY_JOB = 18
    # engine/state/decisions.py
    DECISION_REQUIREMENTS_BY_KEY = 19
    DECISION_REQUIREMENTS_LATEST = 20
    DECISION_BY_KEY = 21
    DECISION_LATEST = 22
    # engine/state/process_instances.py
    PROCESS_INSTANCE_BY_BUSINESS_KEY = 23
    BUSINESS_KEY_OF_PROCESS_INSTANCE = 24
    BANNED_PROCESS_INSTANCES = 25
    EVENT_TRIGGERS = 26
    # engine/state/user_tasks.py
    USER_TASKS = 27
    # engine/state/forms.py
    FORM_BY_KEY = 28
    FORM_LATEST = 29
    # engine/state/process_instances.py
    PROCESS_INSTANCES_BY_DEFINITION = 30
    # engine/state/timers.py
    TIMERS = 31
    TIMER_DUE_DATES = 32
    TIMERS_BY_ELEMENT_INSTANCE = 33
    TIMER_STARTS_BY_DEFINITION = 34
    # engine/state/messages.py
    MESSAGES = 35
    MESSAGE_DEADLINES = 36
    MESSAGE_BY_NAME_AND_KEY = 37
    MESSAGE_IDS = 38
    MESSAGE_CORRELATED = 39
    MESSAGE_SUBSCRIPTIONS = 40
    MESSAGE_SUBSCRIPTIONS_BY_NAME_AND_KEY = 41
    PROCESS_MESSAGE_SUBSCRIPTIONS = 42
    MESSAGE_START_SUBSCRIPTIONS = 43
    MESSAGE_START_ACTIVE_KEYS = 44
    # engine/state/signals.py
    SIGNAL_SUBSCRIPTIONS = 45
    SIGNAL_SUBSCRIPTIONS_BY_ELEMENT = 46
    # engine/state/messages.py
    MESSAGE_START_KEY_OF_INSTANCE = 47
    # engine/state/compensations.py
    COMPENSATION_SUBSCRIPTIONS = 48

    @property
    def prefix(self) -> bytes:
        """The two big-endian bytes every key of this column starts with."""
        return _PREFIXES[self._value_]

    def key(self, *parts: bytes) -> bytes:
        """A key of this column: the prefix, then `parts` (see `engine.state.encoding`)."""
        return _PREFIXES[self._value_] + b"".join(parts)


# Computed once, indexed by column number (an enum member's hash is a Python-level call):
# every state access builds a key, and this is on the hot path.
_PREFIXES: tuple[bytes, ...] = tuple(number.to_bytes(2, "big") for number in range(max(Column) + 1))
