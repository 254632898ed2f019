"""Variables per scope, and the scope tree they are looked up through.

Columns:

- VARIABLES: u64 scope key, text name -> u64 variable key, then the value's JSON text (UTF-8)
- VARIABLE_SCOPE_PARENT: u64 scope key -> u64 parent scope key (absent for a root scope)

Values stay encoded until someone reads them: the JSON text from a VARIABLE record goes into
state as is, and a document of several variables is spliced from the stored texts without
parsing them. Lookups walk from a scope to its parents; the nearest definition wins.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any, NamedTuple, Protocol

import msgspec

from .columns import Column
from .encoding import read_text, read_u64, text, u64
from .kv import KeyValueAccess


class Variable(NamedTuple):
    key: int  # the VARIABLE records' key: stays the same across updates
    value: bytes  # JSON text

    def decoded(self) -> Any:
        return msgspec.json.decode(self.value)


class VariablesView(Protocol):
    def get(self, scope_key: int, name: str) -> Variable | None:
        """The variable defined in `scope_key` itself (not in its parents)."""
        ...

    def find(self, scope_key: int, name: str) -> tuple[int, Variable] | None:
        """The nearest definition of `name` from `scope_key` up: (defining scope, variable)."""
        ...

    def local(self, scope_key: int) -> Iterator[tuple[str, Variable]]:
        """The variables defined in `scope_key`, by name in ascending order."""
        ...

    def parent_of(self, scope_key: int) -> int:
        """The enclosing scope of `scope_key`, -1 for a root scope."""
        ...

    def document(self, scope_key: int, names: Collection[str] | None = None) -> bytes:
        """The variables visible from `scope_key` (all, or only `names`) as a JSON object."""
        ...


def _variable(stored: bytes) -> Variable:
    return Variable(read_u64(stored)[0], stored[8:])


class Variables:
    """Variables over the KV; only VARIABLE and element lifecycle appliers call the writes."""

    def __init__(self, kv: KeyValueAccess) -> None:
        self._kv = kv

    def get(self, scope_key: int, name: str) -> Variable | None:
        stored = self._kv.get(Column.VARIABLES.key(u64(scope_key), text(name)))
        return None if stored is None else _variable(stored)

    def find(self, scope_key: int, name: str) -> tuple[int, Variable] | None:
        scope = scope_key
        while scope >= 0:
            variable = self.get(scope, name)
            if variable is not None:
                return scope, variable
            scope = self.parent_of(scope)
        return None

    def local(self, scope_key: int) -> Iterator[tuple[str, Variable]]:
        prefix = Column.VARIABLES.key(u64(scope_key))
        for db_key, stored in self._kv.scan(prefix):
            yield read_text(db_key, len(prefix))[0], _variable(stored)

    def parent_of(self, scope_key: int) -> int:
        stored = self._kv.get(Column.VARIABLE_SCOPE_PARENT.key(u64(scope_key)))
        return -1 if stored is None else read_u64(stored)[0]

    def document(self, scope_key: int, names: Collection[str] | None = None) -> bytes:
        visible: dict[str, bytes] = {}
        scope = scope_key
        while scope >= 0:
            if names is None:
                for name, variable in self.local(scope):
                    visible.setdefault(name, variable.value)
            else:
                for name in names:
                    if name not in visible and (found := self.get(scope, name)) is not None:
                        visible[name] = found.value
            scope = self.parent_of(scope)
        members = (msgspec.json.encode(name) + b":" + value for name, value in visible.items())
        return b"{" + b",".join(members) + b"}"

    def put(self, scope_key: int, name: str, key: int, value: bytes) -> None:
        """Create or update a variable (VARIABLE CREATED / UPDATED); `value` is JSON text."""
        self._kv.put(Column.VARIABLES.key(u64(scope_key), text(name)), u64(key) + value)

    def set_parent(self, scope_key: int, parent_key: int) -> None:
        """Link a new scope under `parent_key` (when the element instance is activated)."""
        if parent_key >= 0:
            self._kv.put(Column.VARIABLE_SCOPE_PARENT.key(u64(scope_key)), u64(parent_key))

    def remove_scope(self, scope_key: int) -> None:
        """Drop a finished scope's variables and its parent link."""
        for db_key, _ in self._kv.scan(Column.VARIABLES.key(u64(scope_key))):
            self._kv.delete(db_key)
        self._kv.delete(Column.VARIABLE_SCOPE_PARENT.key(u64(scope_key)))
