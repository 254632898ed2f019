"""The broker's exceptions: one root, translated from rocksdict (and later psycopg) at the seam.

    BrokerError                 anything the broker refuses or cannot do
     ├── StorageError           the partition database cannot be opened, read or written:
     │                          a bad path, a corrupt record, a failed (f)sync
     ├── BatchTooLarge          a batch of records over the size limit; nothing was written
     │                          (the processor turns it into an EXCEEDED_BATCH_RECORD_SIZE
     │                          rejection)
     ├── Backpressure           the partition's intake is full: the command was not taken
     │                          (gRPC RESOURCE_EXHAUSTED, HTTP 503); retry later
     └── PartitionUnavailable   the partition is stopped or failed (or its process is gone):
                                the command may or may not have been processed

Callers catch `BrokerError` to handle every broker failure at once; rocksdict raises bare
`Exception`s, so `broker/storage/database.py` is the one place that turns those into
`StorageError`, with the path or position in the message. Ownership (`NotOwner`) joins the
tree with the cluster work.

Programming errors (a batch with the wrong partition id, a processed position that goes back)
are `ValueError`s: they are bugs in the caller, not conditions of the storage.
"""

from __future__ import annotations


class BrokerError(Exception):
    """The root of every error the broker raises on purpose."""


class StorageError(BrokerError):
    """A partition's storage failed or holds something it cannot read.

    `position` names the log entry concerned, when there is one (a corrupt record), else None.
    """

    def __init__(self, message: str, *, position: int | None = None) -> None:
        super().__init__(message)
        self.position = position


class BatchTooLarge(BrokerError):
    """The records of one batch encode to more than the log's limit; none of them was written."""

    def __init__(self, message: str, *, size: int, limit: int) -> None:
        super().__init__(message)
        self.size = size
        self.limit = limit


class Backpressure(BrokerError):
    """The partition's command intake is full; nothing was submitted. Retry later."""

    def __init__(self, message: str, *, partition_id: int, limit: int) -> None:
        super().__init__(message)
        self.partition_id = partition_id
        self.limit = limit


class PartitionUnavailable(BrokerError):
    """The partition is not running (stopped, failed, or its process exited). A command
    in flight when this is raised may or may not have been processed: only its response
    proves it was."""

    def __init__(self, message: str, *, partition_id: int) -> None:
        super().__init__(message)
        self.partition_id = partition_id
