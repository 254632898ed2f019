"""Clients waiting for the result of the instances they created (CREATE_WITH_AWAITING_RESULT).

Deliberately not engine state: a waiting client is a live connection, which a restart ends
anyway (Zeebe keeps the same metadata outside its replayed state for the same reason). Like the
model cache, additions and removals are staged until the batch commits, so a rolled-back batch
leaves the waiting clients as they were.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AwaitingClient:
    request_id: int
    request_stream_id: int
    fetch_variables: tuple[str, ...]


class AwaitingResults:
    def __init__(self) -> None:
        self._waiting: dict[int, AwaitingClient] = {}
        self._added: dict[int, AwaitingClient] = {}
        self._removed: set[int] = set()

    def add(self, process_instance_key: int, client: AwaitingClient) -> None:
        self._added[process_instance_key] = client

    def take(self, process_instance_key: int) -> AwaitingClient | None:
        """The client waiting for this instance, if any; it stops waiting."""
        client = self._added.pop(process_instance_key, None)
        if client is None and process_instance_key not in self._removed:
            client = self._waiting.get(process_instance_key)
            if client is not None:
                self._removed.add(process_instance_key)
        return client

    def commit(self) -> None:
        for key in self._removed:
            self._waiting.pop(key, None)
        self._waiting.update(self._added)
        self._added.clear()
        self._removed.clear()

    def rollback(self) -> None:
        self._added.clear()
        self._removed.clear()
