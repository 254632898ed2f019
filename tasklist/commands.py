"""Changes, through the same commands the public APIs send (`BrokerClient`), and the wait
until the read model shows them.

The read model is filled asynchronously by the SQL exporter, so a page rendered right after
a command could still show the old state. Each call here waits (bounded) until the change is
visible, so "claim, then see it in my tasks" holds without the browser guessing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from broker.client import BrokerClient, CommandRejected
from broker.errors import BrokerError
from engine.records import RecordType
from engine.records.intents import UserTaskIntent
from engine.records.values import UserTaskRecordValue

from . import readmodel

VISIBLE_WITHIN_S = 5.0


class CommandFailed(Exception):
    """The engine refused the command (`status` 404/409/400) or the broker is unavailable."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


_STATUS = {"NOT_FOUND": 404, "INVALID_STATE": 409, "INVALID_ARGUMENT": 400}


def _failed(error: Exception) -> CommandFailed:
    if isinstance(error, CommandRejected):
        return CommandFailed(error.reason, _STATUS.get(error.rejection_type.name, 409))
    return CommandFailed(f"The engine is not available right now ({error}).", 503)


class Commands:
    def __init__(self, client: BrokerClient, engine: Engine) -> None:
        self.client = client
        self._engine = engine

    async def _wait(self, seen: Callable[[], bool]) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + VISIBLE_WITHIN_S
        delay = 0.005
        while not await asyncio.to_thread(seen):
            if loop.time() > deadline:
                return  # shown as it is; the page refreshes itself later
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.1)

    async def _user_task(
        self, intent: UserTaskIntent, key: int, value: UserTaskRecordValue
    ) -> None:
        try:
            record = await self.client.send(intent, value, key)
        except BrokerError as error:
            raise _failed(error) from None
        if record.record_type is RecordType.COMMAND_REJECTION:
            raise CommandFailed(
                record.rejection_reason, _STATUS.get(record.rejection_type.name, 409)
            )

    async def claim(self, key: int, user: str) -> None:
        await self._user_task(UserTaskIntent.CLAIM, key, UserTaskRecordValue(assignee=user))
        await self._wait(lambda: _assignee(self._engine, key) == user)

    async def assign(self, key: int, user: str) -> None:
        value = UserTaskRecordValue(assignee=user, action="assign" if user else "unassign")
        await self._user_task(UserTaskIntent.ASSIGN, key, value)
        await self._wait(lambda: _assignee(self._engine, key) == (user or None))

    async def complete(self, key: int, variables: dict[str, Any]) -> None:
        value = UserTaskRecordValue(variables=variables, action="complete")
        await self._user_task(UserTaskIntent.COMPLETE, key, value)
        await self._wait(lambda: _state(self._engine, key) == "COMPLETED")

    async def start(self, process_id: str, version: int, variables: dict[str, Any]) -> int:
        try:
            key = await self.client.create_instance(process_id, variables, version=version)
        except BrokerError as error:
            raise _failed(error) from None
        await self._wait(lambda: readmodel.instance(self._engine, key) is not None)
        return key

    async def cancel(self, instance_key: int) -> None:
        try:
            await self.client.cancel_instance(instance_key)
        except BrokerError as error:
            raise _failed(error) from None
        await self._wait(
            lambda: (readmodel.instance(self._engine, instance_key) or {}).get("state") != "ACTIVE"
        )

    async def set_variables(self, scope_key: int, variables: dict[str, Any]) -> None:
        try:
            await self.client.set_variables(scope_key, variables)
        except BrokerError as error:
            raise _failed(error) from None

    async def retry_job(self, job_key: int, retries: int) -> None:
        try:
            await self.client.update_job_retries(job_key, retries)
        except BrokerError as error:
            raise _failed(error) from None

    async def resolve_incident(self, incident_key: int) -> None:
        try:
            await self.client.resolve_incident(incident_key)
        except BrokerError as error:
            raise _failed(error) from None
        await self._wait(
            lambda: (readmodel.incident(self._engine, incident_key) or {}).get("state") != "ACTIVE"
        )

    async def deploy(self, name: str, xml: str) -> list[dict[str, Any]]:
        try:
            deployed = await self.client.deploy((name, xml))
        except BrokerError as error:
            raise _failed(error) from None
        keys = [p.process_definition_key for p in deployed.processes_metadata]
        await self._wait(lambda: all(readmodel.definition(self._engine, k) for k in keys))
        return [
            {
                "bpmn_process_id": p.bpmn_process_id,
                "version": p.version,
                "key": p.process_definition_key,
            }
            for p in deployed.processes_metadata
        ]


def _assignee(engine: Engine, key: int) -> str | None:
    row = readmodel.task(engine, key)
    return None if row is None else row.assignee


def _state(engine: Engine, key: int) -> str | None:
    row = readmodel.task(engine, key)
    return None if row is None else row.state
