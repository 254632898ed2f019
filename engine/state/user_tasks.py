"""Camunda user tasks (`zeebe:userTask`), managed by the engine.

Column USER_TASKS: u64 user task key -> StoredUserTask (MessagePack): the lifecycle state (the
last USER_TASK event applied) and the value without variables.

Invariant: a user task exists from CREATING until COMPLETED or CANCELED; its element instance
names it (`ElementInstance.user_task_key`) for as long as both exist.
"""

from __future__ import annotations

from typing import Protocol

import msgspec

from ..records.intents import UserTaskIntent
from ..records.values import UserTaskRecordValue
from .columns import Column
from .encoding import u64
from .kv import KeyValueAccess


class StoredUserTask(msgspec.Struct, frozen=True, array_like=True):
    state: UserTaskIntent
    task: UserTaskRecordValue


class UserTasksView(Protocol):
    def get(self, key: int) -> StoredUserTask | None: ...


class UserTasks:
    """Over the KV; only USER_TASK appliers call the writes."""

    def __init__(self, kv: KeyValueAccess) -> None:
        self._kv = kv
        self._encoder = msgspec.msgpack.Encoder()
        self._decoder = msgspec.msgpack.Decoder(StoredUserTask)

    def get(self, key: int) -> StoredUserTask | None:
        if key < 0:
            return None
        stored = self._kv.get(Column.USER_TASKS.key(u64(key)))
        return None if stored is None else self._decoder.decode(stored)

    def put(self, key: int, state: UserTaskIntent, task: UserTaskRecordValue) -> None:
        if task.variables:
            task = msgspec.structs.replace(task, variables={})
        self._kv.put(
            Column.USER_TASKS.key(u64(key)), self._encoder.encode(StoredUserTask(state, task))
        )

    def delete(self, key: int) -> None:
        self._kv.delete(Column.USER_TASKS.key(u64(key)))
