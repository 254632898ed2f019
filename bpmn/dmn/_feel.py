"""The seam between DMN and FEEL: compile once at parse time, call cheaply per evaluation.

DMN cells are mostly constants (``"gold"``, ``0.15``) and dashes, so this module spends a little
parse time to make those cheap at evaluation: a ``-`` input entry is marked so the rule index
leaves it out, an input entry of literals is matched without FEEL (``_literal_tests``), and an
output entry that is a plain literal is evaluated once, here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .. import feel
from ._literal_tests import literal_test
from ._model import FeelExpression, FeelUnaryTests

# Literals whose value cannot depend on variables or "now": strings without escapes, numbers,
# booleans and null. Anything else is evaluated per call.
_CONSTANT = re.compile(r'"[^"\\]*"|-?\d+(\.\d+)?|true|false|null')

_NO_VARIABLES: Mapping[str, Any] = {}

FeelError = feel.FeelError
FeelSyntaxError = feel.FeelSyntaxError


def compile_expression(text: str) -> FeelExpression:
    """Compile a FEEL expression; raises ``feel.FeelSyntaxError``."""
    compiled = feel.compile(text)
    if _CONSTANT.fullmatch(text):
        value = compiled.evaluate(_NO_VARIABLES)

        def constant(variables: Mapping[str, Any], now: Any) -> Any:
            return value

        return FeelExpression(text, constant, is_constant=True, value=value)

    evaluate_compiled = compiled.evaluate

    def evaluate(variables: Mapping[str, Any], now: Any) -> Any:
        return evaluate_compiled(variables, now=now)

    return FeelExpression(text, evaluate)


def compile_unary_tests(text: str) -> FeelUnaryTests:
    """Compile FEEL unary tests (an input entry); empty text and ``-`` match anything."""
    if text in ("", "-"):
        return FeelUnaryTests(text or "-", _matches_anything, matches_all=True)
    compiled = feel.compile_unary_tests(text)
    fast = literal_test(text)
    if fast is not None:
        return FeelUnaryTests(text, fast)
    evaluate = compiled.evaluate

    def test(value: Any, variables: Mapping[str, Any], now: Any) -> bool | None:
        return evaluate(value, variables, now=now)

    return FeelUnaryTests(text, test)


def _matches_anything(value: Any, variables: Mapping[str, Any], now: Any) -> bool:
    return True


def constant_values(text: str) -> tuple[Any, ...] | None:
    """The values of a list of literals such as ``"high","medium","low"``, else None.

    Used for output values, whose order ranks rules under PRIORITY and OUTPUT ORDER.
    """
    values = []
    for item in split_top_level(text):
        if not _CONSTANT.fullmatch(item):
            return None
        values.append(feel.compile(item).evaluate(_NO_VARIABLES))
    return tuple(values)


def split_top_level(text: str) -> list[str]:
    """Split ``text`` at the commas outside strings and brackets, stripping each part."""
    parts: list[str] = []
    depth = 0
    start = 0
    in_string = False
    i = 0
    while i < len(text):
        char = text[i]
        if in_string:
            if char == "\\":
                i += 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
        i += 1
    parts.append(text[start:].strip())
    return [part for part in parts if part]
