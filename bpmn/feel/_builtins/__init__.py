"""FEEL's built-in functions, by name: ``BUILTINS["string length"]`` is a tuple of overloads.

Each family module ends with a ``BUILTINS`` list; they are merged here, and a second overload
with the same name and parameter names is refused at import (an accidental duplicate).
See ``_base`` for the calling convention.

Left out on purpose: ``random number()`` and ``uuid()``, whose results are random while the
engine's evaluation must be deterministic. Beyond feel-scala, DMN's ``is`` and ``list replace``
are present (a call feel-scala would answer with "no function found" gets a result instead).
"""

from __future__ import annotations

from ._base import Builtin
from .boolean import BUILTINS as _BOOLEAN
from .context import BUILTINS as _CONTEXT
from .conversion import BUILTINS as _CONVERSION
from .list import BUILTINS as _LIST
from .numeric import BUILTINS as _NUMERIC
from .range import BUILTINS as _RANGE
from .string import BUILTINS as _STRING
from .temporal import BUILTINS as _TEMPORAL


def _merge(*families: list[Builtin]) -> dict[str, tuple[Builtin, ...]]:
    table: dict[str, tuple[Builtin, ...]] = {}
    seen: set[tuple[str, tuple[str, ...], bool]] = set()
    for family in families:
        for builtin in family:
            signature = (builtin.name, builtin.parameters, builtin.variadic)
            if signature in seen:
                raise RuntimeError(f"built-in {builtin.name}{builtin.parameters} defined twice")
            seen.add(signature)
            table[builtin.name] = (*table.get(builtin.name, ()), builtin)
    return table


BUILTINS: dict[str, tuple[Builtin, ...]] = _merge(
    _CONVERSION,
    _BOOLEAN,
    _STRING,
    _LIST,
    _NUMERIC,
    _CONTEXT,
    _RANGE,
    _TEMPORAL,
)

__all__ = ["BUILTINS", "Builtin"]
