"""What the gateway answers when it says no: ONE table from error kind to the wire.

Every refusal the gateway sends, over gRPC or REST, is a `GatewayError` carrying an
`ErrorKind` and a message. The kind comes from exactly one of three places:

- an engine rejection (`from_rejection`): the command's `RejectionType`, same name;
- a broker error (`from_broker_error`): backpressure, a stopped partition, storage;
- the gateway itself: a malformed request (INVALID_ARGUMENT), a request timeout
  (DEADLINE_EXCEEDED), an RPC the engine has no command for (UNIMPLEMENTED).

`WIRE` maps each kind to (gRPC status code, HTTP status, problem title) as Zeebe's clients
read them: INVALID_STATE is FAILED_PRECONDITION / 409 (pyzeebe reads it as "job already
deactivated" or "process has no none start event"), PROCESSING_ERROR is INTERNAL / 500,
backpressure RESOURCE_EXHAUSTED / 503 (pyzeebe retries it as `ZeebeBackPressureError`).
The REST API reuses the same table for its RFC 7807 problems.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

import grpc

from broker import (
    Backpressure,
    BatchTooLarge,
    BrokerError,
    CommandRejected,
    PartitionUnavailable,
)
from engine import Record, RejectionType


class ErrorKind(Enum):
    """Why the gateway refused a request. The first eight are `RejectionType`s by name."""

    INVALID_ARGUMENT = "INVALID_ARGUMENT"
    NOT_FOUND = "NOT_FOUND"
    ALREADY_EXISTS = "ALREADY_EXISTS"
    INVALID_STATE = "INVALID_STATE"
    PROCESSING_ERROR = "PROCESSING_ERROR"
    EXCEEDED_BATCH_RECORD_SIZE = "EXCEEDED_BATCH_RECORD_SIZE"
    UNAUTHORIZED = "UNAUTHORIZED"
    FORBIDDEN = "FORBIDDEN"
    RESOURCE_EXHAUSTED = "RESOURCE_EXHAUSTED"  # backpressure: retry later
    UNAVAILABLE = "UNAVAILABLE"  # a partition is stopped or not yet started
    DEADLINE_EXCEEDED = "DEADLINE_EXCEEDED"  # e.g. a with-result request timed out
    UNIMPLEMENTED = "UNIMPLEMENTED"  # an RPC whose command the engine does not have yet
    INTERNAL = "INTERNAL"  # storage failure or a bug


@dataclass(frozen=True, slots=True)
class Wire:
    grpc_code: grpc.StatusCode
    http_status: int
    title: str


_S = grpc.StatusCode

# The one table (STYLE.md section 3). Titles are the kind's name, as Camunda's REST problems.
WIRE: dict[ErrorKind, Wire] = {
    ErrorKind.INVALID_ARGUMENT: Wire(_S.INVALID_ARGUMENT, 400, "INVALID_ARGUMENT"),
    ErrorKind.NOT_FOUND: Wire(_S.NOT_FOUND, 404, "NOT_FOUND"),
    ErrorKind.ALREADY_EXISTS: Wire(_S.ALREADY_EXISTS, 400, "ALREADY_EXISTS"),
    ErrorKind.INVALID_STATE: Wire(_S.FAILED_PRECONDITION, 409, "INVALID_STATE"),
    ErrorKind.PROCESSING_ERROR: Wire(_S.INTERNAL, 500, "PROCESSING_ERROR"),
    ErrorKind.EXCEEDED_BATCH_RECORD_SIZE: Wire(
        _S.INVALID_ARGUMENT, 400, "EXCEEDED_BATCH_RECORD_SIZE"
    ),
    ErrorKind.UNAUTHORIZED: Wire(_S.UNAUTHENTICATED, 401, "UNAUTHORIZED"),
    ErrorKind.FORBIDDEN: Wire(_S.PERMISSION_DENIED, 403, "FORBIDDEN"),
    ErrorKind.RESOURCE_EXHAUSTED: Wire(_S.RESOURCE_EXHAUSTED, 503, "RESOURCE_EXHAUSTED"),
    ErrorKind.UNAVAILABLE: Wire(_S.UNAVAILABLE, 503, "UNAVAILABLE"),
    ErrorKind.DEADLINE_EXCEEDED: Wire(_S.DEADLINE_EXCEEDED, 504, "DEADLINE_EXCEEDED"),
    ErrorKind.UNIMPLEMENTED: Wire(_S.UNIMPLEMENTED, 501, "UNIMPLEMENTED"),
    ErrorKind.INTERNAL: Wire(_S.INTERNAL, 500, "INTERNAL"),
}


class GatewayError(Exception):
    """A refusal to send to the client: `kind` picks the status, `message` says why
    ("Expected to <X>, but <found>", naming the key, element or field)."""

    def __init__(self, kind: ErrorKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message

    @property
    def wire(self) -> Wire:
        return WIRE[self.kind]


def invalid_argument(message: str) -> GatewayError:
    return GatewayError(ErrorKind.INVALID_ARGUMENT, message)


def from_rejection(record: Record[Any]) -> GatewayError:
    """The error for a COMMAND_REJECTION response record."""
    rejection = record.rejection_type
    if rejection is RejectionType.NULL_VAL:  # not a rejection: a bug in the caller
        raise ValueError(f"Expected a rejection, but got a {record.record_type.name} record")
    return GatewayError(ErrorKind(rejection.value), record.rejection_reason)


def from_broker_error(error: BrokerError) -> GatewayError:
    """The error for a broker failure; the broker's message already says what happened."""
    if isinstance(error, CommandRejected):
        return from_rejection(error.record)
    if isinstance(error, Backpressure):
        kind = ErrorKind.RESOURCE_EXHAUSTED
    elif isinstance(error, PartitionUnavailable):
        kind = ErrorKind.UNAVAILABLE
    elif isinstance(error, BatchTooLarge):
        kind = ErrorKind.EXCEEDED_BATCH_RECORD_SIZE
    else:  # StorageError, or a broker error this table does not know yet
        kind = ErrorKind.INTERNAL
    return GatewayError(kind, str(error))


__all__ = [
    "WIRE",
    "ErrorKind",
    "GatewayError",
    "Wire",
    "from_broker_error",
    "from_rejection",
    "invalid_argument",
]
