"""Alembic migrations of the SQL read model (run them with ``broker.exporters.sql.migrate``)."""
