"""Walking the model for every ``Expression`` in it, so the FEEL compiler can check them all at
deploy time and name the element, attribute and line of a broken one."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping

from ._extensions import Expression
from ._roots import Error, Escalation, Message, Signal

_ROOTS = (Message, Signal, Error, Escalation)


def expressions_in(value: object, *, roots: bool = False) -> Iterator[Expression]:
    """Every ``Expression`` reachable from ``value`` (a model value, tuple or mapping), in
    field order. Root elements (messages, signals, errors, escalations) that an element refers
    to are skipped unless ``value`` is one, so each expression is found once, where it is
    written."""
    if isinstance(value, Expression):
        yield value
    elif isinstance(value, _ROOTS) and not roots:
        return
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from expressions_in(getattr(value, field.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from expressions_in(item)
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from expressions_in(item)
