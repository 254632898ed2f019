"""A bound on the work one evaluation may do.

FEEL has no loops that run forever, but ``for x in 1..1000000, y in 1..1000000`` or a function
calling itself twice per level would run for days. Every iteration of ``for``/``some``/
``every``/filters and every call of a user-defined function spends a step; past ``MAX_STEPS`` the
evaluation stops with an error rather than holding the caller (an engine partition) hostage.
"""

from __future__ import annotations

import datetime
from typing import Any

from ._errors import FeelEvaluationError
from ._values import EvalContext

MAX_STEPS = 4_000_000
CALL_STEPS = 4  # a function call costs about as much as four loop iterations


class BudgetedContext(EvalContext):
    """The context the public API evaluates with: an ``EvalContext`` that counts steps."""

    __slots__ = ("steps",)

    def __init__(self, now: datetime.datetime) -> None:
        # The fields of EvalContext, set directly: this runs once per evaluation.
        self.now = now
        self.failures = []
        self.steps = 0


def spend(c: Any, count: int) -> None:
    steps = getattr(c, "steps", None)
    if steps is None:  # a context built elsewhere: no budget to keep
        return
    steps += count
    if steps > MAX_STEPS:
        raise FeelEvaluationError(
            "EVALUATION_FAILURE",
            f"The evaluation was stopped after {MAX_STEPS:,} steps (iterations and calls)",
        )
    c.steps = steps
