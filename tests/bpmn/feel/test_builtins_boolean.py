"""Boolean built-ins and feel-scala's null helpers."""

from __future__ import annotations

import datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from bpmn import feel
from bpmn.feel import FeelEvaluationError
from tests.bpmn.feel.builtin_calls import NOW, call


def test_not_is_three_valued() -> None:
    assert call("not", True) is False
    assert call("not", False) is True
    assert call("not", None) is None
    assert call("not", D(1)) is None


def test_is_defined_and_get_or_else() -> None:
    assert call("is defined", D(1)) is True
    assert call("is defined", []) is True
    assert call("is defined", None) is False
    assert call("get or else", None, "default") == "default"
    assert call("get or else", D(3), D(1)) == D(3)
    assert call("get or else", None, None) is None


def test_assert_returns_the_value_or_raises_an_assertion_failure() -> None:
    assert call("assert", D(4), True) == D(4)
    with pytest.raises(FeelEvaluationError) as raised:
        call("assert", D(4), False)
    assert raised.value.failure.type == "ASSERTION_FAILURE"
    assert raised.value.failure.message == "The condition is not fulfilled"
    with pytest.raises(FeelEvaluationError) as raised:
        call("assert", None, None, "The condition is not true")
    assert raised.value.failure.message == "The condition is not true"


def test_is_compares_type_value_and_zone() -> None:
    assert call("is", D(1), D("1.0")) is True
    assert call("is", D(1), "1") is False
    assert call("is", datetime.date(2020, 1, 1), datetime.datetime(2020, 1, 1)) is False
    utc = datetime.datetime(2020, 1, 1, 12, tzinfo=datetime.UTC)
    assert call("is", utc, utc.astimezone(ZoneInfo("Europe/Berlin"))) is False
    assert call("is", utc, utc) is True


def test_through_evaluate() -> None:
    assert feel.evaluate("is defined(missing)", now=NOW) is False
    assert feel.evaluate("get or else(value: null, default: 1)", now=NOW) == D(1)
    with pytest.raises(FeelEvaluationError):
        feel.evaluate("assert(x, x > 5)", {"x": D(4)}, now=NOW)
