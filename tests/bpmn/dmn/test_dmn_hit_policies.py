"""Every hit policy: the decision output and the rules reported as matched."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bpmn.dmn import DecisionEvaluationError, evaluate_decision, parse_dmn

# A risk table over one number input: rules 1-3 can overlap so each policy has work to do.
RISK_RULES = [
    (["> 100"], ['"medium"']),
    (["> 500"], ['"high"']),
    (["< 1000"], ['"low"']),
    (["< 0"], ['"invalid"']),
]


def evaluate(xml: str, **variables: object) -> object:
    return evaluate_decision(parse_dmn(xml), "d", variables)


def matched(result: object) -> list[int]:
    (decision,) = result.evaluated_decisions  # type: ignore[attr-defined]
    return [rule.rule_index for rule in decision.matched_rules]


def risk_table(make_table, **options: object) -> str:
    return make_table(
        inputs=[("Amount", "amount")],
        outputs=["risk"],
        rules=RISK_RULES,
        output_values={"risk": '"high","medium","low","invalid"'},
        **options,
    )


def test_unique_gives_the_single_matching_rule(make_table) -> None:
    xml = make_table(
        inputs=[("Amount", "amount")],
        rules=[(["< 10"], ['"small"']), (["[10..100]"], ['"medium"']), (["> 100"], ['"big"'])],
    )
    result = evaluate(xml, amount=50)
    assert result.decision_output == "medium"
    assert matched(result) == [2]
    (rule,) = result.evaluated_decisions[0].matched_rules
    assert rule.rule_id == "r2"
    assert [(o.output_id, o.output_name, o.output_value) for o in rule.evaluated_outputs] == [
        ("out1", "result", "medium")
    ]


def test_unique_with_two_matches_fails_naming_the_policy(make_table) -> None:
    with pytest.raises(DecisionEvaluationError) as caught:
        evaluate(risk_table(make_table), amount=200)
    error = caught.value
    assert error.failed_decision_id == "d"
    assert "UNIQUE" in error.reason
    assert "'d'" in str(error)
    (partial,) = error.evaluated_decisions
    assert [rule.rule_index for rule in partial.matched_rules] == [1, 3]
    assert partial.decision_output is None
    assert [i.input_value for i in partial.evaluated_inputs] == [Decimal(200)]


def test_no_match_gives_null(make_table) -> None:
    for policy in (None, "FIRST", "PRIORITY", "ANY", "COLLECT", "RULE ORDER", "OUTPUT ORDER"):
        xml = make_table(
            inputs=[("Amount", "amount")], rules=[(["< 0"], ['"x"'])], hit_policy=policy
        )
        result = evaluate(xml, amount=5)
        assert result.decision_output is None, policy
        assert matched(result) == []


def test_first_takes_the_first_match_in_rule_order(make_table) -> None:
    result = evaluate(risk_table(make_table, hit_policy="FIRST"), amount=700)
    assert result.decision_output == "medium"
    assert matched(result) == [1]


def test_priority_takes_the_highest_ranked_output_and_reports_every_match(make_table) -> None:
    result = evaluate(risk_table(make_table, hit_policy="PRIORITY"), amount=700)
    assert result.decision_output == "high"
    assert matched(result) == [1, 2, 3]


def test_priority_ranks_values_outside_the_list_last(make_table) -> None:
    xml = make_table(
        inputs=[("Amount", "amount")],
        rules=[(["> 0"], ['"unlisted"']), (["> 1"], ['"b"']), (["> 2"], ['"a"'])],
        hit_policy="OUTPUT ORDER",
        output_values={"result": '"a","b"'},
    )
    assert evaluate(xml, amount=5).decision_output == ["a", "b", "unlisted"]
    assert evaluate(xml, amount=2).decision_output == ["b", "unlisted"]


def test_any_with_agreeing_matches_gives_the_output(make_table) -> None:
    xml = make_table(
        inputs=[("Amount", "amount")],
        rules=[(["> 0"], ['"yes"']), (["> 10"], ['"yes"']), (["< 0"], ['"no"'])],
        hit_policy="ANY",
    )
    result = evaluate(xml, amount=20)
    assert result.decision_output == "yes"
    assert matched(result) == [1, 2]


def test_any_with_disagreeing_matches_fails(make_table) -> None:
    with pytest.raises(DecisionEvaluationError) as caught:
        evaluate(risk_table(make_table, hit_policy="ANY"), amount=700)
    assert "ANY" in caught.value.reason
    assert "'medium'" in caught.value.reason and "'high'" in caught.value.reason


def test_collect_lists_outputs_in_rule_order(make_table) -> None:
    result = evaluate(risk_table(make_table, hit_policy="COLLECT"), amount=700)
    assert result.decision_output == ["medium", "high", "low"]
    assert matched(result) == [1, 2, 3]


def test_rule_order_lists_outputs_in_rule_order(make_table) -> None:
    result = evaluate(risk_table(make_table, hit_policy="RULE ORDER"), amount=700)
    assert result.decision_output == ["medium", "high", "low"]


def test_output_order_sorts_by_output_values(make_table) -> None:
    result = evaluate(risk_table(make_table, hit_policy="OUTPUT ORDER"), amount=700)
    assert result.decision_output == ["high", "medium", "low"]
    assert matched(result) == [1, 2, 3]


def fees_table(make_table, aggregation: str | None) -> str:
    return make_table(
        inputs=[("Amount", "amount")],
        outputs=["fee"],
        rules=[(["> 0"], ["10"]), (["> 100"], ["2.5"]), (["> 1000"], ["-4"])],
        hit_policy="COLLECT",
        aggregation=aggregation,
    )


@pytest.mark.parametrize(
    ("aggregation", "expected"),
    [
        ("SUM", Decimal("8.5")),
        ("MIN", Decimal("-4")),
        ("MAX", Decimal("10")),
        ("COUNT", Decimal("3")),
    ],
)
def test_collect_aggregations(make_table, aggregation: str, expected: Decimal) -> None:
    result = evaluate(fees_table(make_table, aggregation), amount=5000)
    assert result.decision_output == expected
    assert matched(result) == [1, 2, 3]


def test_collect_sum_of_one_match(make_table) -> None:
    assert evaluate(fees_table(make_table, "SUM"), amount=50).decision_output == Decimal(10)


def test_collect_sum_of_non_numbers_fails(make_table) -> None:
    with pytest.raises(DecisionEvaluationError) as caught:
        evaluate(risk_table(make_table, hit_policy="COLLECT", aggregation="SUM"), amount=700)
    assert "SUM" in caught.value.reason
    assert "'medium'" in caught.value.reason


def multi_output_table(make_table, hit_policy: str) -> str:
    return make_table(
        inputs=[("Score", "score")],
        outputs=["decision", "reason"],
        rules=[
            (["< 300"], ['"reject"', '"score too low"']),
            (["< 600"], ['"review"', '"borderline"']),
            (["-"], ['"accept"', '"default"']),
        ],
        hit_policy=hit_policy,
        output_values={"decision": '"reject","review","accept"'},
    )


def test_multi_output_single_hit_gives_a_context(make_table) -> None:
    result = evaluate(multi_output_table(make_table, "FIRST"), score=500)
    assert result.decision_output == {"decision": "review", "reason": "borderline"}
    (rule,) = result.evaluated_decisions[0].matched_rules
    assert [(o.output_id, o.output_name, o.output_value) for o in rule.evaluated_outputs] == [
        ("out1", "decision", "review"),
        ("out2", "reason", "borderline"),
    ]


def test_multi_output_collect_gives_a_list_of_contexts(make_table) -> None:
    result = evaluate(multi_output_table(make_table, "COLLECT"), score=500)
    assert result.decision_output == [
        {"decision": "review", "reason": "borderline"},
        {"decision": "accept", "reason": "default"},
    ]


def test_multi_output_priority_ranks_by_the_first_output(make_table) -> None:
    result = evaluate(multi_output_table(make_table, "PRIORITY"), score=100)
    assert result.decision_output == {"decision": "reject", "reason": "score too low"}
    result = evaluate(multi_output_table(make_table, "OUTPUT ORDER"), score=100)
    assert [entry["decision"] for entry in result.decision_output] == [
        "reject",
        "review",
        "accept",
    ]


def test_default_output_entry_applies_when_no_rule_matches(make_table) -> None:
    xml = make_table(
        inputs=[("Amount", "amount")],
        rules=[(["< 0"], ['"negative"'])],
        defaults={"result": '"positive"'},
    )
    result = evaluate(xml, amount=5)
    assert result.decision_output == "positive"
    assert matched(result) == []
    assert evaluate(xml, amount=-1).decision_output == "negative"


def test_default_output_entries_of_a_multi_output_table(make_table) -> None:
    xml = make_table(
        inputs=[("Amount", "amount")],
        outputs=["a", "b"],
        rules=[(["< 0"], ['"x"', '"y"'])],
        defaults={"a": '"default a"'},
    )
    assert evaluate(xml, amount=5).decision_output == {"a": "default a", "b": None}


def test_a_rule_without_input_entries_to_check_always_matches(make_table) -> None:
    xml = make_table(
        inputs=[("Amount", "amount"), ("Kind", "kind")],
        rules=[(["-", ""], ['"any"'])],
    )
    result = evaluate(xml, amount=1, kind="k")
    assert result.decision_output == "any"
    assert matched(result) == [1]


def test_a_large_table_reports_every_match_in_rule_order(make_table) -> None:
    count = 3000
    xml = make_table(
        inputs=[("N", "n")],
        rules=[([f"<= {i}" if i % 3 else "-"], [str(i)]) for i in range(count)],
        hit_policy="COLLECT",
    )
    result = evaluate(xml, n=1500)
    expected = [i for i in range(count) if i % 3 == 0 or i >= 1500]
    assert result.decision_output == [Decimal(i) for i in expected]
    assert matched(result) == [i + 1 for i in expected]
