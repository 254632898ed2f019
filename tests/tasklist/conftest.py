"""A real node for the tasklist tests: one in-process partition whose SQL exporter fills a
SQLite read model, the tasklist mounted under /tasklist of an app like the node's, and users
in groups (officers, managers), an operator, an admin, and one with no groups."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import Engine, select

from broker import BrokerClient, Partition
from broker.exporters.sql import SqlExporter, SqlExporterConfig, create_read_model_engine, migrate
from broker.exporters.sql import schema as s
from tasklist import TasklistSettings, User, create_tasklist, dispose_tasklist, hash_password

FIXTURES = Path(__file__).parent / "fixtures"
PASSWORD = "correct horse battery staple"
_HASH: list[str] = []


def settings(**extra: object) -> TasklistSettings:
    if not _HASH:
        _HASH.append(hash_password(PASSWORD))
    h = _HASH[0]
    users = {
        "alice": User("alice", h, ("officers",)),
        "bob": User("bob", h, ("managers",)),
        "carol": User("carol", h, ()),
        "olga": User("olga", h, ("ops",)),
        "root": User("root", h, (), ("admin",)),
    }
    return TasklistSettings(
        secret_key="test-secret-key-0123456789",
        users=users,
        role_groups={"operator": ("ops",)},
        refresh_s=1,  # the browser tests watch the list refresh itself
        **extra,  # type: ignore[arg-type]
    )


@dataclass
class Stack:
    app: FastAPI
    client: BrokerClient
    engine: Engine
    partition: Partition
    url: Callable[[], str]

    async def deploy_loan(self) -> None:
        """Deploys the loan approval and its decision form; returns once the read model
        shows them."""
        await self.client.deploy(
            ("loan_approval.bpmn", (FIXTURES / "loan_approval.bpmn").read_bytes()),
            ("loan-decision.form", (FIXTURES / "loan-decision.form").read_bytes()),
        )

        def shown() -> bool:
            with self.engine.connect() as c:
                return bool(c.execute(select(s.process_definitions.c.key)).first())

        await self.wait_for(shown)

    async def wait_for(self, check: Callable[[], bool], timeout: float = 10.0) -> None:
        """Waits until `check()` (run in a thread: it reads the database) is true."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not await asyncio.to_thread(check):
            assert loop.time() < deadline, "condition not met in time"
            await asyncio.sleep(0.02)


@pytest.fixture
def read_model_url(tmp_path: Path) -> str:
    """SQLite here; test_tasklist_postgres.py overrides it with a PostgreSQL database."""
    return f"sqlite:///{tmp_path / 'read-model.db'}"


@pytest.fixture
async def stack(tmp_path: Path, read_model_url: str) -> AsyncIterator[Stack]:
    url = read_model_url
    engine = create_read_model_engine(url)
    migrate(engine)
    exporter = SqlExporter(SqlExporterConfig(url=url), engine=engine)
    partition = await Partition.start(
        tmp_path / "partition-1", 1, exporters=[exporter], exporter_min_backoff_s=0.01
    )
    try:
        client = BrokerClient([partition])
        app = FastAPI()
        tasklist = create_tasklist(settings(), client, url)
        app.mount("/tasklist", tasklist)
        try:
            yield Stack(app, client, engine, partition, lambda: "http://baton")
        finally:
            dispose_tasklist(tasklist)
    finally:
        await partition.stop()
        engine.dispose()


@pytest.fixture
async def http(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=stack.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://baton") as client:
        yield client


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf-token" content="([^"]+)"', page)
    assert found, "no CSRF token on the page"
    return found.group(1)


LoginAs = Callable[[str], Awaitable[httpx.AsyncClient]]


@pytest.fixture
async def login_as(stack: Stack) -> AsyncIterator[LoginAs]:
    """Opens a separate cookie jar per user, logged in."""
    clients: list[httpx.AsyncClient] = []

    async def login(name: str) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=stack.app)
        client = httpx.AsyncClient(transport=transport, base_url="http://baton")
        clients.append(client)
        page = await client.get("/tasklist/login")
        response = await client.post(
            "/tasklist/login",
            data={"username": name, "password": PASSWORD, "csrf_token": csrf_of(page.text)},
        )
        assert response.status_code == 303, response.text
        return client

    yield login
    for client in clients:
        await client.aclose()
