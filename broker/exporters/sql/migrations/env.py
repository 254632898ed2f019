"""Alembic's environment for the read model: online migrations over the connection (or URL)
that ``broker.exporters.sql.migrate`` hands in. Offline SQL generation works too."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from broker.exporters.sql.schema import metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
    else:
        engine = create_engine(str(config.get_main_option("sqlalchemy.url")))
        try:
            with engine.connect() as fresh:
                _run(fresh)
        finally:
            engine.dispose()
