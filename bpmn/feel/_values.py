"""FEEL values that have no plain Python type, and the evaluation context built-ins see.

Value mapping (issue 3): null None, boolean bool, number Decimal, string str, list list,
context dict, date ``datetime.date``, time ``datetime.time``, date and time
``datetime.datetime``, days-time duration ``datetime.timedelta``, years-months duration
``YearsMonthsDuration``, range ``FeelRange``, function ``FeelFunction``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ._errors import Failure


@dataclass(frozen=True, slots=True, order=True)
class YearsMonthsDuration:
    """A years-and-months duration, held as a signed count of months."""

    months: int

    @property
    def years_part(self) -> int:
        return _trunc_div(self.months, 12)

    @property
    def months_part(self) -> int:
        return self.months - 12 * self.years_part

    def __str__(self) -> str:
        # feel-scala prints the zero duration as P0Y.
        sign = "-" if self.months < 0 else ""
        years, months = divmod(abs(self.months), 12)
        if years and months:
            return f"{sign}P{years}Y{months}M"
        if years or not months:
            return f"{sign}P{years}Y"
        return f"{sign}P{months}M"


def _trunc_div(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


@dataclass(frozen=True, slots=True)
class FeelRange:
    """An interval such as ``[1..10)`` or the open-ended ``> 5`` (``end`` None)."""

    start: Any
    end: Any
    start_included: bool
    end_included: bool


@dataclass(frozen=True, slots=True)
class FeelFunction:
    """A function value: user-defined (``function(a, b) a + b``) or a built-in taken as a value.

    ``invoke`` receives the evaluation context and the positional arguments, already evaluated.
    ``parameters`` names the parameters for named-argument calls; ``variadic`` means the last
    parameter collects the remaining positional arguments as a list.
    """

    parameters: tuple[str, ...]
    invoke: Callable[[EvalContext, Sequence[Any]], Any]
    variadic: bool = False
    name: str = "anonymous function"


@dataclass(slots=True)
class EvalContext:
    """What one evaluation carries besides variables.

    ``now`` is the instant ``now()`` and ``today()`` return: the engine passes the record's
    timestamp so evaluation stays deterministic. ``failures`` collects what feel-scala reports
    beside a null result.
    """

    now: datetime.datetime
    failures: list[Failure] = field(default_factory=list)

    def report(self, failure_type: str, message: str) -> None:
        self.failures.append(Failure(failure_type, message))
