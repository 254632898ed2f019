"""The two ways a processor says "no": a `Rejection` of the command, or a `Failure` of the
element it was working on.

- `Rejection(type, reason)`: the command is refused. Raised before the command's first event
  (validation comes first); the engine writes a COMMAND_REJECTION and answers the client.
- `Failure(error_type, message)`: the model cannot go on (a FEEL mapping failed, no flow's
  condition held, ...). The BPMN dispatcher turns it into INCIDENT CREATED on the element, which
  then waits for the incident's resolution.

Any other exception is a bug: the engine rolls the command back and bans the process instance.
"""

from __future__ import annotations

from ..records.enums import ErrorType, RejectionType


class Rejection(Exception):
    def __init__(self, rejection_type: RejectionType, reason: str) -> None:
        super().__init__(reason)
        self.rejection_type = rejection_type
        self.reason = reason


class Failure(Exception):
    """`variable_scope_key` is where setting variables may fix the problem (-1: the element)."""

    def __init__(self, error_type: ErrorType, message: str, variable_scope_key: int = -1) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.variable_scope_key = variable_scope_key
