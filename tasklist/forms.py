"""form-js schemas on the server: finding a task's form, and validating what the browser
sent against it (the browser validates too, but the server never trusts it).

The checks follow what form-js declares per field: `validate.required`, `min`/`max` for
numbers, `minLength`/`maxLength`/`pattern` and `validationType` (email, phone) for text,
option values for radio/select/checklist/taglist when the options are static. Dotted keys
(`applicant.name`) address nested objects, as form-js submits them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from typing import Any

# Fields that submit a value, and the Python types each accepts.
_TEXT = ("textfield", "textarea", "datetime")
_VALUE_TYPES: dict[str, tuple[type, ...]] = {
    "textfield": (str,),
    "textarea": (str,),
    "datetime": (str,),
    "number": (int, float, str),  # form-js may submit a string when serializeToString is set
    "checkbox": (bool,),
    "radio": (str, int, float, bool),
    "select": (str, int, float, bool),
    "checklist": (list,),
    "taglist": (list,),
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()./-]{5,}$")
MAX_PATTERN = 500
# A quantified group that itself holds a quantifier or an alternation ("(a+)+", "(a|aa)*"):
# the shapes that backtrack exponentially. Such patterns are left to the browser's check, so
# a long answer can never pin a server thread.
_RISKY = re.compile(r"\((?:[^()\\]|\\.)*(?:[+*}|])(?:[^()\\]|\\.)*\)\s*[+*{]")


def fields(schema: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """Every component that submits a value, groups and nested containers flattened."""
    for component in schema.get("components", ()) or ():
        if not isinstance(component, Mapping):
            continue
        kind = component.get("type")
        if kind in ("group", "dynamiclist"):
            if kind == "group":
                yield from fields(component)
            continue  # dynamic lists: each item is validated by the browser only
        if kind in _VALUE_TYPES and isinstance(component.get("key"), str):
            yield component


def _lookup(data: Mapping[str, Any], path: str) -> tuple[bool, Any]:
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return False, None
        node = node[part]
    return True, node


def _options(component: Mapping[str, Any]) -> set[Any] | None:
    values = component.get("values")
    if not isinstance(values, list):
        return None  # options from an expression or an input variable: not checkable here
    return {v.get("value") for v in values if isinstance(v, Mapping)}


def _check(component: Mapping[str, Any], present: bool, value: Any) -> str | None:
    kind = component["type"]
    rules = component.get("validate") or {}
    label = component.get("label") or component["key"]
    empty = (
        not present
        or value is None
        or value == ""
        or value == []
        or (kind == "checkbox" and value is False and rules.get("required"))
    )
    if empty:
        return f"{label} is required." if rules.get("required") else None
    if not isinstance(value, _VALUE_TYPES[kind]) or (isinstance(value, bool) and kind == "number"):
        return f"{label} has the wrong type of value."
    if kind == "number":
        try:
            number = float(value)  # type: ignore[arg-type]  # checked: int, float or str
        except ValueError:
            return f"{label} must be a number."
        if not math.isfinite(number):
            return f"{label} must be a number."
        if isinstance(rules.get("min"), int | float) and number < rules["min"]:
            return f"{label} must be at least {rules['min']}."
        if isinstance(rules.get("max"), int | float) and number > rules["max"]:
            return f"{label} must be at most {rules['max']}."
    if kind in _TEXT:
        text = str(value)
        if isinstance(rules.get("minLength"), int) and len(text) < rules["minLength"]:
            return f"{label} must have at least {rules['minLength']} characters."
        if isinstance(rules.get("maxLength"), int) and len(text) > rules["maxLength"]:
            return f"{label} must have at most {rules['maxLength']} characters."
        pattern = rules.get("pattern")
        if (
            isinstance(pattern, str)
            and pattern
            and len(pattern) <= MAX_PATTERN
            and not _RISKY.search(pattern)
        ):
            try:
                if not re.fullmatch(pattern, text):
                    return f"{label} must match the pattern {pattern}."
            except re.error:
                pass  # a pattern Python cannot read: the browser's check stands
        kind_rule = rules.get("validationType")
        if kind_rule == "email" and not _EMAIL.match(text):
            return f"{label} must be an email address."
        if kind_rule == "phone" and not _PHONE.match(text):
            return f"{label} must be a phone number."
    options = _options(component)
    if options is not None:
        chosen = value if isinstance(value, list) else [value]
        if any(v not in options for v in chosen):
            return f"{label} must be one of the offered options."
    return None


def validate(schema: Mapping[str, Any], data: Mapping[str, Any]) -> dict[str, str]:
    """Problems by field key (empty when `data` is acceptable)."""
    problems: dict[str, str] = {}
    for component in fields(schema):
        if component.get("disabled") or component.get("readonly") is True:
            continue
        present, value = _lookup(data, component["key"])
        problem = _check(component, present, value)
        if problem:
            problems[component["key"]] = problem
    return problems


def submitted(schema: Mapping[str, Any], data: Mapping[str, Any]) -> dict[str, Any]:
    """Only the values the form declares (nothing else the browser might add)."""
    out: dict[str, Any] = {}
    for component in fields(schema):
        if component.get("disabled") or component.get("readonly") is True:
            continue
        present, value = _lookup(data, component["key"])
        if not present:
            continue
        if component["type"] == "number" and isinstance(value, str) and value:
            value = float(value) if "." in value else int(value)
        node = out
        parts = component["key"].split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out
