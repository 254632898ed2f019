"""Exporters described by plain, picklable configs, built where they run.

A node passes the same configs to every partition; each partition (in the node's process or
in its own) builds its own exporter instances from them, so every partition process has its
own Kafka producer and its own connections to the read model.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StorageError
from .kafka import KafkaExporter
from .kafka_config import KafkaExporterConfig
from .protocol import Exporter
from .sql import SqlExporter, SqlExporterConfig, create_read_model_engine, migrate

ExporterConfig = SqlExporterConfig | KafkaExporterConfig


def build_exporters(configs: Sequence[ExporterConfig]) -> list[Exporter]:
    exporters: list[Exporter] = []
    for config in configs:
        if isinstance(config, SqlExporterConfig):
            exporters.append(SqlExporter(config))
        else:
            exporters.append(KafkaExporter(config))
    return exporters


def prepare_read_models(configs: Sequence[ExporterConfig]) -> None:
    """Migrates every SQL read model once, before partitions start: partition processes
    opening one SQLite file at once would otherwise race to create its tables (SQLite has
    no cross-process lock for that; PostgreSQL's advisory lock would cope). Blocking.
    A database that cannot be reached or migrated is a `StorageError` (the node does not
    start), its password left out of the message."""
    for config in configs:
        if isinstance(config, SqlExporterConfig) and config.migrate:
            try:
                engine = create_read_model_engine(config.url)  # WAL from the start on SQLite
                try:
                    migrate(engine)
                finally:
                    engine.dispose()
            except SQLAlchemyError as error:
                shown = make_url(config.url).render_as_string(hide_password=True)
                raise StorageError(
                    f"Expected to prepare the read model at {shown}, but: "
                    f"{type(error).__name__}: {str(error).splitlines()[0]}"
                ) from None
