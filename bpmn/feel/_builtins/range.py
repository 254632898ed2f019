"""Range functions (DMN 1.3 table 78): points and ranges of numbers, dates, times, durations.

Each function name has overloads for every point/range pairing; they differ only in parameter
names (``before(point1, point2)``, ``before(range1, range2)``) and share one impl that
dispatches on the argument types. An open end (``> 5`` has no end) is treated as unbounded.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from .._values import EvalContext, FeelRange, YearsMonthsDuration
from ._base import Builtin, fail, is_number, order, type_name

_POINT_TYPES = (
    datetime.date,
    datetime.time,
    datetime.timedelta,
    YearsMonthsDuration,
)


def _is_point(value: object) -> bool:
    return is_number(value) or isinstance(value, _POINT_TYPES)


def _order(a: object, b: object) -> int:
    result = order(a, b)
    if result is None:
        fail(f"'{type_name(a)}' and '{type_name(b)}' are not comparable")
    return result


def _cmp(a: object, b: object, a_is_start: bool, b_is_start: bool) -> int:
    """Compare endpoints; an open start (None) is below everything, an open end above."""
    if a is None or b is None:
        if a is None and b is None:
            return 0 if a_is_start == b_is_start else (-1 if a_is_start else 1)
        if a is None:
            return -1 if a_is_start else 1
        return 1 if b_is_start else -1
    return _order(a, b)


class _Span:
    """A point or a range as start/end with inclusion flags (a point is [p..p])."""

    def __init__(self, value: object) -> None:
        if isinstance(value, FeelRange):
            self.start, self.end = value.start, value.end
            self.start_in, self.end_in = value.start_included, value.end_included
            self.is_range = True
        elif _is_point(value):
            self.start = self.end = value
            self.start_in = self.end_in = True
            self.is_range = False
        else:
            fail(f"expected a point or a range but found '{type_name(value)}'")


def _lt(a: object, b: object, a_start: bool, b_start: bool) -> bool:
    return _cmp(a, b, a_start, b_start) < 0


def _eq(a: object, b: object, a_start: bool, b_start: bool) -> bool:
    return _cmp(a, b, a_start, b_start) == 0


def _spans(a: object, b: object) -> tuple[_Span, _Span]:
    return _Span(a), _Span(b)


def before(ctx: EvalContext, a: object, b: object) -> bool:
    x, y = _spans(a, b)
    return _lt(x.end, y.start, False, True) or (
        _eq(x.end, y.start, False, True) and not (x.end_in and y.start_in)
    )


def after(ctx: EvalContext, a: object, b: object) -> bool:
    return before(ctx, b, a)


def _ranges(a: object, b: object) -> tuple[_Span, _Span]:
    x, y = _spans(a, b)
    if not (x.is_range and y.is_range):
        fail(f"expected two ranges but found '{type_name(a)}' and '{type_name(b)}'")
    return x, y


def meets(ctx: EvalContext, a: object, b: object) -> bool:
    x, y = _ranges(a, b)
    return x.end_in and y.start_in and _eq(x.end, y.start, False, True)


def met_by(ctx: EvalContext, a: object, b: object) -> bool:
    return meets(ctx, b, a)


def overlaps(ctx: EvalContext, a: object, b: object) -> bool:
    x, y = _ranges(a, b)
    ends_after_start = _lt(y.start, x.end, True, False) or (
        _eq(x.end, y.start, False, True) and x.end_in and y.start_in
    )
    starts_before_end = _lt(x.start, y.end, True, False) or (
        _eq(x.start, y.end, True, False) and x.start_in and y.end_in
    )
    return ends_after_start and starts_before_end


def overlaps_before(ctx: EvalContext, a: object, b: object) -> bool:
    x, y = _ranges(a, b)
    starts_first = _lt(x.start, y.start, True, True) or (
        _eq(x.start, y.start, True, True) and x.start_in and not y.start_in
    )
    reaches_b = _lt(y.start, x.end, True, False) or (
        _eq(x.end, y.start, False, True) and x.end_in and y.start_in
    )
    ends_within = _lt(x.end, y.end, False, False) or (
        _eq(x.end, y.end, False, False) and (not x.end_in or y.end_in)
    )
    return starts_first and reaches_b and ends_within


def overlaps_after(ctx: EvalContext, a: object, b: object) -> bool:
    return overlaps_before(ctx, b, a)


def finishes(ctx: EvalContext, a: object, b: object) -> bool:
    x, y = _spans(a, b)
    if not y.is_range:
        fail(f"expected a range as second argument but found '{type_name(b)}'")
    if not x.is_range:
        return y.end_in and _eq(y.end, x.start, False, True)
    return (
        x.end_in == y.end_in
        and _eq(x.end, y.end, False, False)
        and (
            _lt(y.start, x.start, True, True)
            or (_eq(x.start, y.start, True, True) and (not x.start_in or y.start_in))
        )
    )


def finished_by(ctx: EvalContext, a: object, b: object) -> bool:
    return finishes(ctx, b, a)


def includes(ctx: EvalContext, a: object, b: object) -> bool:
    x, y = _spans(a, b)
    if not x.is_range:
        fail(f"expected a range as first argument but found '{type_name(a)}'")
    if not y.is_range:
        point = y.start
        return (
            (_lt(x.start, point, True, True) and _lt(point, x.end, True, False))
            or (_eq(x.start, point, True, True) and x.start_in)
            or (_eq(x.end, point, False, True) and x.end_in)
        )
    return (
        _lt(x.start, y.start, True, True)
        or (_eq(x.start, y.start, True, True) and (x.start_in or not y.start_in))
    ) and (
        _lt(y.end, x.end, False, False)
        or (_eq(x.end, y.end, False, False) and (x.end_in or not y.end_in))
    )


def during(ctx: EvalContext, a: object, b: object) -> bool:
    return includes(ctx, b, a)


def starts(ctx: EvalContext, a: object, b: object) -> bool:
    x, y = _spans(a, b)
    if not y.is_range:
        fail(f"expected a range as second argument but found '{type_name(b)}'")
    if not x.is_range:
        return y.start_in and _eq(y.start, x.start, True, True)
    return (
        _eq(x.start, y.start, True, True)
        and x.start_in == y.start_in
        and (
            _lt(x.end, y.end, False, False)
            or (_eq(x.end, y.end, False, False) and (not x.end_in or y.end_in))
        )
    )


def started_by(ctx: EvalContext, a: object, b: object) -> bool:
    return starts(ctx, b, a)


def coincides(ctx: EvalContext, a: object, b: object) -> bool:
    x, y = _spans(a, b)
    if x.is_range != y.is_range:
        fail(f"expected two points or two ranges but found '{type_name(a)}' and '{type_name(b)}'")
    return (
        _eq(x.start, y.start, True, True)
        and x.start_in == y.start_in
        and _eq(x.end, y.end, False, False)
        and x.end_in == y.end_in
    )


_PAIRS = {
    "point/point": ("point1", "point2"),
    "point/range": ("point", "range"),
    "range/point": ("range", "point"),
    "range/range": ("range1", "range2"),
}


def _overloads(name: str, impl: Callable[..., bool], *pairs: str) -> list[Builtin]:
    return [Builtin(name, _PAIRS[pair], impl) for pair in pairs]


_ALL = ("point/point", "point/range", "range/point", "range/range")

BUILTINS = [
    *_overloads("before", before, *_ALL),
    *_overloads("after", after, *_ALL),
    *_overloads("meets", meets, "range/range"),
    *_overloads("met by", met_by, "range/range"),
    *_overloads("overlaps", overlaps, "range/range"),
    *_overloads("overlaps before", overlaps_before, "range/range"),
    *_overloads("overlaps after", overlaps_after, "range/range"),
    *_overloads("finishes", finishes, "point/range", "range/range"),
    *_overloads("finished by", finished_by, "range/point", "range/range"),
    *_overloads("includes", includes, "range/point", "range/range"),
    *_overloads("during", during, "point/range", "range/range"),
    *_overloads("starts", starts, "point/range", "range/range"),
    *_overloads("started by", started_by, "range/point", "range/range"),
    *_overloads("coincides", coincides, "point/point", "range/range"),
]
