"""Bringing a database to the read model's latest schema, programmatically (no alembic.ini).

The migration scripts live beside this module (``migrations/``); ``migrate`` runs every one the
database has not seen, in one transaction where the database allows it (PostgreSQL: all or
nothing; SQLite: per statement). Running it again is a no-op.
"""

from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, text

SCRIPTS = Path(__file__).with_name("migrations")

# Several partitions' exporters open at once and each migrates: one at a time in a process,
# and on PostgreSQL one at a time across processes too (a transaction-scoped advisory lock;
# the number is arbitrary but fixed: "baton" in ASCII). A loser of a cross-process race on
# SQLite fails its open, and the framework retries it, finding the schema up to date.
_LOCK = threading.Lock()
_PG_LOCK_ID = 0x626174_6F6E


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    return config


def head_revision() -> str:
    """The newest revision the scripts define."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at; None for a database never migrated."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(engine_url: str | Engine, revision: str = "head") -> None:
    """Upgrade the database at ``engine_url`` (a URL or an engine) to ``revision``."""
    engine = create_engine(engine_url) if isinstance(engine_url, str) else engine_url
    try:
        config = _config()
        with _LOCK, engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _PG_LOCK_ID})
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        if isinstance(engine_url, str):
            engine.dispose()
