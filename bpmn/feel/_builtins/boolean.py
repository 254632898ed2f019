"""Boolean functions, and feel-scala's null helpers ``is defined``, ``get or else``, ``assert``."""

from __future__ import annotations

import datetime
from typing import Any

from .._equality import feel_equal
from .._errors import FeelEvaluationError
from .._values import EvalContext
from ._base import Builtin, string, type_name


def negate(ctx: EvalContext, negand: object) -> bool | None:
    return not negand if isinstance(negand, bool) else None


def is_defined(ctx: EvalContext, value: object) -> bool:
    # A missing variable or context entry evaluates to null (with a failure reported), so
    # "defined" is "not null", as feel-scala 1.17+ answers is defined(null).
    return value is not None


def get_or_else(ctx: EvalContext, value: object, default: object) -> Any:
    return default if value is None else value


def assert_that(ctx: EvalContext, value: object, condition: object, cause: object = None) -> Any:
    if condition is True:
        return value
    message = string(cause) if cause is not None else "The condition is not fulfilled"
    raise FeelEvaluationError("ASSERTION_FAILURE", message)


def _zone_of(value: datetime.time | datetime.datetime) -> object:
    return getattr(value.tzinfo, "key", None) or value.utcoffset()


def is_same(ctx: EvalContext, value1: object, value2: object) -> bool:
    """DMN's ``is``: same type and equal; date-times and times must also share their zone."""
    if type_name(value1) != type_name(value2):
        return False
    clocks = datetime.datetime | datetime.time
    if isinstance(value1, clocks) and _zone_of(value1) != _zone_of(value2):  # type: ignore[arg-type]
        return False
    return feel_equal(value1, value2) is True


BUILTINS = [
    Builtin("not", ("negand",), negate),
    Builtin("is defined", ("value",), is_defined),
    Builtin("get or else", ("value", "default"), get_or_else),
    Builtin("assert", ("value", "condition", "cause"), assert_that, optional=1),
    Builtin("is", ("value1", "value2"), is_same),
]
