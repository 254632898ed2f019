"""FEEL, the expression language of every condition, mapping and decision, as Zeebe evaluates it.

``compile(text)`` parses once and returns an ``Expression`` to evaluate many times;
``evaluate`` and ``unary_test`` are the cached one-shot forms. Problems feel-scala tolerates
yield null plus a ``Failure`` (``evaluate_with_failures``); text that doesn't parse raises
``FeelSyntaxError``; a hard evaluation error raises ``FeelEvaluationError``.
"""

from ._errors import Failure, FeelError, FeelEvaluationError, FeelSyntaxError
from ._expression import (
    Expression,
    UnaryTests,
    compile_unary_tests,
    evaluate,
    evaluate_with_failures,
    unary_test,
)
from ._expression import compile_expression as compile
from ._values import FeelFunction, FeelRange, YearsMonthsDuration

__all__ = [
    "Expression",
    "Failure",
    "FeelError",
    "FeelEvaluationError",
    "FeelFunction",
    "FeelRange",
    "FeelSyntaxError",
    "UnaryTests",
    "YearsMonthsDuration",
    "compile",
    "compile_unary_tests",
    "evaluate",
    "evaluate_with_failures",
    "unary_test",
]
