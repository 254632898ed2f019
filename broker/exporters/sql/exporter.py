"""The SQL exporter: keeps the read model up to date, one transaction per batch.

Idempotent by (partition id, position). Each batch's transaction first reads (and on
PostgreSQL locks) the partition's row in ``exporter_positions``, applies only the records
above it, in log order, then moves the row to the batch's last position and commits. So a
batch offered twice (at-least-once delivery) changes nothing the second time, and a crash
mid-batch leaves nothing of it. SQLAlchemy is synchronous; the transaction runs in a worker
thread so the event loop keeps serving other partitions.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, select
from sqlalchemy.exc import SQLAlchemyError

from engine.records import Record

from ...errors import BrokerError
from . import schema as s
from ._projection import apply, process_instance_key_of
from ._upsert import upsert
from ._writes import Writes
from .migrate import migrate


class SqlExportError(BrokerError):
    """The read model's database refused or lost a batch; nothing of it was applied."""


@dataclass(frozen=True, slots=True)
class SqlExporterConfig:
    """``url``: a SQLAlchemy URL, ``sqlite:///path/to/read-model.db`` (the embedded default)
    or ``postgresql+psycopg://user@host/db``. ``migrate`` brings the schema to the latest
    revision on ``open``."""

    url: str
    exporter_id: str = "sql"
    migrate: bool = True
    echo: bool = False


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers (queries, the tasklist) run while a batch is written; a busy timeout
    # lets several partitions' exporters share one file instead of failing on its lock.
    # synchronous=FULL: a commit is on disk before export returns and the broker acknowledges
    # the batch; with NORMAL an OS crash could lose a batch the broker will never re-offer.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def create_read_model_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for the read model, with SQLite tuned for one writer and many readers."""
    engine = create_engine(url, echo=echo)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


_AUDIT_COLUMNS = (
    "partition_id",
    "position",
    "record_key",
    "timestamp",
    "record_type",
    "value_type",
    "intent",
    "process_instance_key",
    "json",
)


def _audit_row(r: Record[Any]) -> tuple[Any, ...]:
    return (
        r.partition_id,
        r.position,
        r.key,
        r.timestamp,
        r.record_type.name,
        r.value_type.name,
        r.intent.name,
        process_instance_key_of(r),
        r.to_json().decode("utf-8"),
    )


def _insert_audit(connection: Connection, records: Sequence[Record[Any]]) -> None:
    """The audit rows, the bulk of a batch's bytes. PostgreSQL takes them by COPY inside the
    batch's transaction (several times faster than an executemany); JSON escapes NUL, so no
    value needs cleaning."""
    rows = [_audit_row(r) for r in records]
    if connection.dialect.name == "postgresql":
        driver = connection.connection.driver_connection
        assert driver is not None
        columns = ", ".join(_AUDIT_COLUMNS)
        with (
            driver.cursor() as cursor,
            cursor.copy(f"COPY audit_records ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    connection.execute(
        s.audit_records.insert(), [dict(zip(_AUDIT_COLUMNS, row, strict=True)) for row in rows]
    )


def apply_batch(connection: Connection, batch: Sequence[Record[Any]]) -> int:
    """Apply the records of ``batch`` not applied yet; returns how many were. Call inside a
    transaction: the position check and the writes must commit together."""
    partition_id = batch[0].partition_id
    positions = s.exporter_positions
    applied = connection.execute(
        select(positions.c.position)
        .where(positions.c.partition_id == partition_id)
        .with_for_update()
    ).scalar_one_or_none()
    applied = -1 if applied is None else applied
    fresh = [r for r in batch if r.position > applied]
    if not fresh:
        return 0
    if any(r.partition_id != partition_id for r in fresh):
        raise ValueError(f"Expected a batch of partition {partition_id} only")
    _insert_audit(connection, fresh)
    writes = Writes()
    for record in fresh:
        apply(writes, record)
    writes.flush(connection)
    last = fresh[-1]
    upsert(
        connection,
        positions,
        {"partition_id": partition_id, "position": last.position, "updated_at": last.timestamp},
    )
    return len(fresh)


class SqlExporter:
    """Exports one partition's records into the read model (see ``Exporter``).

    ``acknowledged_position`` and ``behind(log_end)`` are the lag figures (plain attributes
    until prometheus-client is a dependency).
    """

    def __init__(self, config: SqlExporterConfig, engine: Engine | None = None) -> None:
        self.config = config
        self.partition_id = -1
        self.acknowledged_position = -1
        self.applied_records = 0
        self._engine = engine
        self._owns_engine = engine is None

    @property
    def id(self) -> str:
        return self.config.exporter_id

    def behind(self, log_end: int) -> int:
        return max(0, log_end - max(self.acknowledged_position, 0))

    async def open(self, partition_id: int) -> None:
        self.partition_id = partition_id
        await asyncio.to_thread(self._open)

    def _open(self) -> None:
        if self._engine is None:
            self._engine = create_read_model_engine(self.config.url, echo=self.config.echo)
        try:
            if self.config.migrate:
                migrate(self._engine)
            with self._engine.connect() as connection:
                self.acknowledged_position = (
                    connection.execute(
                        select(s.exporter_positions.c.position).where(
                            s.exporter_positions.c.partition_id == self.partition_id
                        )
                    ).scalar_one_or_none()
                    or -1
                )
        except SQLAlchemyError as error:
            raise SqlExportError(f"Expected to open the read model, but {error}") from error

    async def export(self, batch: Sequence[Record[Any]]) -> None:
        if not batch:
            return
        await asyncio.to_thread(self._export, batch)

    def _export(self, batch: Sequence[Record[Any]]) -> None:
        assert self._engine is not None, "export before open"
        try:
            with self._engine.begin() as connection:
                self.applied_records += apply_batch(connection, batch)
        except SQLAlchemyError as error:
            logging.getLogger(__name__).warning(
                "SQL export of partition %d positions %d..%d failed: %s",
                self.partition_id,
                batch[0].position,
                batch[-1].position,
                error,
            )
            raise SqlExportError(
                f"Expected to apply positions {batch[0].position}..{batch[-1].position} of "
                f"partition {self.partition_id}, but {error}"
            ) from error
        self.acknowledged_position = max(self.acknowledged_position, batch[-1].position)

    async def close(self) -> None:
        engine, self._engine = self._engine, None
        if engine is not None and self._owns_engine:
            await asyncio.to_thread(engine.dispose)
