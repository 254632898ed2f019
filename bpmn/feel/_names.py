"""Function names that contain spaces, some of them keywords (``date and time``, ``index of``).

The parser joins plain words into one name on its own (``string length``); these lists let it
read names whose words are keywords, matched only right before ``(``.
"""

from __future__ import annotations

from functools import cache

from ._builtins import BUILTINS

_KNOWN = (
    "date and time",
    "years and months duration",
    "days and time duration",
    "index of",
    "day of year",
    "day of week",
    "month of year",
    "week of year",
    "last day of month",
    "get or else",
    "is defined",
    "string length",
    "upper case",
    "lower case",
    "substring before",
    "substring after",
    "starts with",
    "ends with",
    "list contains",
    "insert before",
    "distinct values",
    "duplicate values",
    "string join",
    "get value",
    "get entries",
    "context put",
    "context merge",
    "met by",
    "overlaps before",
    "overlaps after",
    "finished by",
    "started by",
    "round up",
    "round down",
    "round half up",
    "round half down",
    "from json",
    "to json",
    "is empty",
    "to base64",
    "from base64",
    "random number",
    "extract",
)


@cache
def spaced_names() -> dict[str, tuple[tuple[str, ...], ...]]:
    """First word -> the names starting with it, as word tuples, longest first."""
    names = {name for name in _KNOWN if " " in name}
    names.update(name for name in BUILTINS if " " in name)
    table: dict[str, list[tuple[str, ...]]] = {}
    for name in names:
        words = tuple(name.split())
        table.setdefault(words[0], []).append(words)
    return {first: tuple(sorted(ws, key=len, reverse=True)) for first, ws in table.items()}
