"""FEEL's exceptions and the failures feel-scala reports next to a null result."""

from __future__ import annotations

from dataclasses import dataclass


class FeelError(Exception):
    """Root of every FEEL exception; nothing else may escape ``compile`` or ``evaluate``."""


class FeelSyntaxError(FeelError):
    """The text does not parse. ``position`` is the 0-based offset into the expression."""

    def __init__(self, message: str, expression: str, position: int) -> None:
        self.message = message
        self.expression = expression
        self.position = position
        super().__init__(f"{message} at position {position} of '{_shorten(expression)}'")


class FeelEvaluationError(FeelError):
    """Evaluation failed; ``failure`` says how, in feel-scala's vocabulary."""

    def __init__(self, failure_type: str, message: str) -> None:
        self.failure = Failure(failure_type, message)
        super().__init__(f"{failure_type}: {message}")


@dataclass(frozen=True, slots=True)
class Failure:
    """A problem feel-scala reports beside a null result.

    ``type`` is feel-scala's name (``NO_VARIABLE_FOUND``, ``NO_CONTEXT_ENTRY_FOUND``,
    ``FUNCTION_INVOCATION_FAILURE``, ``NOT_COMPARABLE``, ``INVALID_TYPE``, ...).
    """

    type: str
    message: str


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
