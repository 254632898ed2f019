"""String functions. Positions count code points from 1; negative positions count from the end.

``uuid()`` is left out on purpose: it is random, and evaluation in the engine must be
deterministic (replay re-evaluates expressions).
"""

from __future__ import annotations

import base64
import binascii
from decimal import Decimal

from .._values import EvalContext
from . import _regex
from ._base import Builtin, fail, integer, string


def _start(text: str, position: object) -> int:
    index = integer(position)
    return index - 1 if index > 0 else max(len(text) + index, 0)


def substring(ctx: EvalContext, text: object, start: object, length: object = None) -> str:
    value = string(text)
    first = _start(value, start)
    if length is None:
        return value[first:]
    count = integer(length)
    if count < 0:
        fail(f"length must not be negative but was '{count}'")
    return value[first : first + count]


def string_length(ctx: EvalContext, text: object) -> object:
    return Decimal(len(string(text)))


def upper_case(ctx: EvalContext, text: object) -> str:
    return string(text).upper()


def lower_case(ctx: EvalContext, text: object) -> str:
    return string(text).lower()


def substring_before(ctx: EvalContext, text: object, match: object) -> str:
    value, found = string(text), string(match)
    index = value.find(found)
    return value[:index] if index > 0 else ""


def substring_after(ctx: EvalContext, text: object, match: object) -> str:
    value, found = string(text), string(match)
    index = value.find(found)
    return value[index + len(found) :] if index >= 0 else ""


def replace(
    ctx: EvalContext, text: object, pattern: object, replacement: object, flags: object = None
) -> str:
    return _regex.replace(
        string(text), string(pattern), string(replacement), "" if flags is None else string(flags)
    )


def contains(ctx: EvalContext, text: object, match: object) -> bool:
    return string(match) in string(text)


def starts_with(ctx: EvalContext, text: object, match: object) -> bool:
    return string(text).startswith(string(match))


def ends_with(ctx: EvalContext, text: object, match: object) -> bool:
    return string(text).endswith(string(match))


def matches(ctx: EvalContext, text: object, pattern: object, flags: object = None) -> bool:
    compiled = _regex.compile_pattern(string(pattern), "" if flags is None else string(flags))
    return compiled.search(_regex.check_input(string(text))) is not None


def split(ctx: EvalContext, text: object, delimiter: object) -> list[str]:
    return _regex.split(string(text), string(delimiter))


def extract(ctx: EvalContext, text: object, pattern: object) -> list[str]:
    compiled = _regex.compile_pattern(string(pattern))
    return [match.group(0) for match in compiled.finditer(_regex.check_input(string(text)))]


def trim(ctx: EvalContext, text: object) -> str:
    return string(text).strip()


def is_blank(ctx: EvalContext, text: object) -> bool:
    return not string(text).strip()


def to_base64(ctx: EvalContext, value: object) -> str:
    return base64.b64encode(string(value).encode("utf-8")).decode("ascii")


def from_base64(ctx: EvalContext, value: object) -> str:
    text = string(value)
    try:
        return base64.b64decode(text.encode("ascii"), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        shown = text if len(text) <= 100 else text[:100] + "..."
        fail(f"Invalid Base64 value '{shown}'")


BUILTINS = [
    Builtin("substring", ("string", "start position", "length"), substring, optional=1),
    Builtin("string length", ("string",), string_length),
    Builtin("upper case", ("string",), upper_case),
    Builtin("lower case", ("string",), lower_case),
    Builtin("substring before", ("string", "match"), substring_before),
    Builtin("substring after", ("string", "match"), substring_after),
    Builtin("replace", ("input", "pattern", "replacement", "flags"), replace, optional=1),
    Builtin("contains", ("string", "match"), contains),
    Builtin("starts with", ("string", "match"), starts_with),
    Builtin("ends with", ("string", "match"), ends_with),
    Builtin("matches", ("input", "pattern", "flags"), matches, optional=1),
    Builtin("split", ("string", "delimiter"), split),
    Builtin("extract", ("input", "pattern"), extract),
    Builtin("trim", ("string",), trim),
    Builtin("is blank", ("string",), is_blank),
    Builtin("to base64", ("value",), to_base64),
    Builtin("from base64", ("value",), from_base64),
]
