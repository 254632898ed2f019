"""FEEL equality (``=`` and ``!=``) between any two values.

Null equals only null. Values of different FEEL types are not comparable: the result is None
(feel-scala reports a failure and yields null). Numbers compare by value (int is accepted on
input and equals the same Decimal); lists and contexts compare element-wise, and there elements
that are not comparable are simply unequal (``[1] = [true]`` is false). Times are equal when
their local time and offset are (``11:00+02:00`` is not ``10:00+01:00``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ._values import FeelRange, YearsMonthsDuration


def feel_equal(a: Any, b: Any) -> bool | None:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b if isinstance(a, bool) and isinstance(b, bool) else None
    if isinstance(a, int | Decimal):
        return a == b if isinstance(b, int | Decimal) else None
    if isinstance(a, str):
        return a == b if isinstance(b, str) else None
    if isinstance(a, list):
        if not isinstance(b, list):
            return None
        if len(a) != len(b):
            return False
        return all(feel_equal(x, y) is True for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        if not isinstance(b, dict):
            return None
        if a.keys() != b.keys():
            return False
        return all(feel_equal(x, b[key]) is True for key, x in a.items())
    # datetime is a subclass of date: check it first so a date never equals a date and time.
    if isinstance(a, datetime.datetime):
        if not isinstance(b, datetime.datetime) or (a.tzinfo is None) != (b.tzinfo is None):
            return None
        return a == b
    if isinstance(a, datetime.date):
        if isinstance(b, datetime.datetime) or not isinstance(b, datetime.date):
            return None
        return a == b
    if isinstance(a, datetime.time):
        if not isinstance(b, datetime.time) or (a.tzinfo is None) != (b.tzinfo is None):
            return None
        return a.replace(tzinfo=None) == b.replace(tzinfo=None) and a.utcoffset() == b.utcoffset()
    if isinstance(a, datetime.timedelta | YearsMonthsDuration | FeelRange):
        return a == b if type(a) is type(b) else None
    return None
