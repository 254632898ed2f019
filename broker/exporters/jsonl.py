"""`JsonLinesExporter`: each record as one line of Zeebe's exporter JSON, appended to a file.

The proof of the exporter framework, and useful on its own for audits and debugging. One file
per partition (`{partition}` in the path is replaced by the partition id). Each batch is
written, flushed and fsync'd before `export` returns, so an acknowledged record is on disk. A
batch offered again after a crash is appended again: readers deduplicate by
`(partitionId, position)`, as the protocol says.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from engine.records import Record


class JsonLinesExporter:
    def __init__(self, path: str | os.PathLike[str], *, exporter_id: str = "jsonl") -> None:
        self._template = str(path)
        self._id = exporter_id
        self._file: IO[bytes] | None = None
        self.path: Path | None = None

    @property
    def id(self) -> str:
        return self._id

    async def open(self, partition_id: int) -> None:
        path = Path(self._template.replace("{partition}", str(partition_id)))
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._file = path.open("ab")

    async def export(self, batch: Sequence[Record[Any]]) -> None:
        if self._file is None:
            raise RuntimeError("Expected an open exporter, but open() was not called")
        data = b"".join(record.to_json() + b"\n" for record in batch)
        await asyncio.to_thread(self._write, self._file, data)

    @staticmethod
    def _write(file: IO[bytes], data: bytes) -> None:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())

    async def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
