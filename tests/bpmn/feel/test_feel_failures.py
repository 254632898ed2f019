"""What evaluation reports beside a null result, and what raises: feel-scala's failure types."""

from __future__ import annotations

import pytest

from bpmn import feel
from bpmn.feel import Failure, FeelEvaluationError


def failures(text: str, **variables: object) -> tuple[object, list[Failure]]:
    return feel.evaluate_with_failures(text, variables)


def test_missing_variable_is_null_with_a_failure() -> None:
    value, found = failures("x + 1")
    assert value is None
    assert found == [Failure("NO_VARIABLE_FOUND", "No variable found with name 'x'")]


def test_missing_variable_still_compares_equal_to_null() -> None:
    value, found = failures("x = null")
    assert value is True
    assert [f.type for f in found] == ["NO_VARIABLE_FOUND"]


def test_missing_context_entry_names_the_available_keys() -> None:
    assert failures("{x: 1, y: 2}.z") == (
        None,
        [
            Failure(
                "NO_CONTEXT_ENTRY_FOUND",
                "No context entry found with key 'z'. Available keys: 'x', 'y'",
            )
        ],
    )
    assert failures("{}.x")[1][0].message.endswith("The context is empty")
    value, found = failures("{a: 1}.b.c")
    assert value is None
    assert [f.message for f in found] == [
        "No context entry found with key 'b'. Available keys: 'a'",
        "No context entry found with key 'c'. The context is null",
    ]


@pytest.mark.parametrize(
    ("text", "failure"),
    [
        ("true < 2", Failure("NOT_COMPARABLE", "Can't compare 'true' with '2'")),
        ('1 = "a"', Failure("NOT_COMPARABLE", "Can't compare '1' with '\"a\"'")),
        ("2 + true", Failure("INVALID_TYPE", "Can't add 'true' to '2'")),
        ("if 5 then 1 else 2", Failure("INVALID_TYPE", "Expected boolean but found '5'")),
        ("true and 2", Failure("INVALID_TYPE", "Expected boolean but found '2'")),
        ("for x in 2 return x", Failure("INVALID_TYPE", "Expected list but found '2'")),
        ("x[1]", Failure("INVALID_TYPE", "Expected list but found 'null'")),
        ("f()", Failure("NO_FUNCTION_FOUND", "No function found with name 'f' and 0 parameters")),
    ],
)
def test_failure_types_and_messages(text: str, failure: Failure) -> None:
    assert failure in failures(text)[1]


def test_builtin_failure_is_prefixed_with_the_function_name() -> None:
    value, found = failures('number("x")')
    assert value is None
    assert found[0].type == "FUNCTION_INVOCATION_FAILURE"
    assert found[0].message.startswith("Failed to invoke function 'number': ")


def test_assert_failure_is_an_error() -> None:
    assert feel.evaluate("assert(x, x > 3)", {"x": 4}) == 4
    with pytest.raises(FeelEvaluationError):
        feel.evaluate("assert(x, x > 5)", {"x": 4})


def test_input_value_outside_unary_tests_is_an_error() -> None:
    with pytest.raises(FeelEvaluationError, match="No input value available"):
        feel.evaluate("? < 10")


def test_evaluate_returns_the_value_and_drops_failures() -> None:
    assert feel.evaluate("x") is None


def test_runaway_recursion_is_a_feel_error() -> None:
    with pytest.raises(FeelEvaluationError):
        feel.evaluate("{f: function(n) f(n + 1), r: f(1)}.r")


def test_a_bug_in_a_function_value_is_contained() -> None:
    broken = feel.FeelFunction(("x",), lambda ctx, args: 1 / 0, name="broken")
    value, found = feel.evaluate_with_failures("broken(1)", {"broken": broken})
    assert value is None
    assert found[0].type == "FUNCTION_INVOCATION_FAILURE"


def test_huge_ranges_are_refused_not_materialised() -> None:
    value, found = failures("count(for x in 1..100000000000 return x)")
    assert value is None
    assert any("too large" in f.message for f in found)


def test_overflow_is_null() -> None:
    assert feel.evaluate("10 ** 100000") is None
    assert feel.evaluate("10 ** 6000 * 10 ** 6000") is None


def test_runaway_iteration_stops_with_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from bpmn.feel import _budget

    monkeypatch.setattr(_budget, "MAX_STEPS", 10_000)
    assert len(feel.evaluate("for x in 1..9000 return x")) == 9000
    with pytest.raises(FeelEvaluationError, match="stopped after 10,000 steps"):
        feel.evaluate("for x in 1..200, y in 1..200 return x * y")
    with pytest.raises(FeelEvaluationError, match="stopped after"):
        feel.evaluate("count(for x in 1..200, y in 1..200 return 1)")
    exponential = "{f: function(n) if n = 0 then 1 else f(n - 1) + f(n - 1), r: f(30)}.r"
    with pytest.raises(FeelEvaluationError, match="stopped after"):
        feel.evaluate(exponential)
