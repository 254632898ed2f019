"""The BUILTINS table itself: shape, names, duplicates, and what is left out on purpose."""

from __future__ import annotations

import contextlib
import datetime
import inspect
import itertools
import random
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from bpmn.feel import FeelEvaluationError, FeelFunction, FeelRange, YearsMonthsDuration
from bpmn.feel._builtins import BUILTINS, Builtin
from bpmn.feel._builtins.__init__ import _merge
from bpmn.feel._temporal_parse import ZonedOffset
from bpmn.feel._values import EvalContext


def test_every_entry_is_a_tuple_of_builtins_named_like_its_key() -> None:
    for name, overloads in BUILTINS.items():
        assert isinstance(overloads, tuple) and overloads
        for builtin in overloads:
            assert isinstance(builtin, Builtin)
            assert builtin.name == name
            assert 0 <= builtin.optional <= len(builtin.parameters)


def test_impls_accept_the_declared_parameters() -> None:
    for overloads in BUILTINS.values():
        for builtin in overloads:
            signature = inspect.signature(builtin.impl)
            positional = [p for p in signature.parameters.values() if p.name != "ctx"]
            assert len(positional) == len(builtin.parameters), builtin
            defaults = [p for p in positional if p.default is not inspect.Parameter.empty]
            assert len(defaults) >= builtin.optional, builtin


def test_overloads_of_one_arity_share_an_impl() -> None:
    # A positional call may pick any of them, so they must behave the same.
    for overloads in BUILTINS.values():
        by_arity: dict[tuple[int, bool], set[object]] = {}
        for builtin in overloads:
            key = (len(builtin.parameters), builtin.variadic)
            by_arity.setdefault(key, set()).add(builtin.impl)
        assert all(len(impls) == 1 for impls in by_arity.values()), overloads


def test_names_feel_scala_documents_are_present() -> None:
    expected = {
        "date", "time", "date and time", "duration", "years and months duration", "number",
        "string", "context", "not", "is defined", "get or else", "assert", "substring",
        "string length", "upper case", "lower case", "substring before", "substring after",
        "replace", "contains", "starts with", "ends with", "matches", "split", "extract", "trim",
        "list contains", "count", "min", "max", "sum", "mean", "median", "stddev", "mode", "all",
        "any", "sublist", "append", "concatenate", "insert before", "remove", "reverse",
        "index of", "union", "distinct values", "duplicate values", "flatten", "product", "sort",
        "string join", "is empty", "partition", "decimal", "floor", "ceiling", "round up",
        "round down", "round half up", "round half down", "abs", "modulo", "sqrt", "log", "exp",
        "odd", "even", "get value", "get entries", "context put", "context merge", "before",
        "after", "meets", "met by", "overlaps", "overlaps before", "overlaps after", "finishes",
        "finished by", "includes", "during", "starts", "started by", "coincides", "day of year",
        "day of week", "month of year", "week of year", "now", "today", "last day of month",
        "is", "to json", "from json",
    }  # fmt: skip
    assert expected <= set(BUILTINS)


def test_random_functions_are_left_out_for_determinism() -> None:
    assert "random number" not in BUILTINS
    assert "uuid" not in BUILTINS


def test_an_accidental_duplicate_is_refused() -> None:
    def impl(ctx: object, a: object) -> object:
        return a

    family = [Builtin("x", ("a",), impl), Builtin("x", ("a",), impl)]
    with pytest.raises(RuntimeError, match="defined twice"):
        _merge(family)


def _samples() -> list[object]:
    paris = ZonedOffset("Europe/Paris", datetime.timedelta(hours=1))
    berlin = ZoneInfo("Europe/Berlin")
    return [
        None, True, False, D(0), D(-1), D("2.5"), D("1E+999999"), D("-1E-999999"), D("NaN"), 3,
        "", "abc", "2012-12-25", "P1D", "[a-z", "(a+)+", "$1", [], [D(1), D(2)], [None],
        ["a", "b"], [[D(1)]], {}, {"a": D(1)}, {"key": "a", "value": D(1)},
        datetime.date(2020, 1, 31), datetime.date(9999, 12, 31), datetime.date(1, 1, 1),
        datetime.time(1, 2), datetime.time(23, 59, tzinfo=datetime.UTC),
        datetime.time(1, tzinfo=paris), datetime.datetime(2020, 1, 1),
        datetime.datetime(2020, 3, 29, 2, 30, tzinfo=berlin),
        datetime.datetime(9999, 12, 31, 23, 59, tzinfo=datetime.UTC),
        datetime.timedelta(days=999_999_999), datetime.timedelta(0), -datetime.timedelta(hours=1),
        YearsMonthsDuration(0), YearsMonthsDuration(10**20),
        FeelRange(D(1), D(5), True, False), FeelRange(None, D(5), False, True),
        FeelRange("a", "z", True, True),
        FeelFunction(("a", "b"), lambda ctx, args: True),
        FeelFunction(("a",), lambda ctx, args: None),
    ]  # fmt: skip


def test_no_python_error_escapes_any_builtin() -> None:
    """Every overload with every pairing of odd values: a result or a FeelEvaluationError."""
    samples = _samples()
    pick = random.Random(7)
    ctx = EvalContext(datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    for overloads in BUILTINS.values():
        for builtin in overloads:
            size = len(builtin.parameters)
            if size <= 2:
                combos = list(itertools.product(samples, repeat=size))
            else:
                combos = [tuple(pick.choice(samples) for _ in range(size)) for _ in range(3000)]
            for args in combos:
                actual = (*args[:-1], [args[-1]]) if builtin.variadic else args
                with contextlib.suppress(FeelEvaluationError):
                    builtin.impl(ctx, *actual)
