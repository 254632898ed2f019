"""Evaluating compiled expressions against a scope's variables, and FEEL values as JSON.

Variables are read lazily: `ScopeVariables` looks a name up (nearest scope first) only when
the expression asks for it, and decodes each JSON value at most once.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

import bpmn.feel as feel

from ....records.enums import ErrorType
from ....state.variables import VariablesView
from ...deployment.executable import CompiledExpression
from ...errors import Failure

_MISSING = object()
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def instant(now_ms: int) -> datetime.datetime:
    """The record timestamp as FEEL's `now()`."""
    return _EPOCH + datetime.timedelta(milliseconds=now_ms)


def to_json_value(value: Any) -> Any:
    """A FEEL value as plain JSON data: whole numbers become ints, temporal values ISO text."""
    if value is None or isinstance(value, bool | str | int | float):
        return value
    if isinstance(value, Decimal):
        if value == value.to_integral_value() and abs(value) < 2**63:
            return int(value)
        return float(value)
    if isinstance(value, list | tuple):
        return [to_json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_json_value(item) for key, item in value.items()}
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return _duration(value)
    return str(value)


def _duration(delta: datetime.timedelta) -> str:
    sign = "-" if delta < datetime.timedelta(0) else ""
    delta = abs(delta)
    hours, rest = divmod(delta.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{sign}P{delta.days}D" if delta.days else f"{sign}P"
    clock = ""
    if hours:
        clock += f"{hours}H"
    if minutes:
        clock += f"{minutes}M"
    if seconds or delta.microseconds or not (delta.days or hours or minutes):
        fraction = f".{delta.microseconds:06d}".rstrip("0") if delta.microseconds else ""
        clock += f"{seconds}{fraction}S"
    return text + ("T" + clock if clock else "")


class ScopeVariables(Mapping[str, Any]):
    """The variables visible from `scope_key`, with `overlay` on top (looked up first)."""

    def __init__(
        self, variables: VariablesView, scope_key: int, overlay: Mapping[str, Any] | None = None
    ) -> None:
        self._variables = variables
        self._scope_key = scope_key
        self._overlay = overlay if overlay is not None else {}
        self._decoded: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name in self._overlay:
            return self._overlay[name]
        value = self._decoded.get(name, _MISSING)
        if value is _MISSING:
            found = self._variables.find(self._scope_key, name) if self._scope_key >= 0 else None
            if found is None:
                raise KeyError(name)
            value = found[1].decoded()
            self._decoded[name] = value
        return value

    def _names(self) -> set[str]:
        names = set(self._overlay)
        scope = self._scope_key
        while scope >= 0:
            names.update(name for name, _ in self._variables.local(scope))
            scope = self._variables.parent_of(scope)
        return names

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._names()))

    def __len__(self) -> int:
        return len(self._names())


class Expressions:
    """Evaluates compiled expressions; a FEEL evaluation error becomes a `Failure`."""

    def __init__(self, variables: VariablesView) -> None:
        self._variables = variables

    def scope(self, scope_key: int, overlay: Mapping[str, Any] | None = None) -> ScopeVariables:
        return ScopeVariables(self._variables, scope_key, overlay)

    def evaluate(
        self,
        expression: CompiledExpression,
        variables: Mapping[str, Any],
        now_ms: int,
        error_type: ErrorType = ErrorType.EXTRACT_VALUE_ERROR,
    ) -> Any:
        """The expression's value as plain JSON data (a static value stays a string)."""
        if expression.feel is None:
            return expression.static
        try:
            value = expression.feel.evaluate(variables, now=instant(now_ms))
        except feel.FeelError as error:
            raise Failure(
                error_type,
                f"Expected to evaluate expression '{expression.source}' of element "
                f"'{expression.element_id}', but {error}",
            ) from None
        return to_json_value(value)

    def evaluate_string(
        self, expression: CompiledExpression, variables: Mapping[str, Any], now_ms: int
    ) -> str:
        value = self.evaluate(expression, variables, now_ms)
        if not isinstance(value, str):
            raise Failure(
                ErrorType.EXTRACT_VALUE_ERROR,
                f"Expected result of the expression '{expression.source}' to be 'STRING', "
                f"but was '{_kind(value)}'",
            )
        return value

    def evaluate_int(
        self, expression: CompiledExpression, variables: Mapping[str, Any], now_ms: int
    ) -> int:
        value = self.evaluate(expression, variables, now_ms)
        if isinstance(value, str) and expression.feel is None and value.lstrip("-").isdigit():
            return int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            raise Failure(
                ErrorType.EXTRACT_VALUE_ERROR,
                f"Expected result of the expression '{expression.source}' to be 'NUMBER', "
                f"but was '{_kind(value)}'",
            )
        return value

    def evaluate_bool(
        self,
        expression: CompiledExpression,
        variables: Mapping[str, Any],
        now_ms: int,
        error_type: ErrorType = ErrorType.CONDITION_ERROR,
    ) -> bool:
        value = self.evaluate(expression, variables, now_ms, error_type)
        if not isinstance(value, bool):
            raise Failure(
                error_type,
                f"Expected result of the expression '{expression.source}' to be 'BOOLEAN', "
                f"but was '{_kind(value)}'",
            )
        return value

    def evaluate_list(
        self, expression: CompiledExpression, variables: Mapping[str, Any], now_ms: int
    ) -> list[Any]:
        value = self.evaluate(expression, variables, now_ms)
        if not isinstance(value, list):
            raise Failure(
                ErrorType.EXTRACT_VALUE_ERROR,
                f"Expected result of the expression '{expression.source}' to be 'ARRAY', "
                f"but was '{_kind(value)}'",
            )
        return value


def _kind(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "BOOLEAN"
    if isinstance(value, int | float):
        return "NUMBER"
    if isinstance(value, str):
        return "STRING"
    if isinstance(value, list):
        return "ARRAY"
    if isinstance(value, dict):
        return "OBJECT"
    return type(value).__name__.upper()
