"""One open RocksDB database in raw (bytes) mode, and the only place rocksdict errors are caught.

rocksdict raises bare `Exception` for every RocksDB status (IO error, corruption, lock held),
so there is no narrower type to catch: each call into it that can fail is wrapped here and
re-raised as `StorageError` naming the database's path. Everything else in `broker/storage` and
`broker/log` goes through this class and never imports rocksdict's error behaviour.

Durability: `write(batch, sync=True)` returns only after RocksDB wrote the batch to its
write-ahead log and fsync'd it. A batch is one WAL record with a checksum, so recovery replays
it whole or not at all (point-in-time recovery stops at the first torn record). Unsynced writes
survive a killed process (they are in the OS page cache) but not a power loss.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from rocksdict import (
    Checkpoint,
    DBRecoveryMode,
    Options,
    Rdict,
    ReadOptions,
    WriteBatch,
    WriteOptions,
)

from ..errors import StorageError


def _options() -> Options:
    options = Options(raw_mode=True)
    options.create_if_missing(True)
    # The RocksDB default, stated because the commit protocol relies on it: after a crash,
    # recover every complete WAL record up to the first damaged one, and nothing after it.
    options.set_wal_recovery_mode(DBRecoveryMode.point_in_time())
    options.set_keep_log_file_num(4)  # RocksDB's own info LOG files, not the WAL
    return options


def _write_options(sync: bool) -> WriteOptions:
    options = WriteOptions()
    options.sync = sync
    return options


def _prepare_directory(path: Path) -> None:
    # RocksDB's own messages for these cases ("File exists (os error 17)") do not say which
    # path or what is wrong with it, so check first and say it plainly.
    try:
        if path.exists() and not path.is_dir():
            raise StorageError(
                f"Expected a directory for the partition database, but {path} is a file"
            )
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # includes a parent directory this user may not enter
        raise StorageError(
            f"Expected to create the partition database directory {path}, but {error.strerror}"
        ) from error
    if not os.access(path, os.W_OK | os.X_OK):
        raise StorageError(
            f"Expected the partition database directory {path} to be writable, but it is not"
        )


class RocksDatabase:
    """A RocksDB database with bytes keys and values.

    Invariant: once a write failed (`failed` is set), every later write raises: RocksDB may
    hold that batch in memory without it being durable, and continuing would acknowledge work
    a crash could lose. The owner reopens the database to recover.
    """

    def __init__(self, path: Path, db: Rdict) -> None:
        self.path = path
        self._db = db
        self._sync = _write_options(sync=True)
        self._no_sync = _write_options(sync=False)
        self.failed: StorageError | None = None

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> RocksDatabase:
        """Opens the database at `path`, creating the directory and database if missing."""
        directory = Path(path)
        _prepare_directory(directory)
        try:
            db = Rdict(str(directory), _options())
        except Exception as error:  # rocksdict raises bare Exception; see the module docstring
            raise StorageError(
                f"Expected to open the RocksDB database at {directory}, but {error}"
            ) from error
        return cls(directory, db)

    # Reads.

    def get(self, key: bytes) -> bytes | None:
        try:
            value: bytes | None = self._db.get(key)
        except Exception as error:
            raise self._error("read", error) from error
        return value

    def items(self, start: bytes, stop: bytes) -> Iterator[tuple[bytes, bytes]]:
        """`(key, value)` for `start <= key < stop` in bytewise order, from a consistent view
        taken when iteration starts (RocksDB iterators pin a snapshot). Lazy."""
        if start >= stop:
            return
        read_options = ReadOptions()
        read_options.set_iterate_upper_bound(stop)
        try:
            # A live iterator keeps the database open (rocksdict refcounts it), so the
            # iterator must not outlive this generator: it is a local, dropped with the frame.
            entries: Iterator[tuple[bytes, bytes]] = self._db.items(  # type: ignore[assignment]
                from_key=start, read_opt=read_options
            )  # raw mode: keys and values are always bytes
            yield from entries
        except Exception as error:
            raise self._error("read", error) from error

    def is_empty(self) -> bool:
        try:
            iterator = self._db.iter()
            iterator.seek_to_first()
            empty = not iterator.valid()
            del iterator
        except Exception as error:
            raise self._error("read", error) from error
        return empty

    def last_key(self, start: bytes, stop: bytes) -> bytes | None:
        """The greatest key in `start <= key < stop`, or None when the range is empty."""
        read_options = ReadOptions()
        read_options.set_iterate_upper_bound(stop)
        try:
            iterator = self._db.iter(read_options)
            iterator.seek_to_last()
            key: bytes | None = iterator.key() if iterator.valid() else None
            del iterator
        except Exception as error:
            raise self._error("read", error) from error
        # Backwards, the iterator does not stop at a lower bound: check it here.
        return key if key is not None and key >= start else None

    # Writes.

    def put(self, key: bytes, value: bytes) -> None:
        """Writes at once, without fsync (survives a killed process, not a power loss)."""
        self._check_usable()
        try:
            self._db.put(key, value, self._no_sync)
        except Exception as error:
            raise self._fail(error) from error

    def delete(self, key: bytes) -> None:
        self._check_usable()
        try:
            self._db.delete(key, self._no_sync)
        except Exception as error:
            raise self._fail(error) from error

    @staticmethod
    def batch() -> WriteBatch:
        """An empty batch for `write`; add `put`/`delete`/`delete_range` calls to it."""
        return WriteBatch(raw_mode=True)

    def write(self, batch: WriteBatch, *, sync: bool) -> None:
        """Writes every operation of `batch` atomically; with `sync`, returns only once the
        batch is fsync'd. A batch can be written once."""
        self._check_usable()
        try:
            self._db.write(batch, self._sync if sync else self._no_sync)
        except Exception as error:
            raise self._fail(error) from error

    # Whole database.

    def checkpoint(self, directory: Path) -> None:
        """A consistent, openable copy of the whole database in `directory` (which must not
        exist); files are hard-linked where the filesystem allows, so it is cheap."""
        if directory.exists():
            raise StorageError(
                f"Expected a new directory for the snapshot, but {directory} already exists"
            )
        try:
            checkpoint = Checkpoint(self._db)
            checkpoint.create_checkpoint(str(directory))
            del checkpoint  # it holds the database open, like an iterator
        except Exception as error:
            raise self._error(f"snapshot into {directory}", error) from error

    def close(self) -> None:
        """Flushes and closes. Scans still running keep RocksDB open until they are dropped."""
        try:
            self._db.close()
        except Exception as error:
            raise self._error("close", error) from error

    def _check_usable(self) -> None:
        if self.failed is not None:
            raise StorageError(
                f"Expected a usable database at {self.path}, but an earlier write failed "
                f"({self.failed}); reopen it to recover"
            )

    def _error(self, what: str, error: Exception) -> StorageError:
        return StorageError(f"Expected to {what} the RocksDB database at {self.path}, but {error}")

    def _fail(self, error: Exception) -> StorageError:
        self.failed = self._error("write", error)
        return self.failed
