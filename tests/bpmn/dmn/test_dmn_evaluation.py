"""Evaluating decisions: requirement graphs, literal expressions, what the result reports."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from bpmn.dmn import (
    DecisionEvaluationError,
    DecisionType,
    evaluate_decision,
    parse_dmn,
)

DMN13 = "https://www.omg.org/spec/DMN/20191111/MODEL/"


@pytest.fixture
def dinner(fixture_path):
    return parse_dmn(fixture_path("dinner_dmn13.dmn"))


def test_required_decisions_are_evaluated_first(dinner) -> None:
    result = evaluate_decision(
        dinner, "beverages", {"month": 12, "guestCount": 4, "guestsWithChildren": False}
    )
    assert result.decision_id == "beverages"
    assert result.decision_name == "Beverages"
    assert result.decision_requirements_id == "dinnerDecisions"
    assert result.decision_output == ["Bordeaux", "Water"]
    season, dish, beverages = result.evaluated_decisions
    assert (season.decision_id, season.decision_type, season.decision_output) == (
        "season",
        DecisionType.LITERAL_EXPRESSION,
        "Winter",
    )
    assert season.evaluated_inputs == () and season.matched_rules == ()
    assert (dish.decision_id, dish.decision_output) == ("dish", "Roastbeef")
    assert [(i.input_id, i.input_name, i.input_value) for i in dish.evaluated_inputs] == [
        ("InputClause_1ls3c7g", "Season", "Winter"),
        ("InputClause_0lhv2fo", "How many guests", Decimal(4)),
    ]
    assert [(r.rule_id, r.rule_index) for r in dish.matched_rules] == [("row-495762709-2", 2)]
    assert beverages.decision_type is DecisionType.DECISION_TABLE
    assert beverages.decision_version_tag == "v2"
    assert [(r.rule_id, r.rule_index) for r in beverages.matched_rules] == [
        ("row-506282952-9", 3),
        ("row-506282952-12", 6),
    ]
    assert [i.input_value for i in beverages.evaluated_inputs] == ["Roastbeef", False]


def test_a_required_decision_can_be_evaluated_on_its_own(dinner) -> None:
    result = evaluate_decision(dinner, "dish", {"month": 7, "guestCount": 20})
    assert result.decision_output == "Light Salad and a nice Steak"
    assert [d.decision_id for d in result.evaluated_decisions] == ["season", "dish"]


def test_a_required_decisions_output_hides_a_variable_of_its_name(dinner) -> None:
    variables = {"month": 7, "guestCount": 20, "season": "Winter"}
    result = evaluate_decision(dinner, "dish", variables)
    assert result.decision_output == "Light Salad and a nice Steak"
    assert variables == {"month": 7, "guestCount": 20, "season": "Winter"}


def test_a_required_decision_shared_by_two_is_evaluated_once() -> None:
    xml = f"""<definitions xmlns="{DMN13}" id="defs">
      <decision id="top"><variable name="top"/>
        <informationRequirement><requiredDecision href="#left"/></informationRequirement>
        <informationRequirement><requiredDecision href="#right"/></informationRequirement>
        <literalExpression><text>left + right</text></literalExpression></decision>
      <decision id="left"><variable name="left"/>
        <informationRequirement><requiredDecision href="#base"/></informationRequirement>
        <literalExpression><text>base * 2</text></literalExpression></decision>
      <decision id="right"><variable name="right"/>
        <informationRequirement><requiredDecision href="#base"/></informationRequirement>
        <literalExpression><text>base + 1</text></literalExpression></decision>
      <decision id="base"><variable name="base"/>
        <literalExpression><text>x</text></literalExpression></decision>
    </definitions>"""
    result = evaluate_decision(parse_dmn(xml), "top", {"x": 10})
    assert result.decision_output == Decimal(31)
    assert [d.decision_id for d in result.evaluated_decisions] == [
        "base",
        "left",
        "right",
        "top",
    ]


def test_results_are_bound_under_the_decision_id_without_a_variable() -> None:
    xml = f"""<definitions xmlns="{DMN13}" id="defs">
      <decision id="outer">
        <informationRequirement><requiredDecision href="#inner"/></informationRequirement>
        <literalExpression><text>inner * 3</text></literalExpression></decision>
      <decision id="inner"><literalExpression><text>7</text></literalExpression></decision>
    </definitions>"""
    assert evaluate_decision(parse_dmn(xml), "outer", {}).decision_output == Decimal(21)


def test_invoice_dmn11(fixture_path) -> None:
    drg = parse_dmn(fixture_path("invoice_dmn11.dmn"))
    result = evaluate_decision(
        drg, "invoice-assign-approver", {"amount": 300, "invoiceCategory": "Misc"}
    )
    assert result.decision_output == ["management"]
    assert result.evaluated_decisions[0].decision_output == "budget"
    result = evaluate_decision(
        drg, "invoice-assign-approver", {"amount": 100, "invoiceCategory": "Misc"}
    )
    assert result.decision_output == ["accounting", "sales"]


def test_loan_risk_dmn15_priority_and_defaults(fixture_path) -> None:
    drg = parse_dmn(fixture_path("loan_risk_dmn15.dmn"))

    def risk(**variables: object) -> object:
        return evaluate_decision(drg, "riskLevel", variables)

    result = risk(debt=600, income=1000, applicant={"employment": "unemployed"})
    assert result.decision_output == {"risk": "high", "limit": Decimal(0)}
    assert [r.rule_index for r in result.evaluated_decisions[-1].matched_rules] == [1, 2]
    assert risk(debt=200, income=1000, applicant={"employment": "employed"}).decision_output == {
        "risk": "low",
        "limit": Decimal(2000),
    }
    unknown = risk(debt=200, income=0, applicant={"employment": "employed"})
    assert unknown.decision_output == {"risk": "unknown", "limit": None}
    assert unknown.evaluated_decisions[0].decision_output is None


def test_a_literal_expression_decision() -> None:
    xml = f"""<definitions xmlns="{DMN13}" id="defs" name="Greeting">
      <decision id="greeting" name="Greeting">
        <variable id="v" name="greeting" typeRef="string"/>
        <literalExpression id="le"><text>"Hello " + name</text></literalExpression>
      </decision>
    </definitions>"""
    result = evaluate_decision(parse_dmn(xml), "greeting", {"name": "Ada"})
    assert result.decision_output == "Hello Ada"
    (evaluated,) = result.evaluated_decisions
    assert evaluated.decision_type is DecisionType.LITERAL_EXPRESSION
    assert evaluated.evaluated_inputs == () and evaluated.matched_rules == ()


def test_now_comes_from_the_caller() -> None:
    xml = f"""<definitions xmlns="{DMN13}" id="defs">
      <decision id="d"><literalExpression><text>today()</text></literalExpression></decision>
    </definitions>"""
    now = datetime.datetime(2024, 2, 29, 12, 0, tzinfo=datetime.UTC)
    result = evaluate_decision(parse_dmn(xml), "d", {}, now=now)
    assert result.decision_output == datetime.date(2024, 2, 29)


def test_input_entries_see_the_input_as_question_mark_and_the_variables(make_table) -> None:
    xml = make_table(
        inputs=[("Amount", "amount")],
        rules=[(["? > limit"], ['"over"']), (["<= limit"], ['"within"'])],
    )
    drg = parse_dmn(xml)
    assert evaluate_decision(drg, "d", {"amount": 10, "limit": 5}).decision_output == "over"
    assert evaluate_decision(drg, "d", {"amount": 1, "limit": 5}).decision_output == "within"


def test_output_entries_are_expressions(make_table) -> None:
    xml = make_table(inputs=[("Amount", "amount")], rules=[(["-"], ["amount * 2"])])
    assert evaluate_decision(parse_dmn(xml), "d", {"amount": 21}).decision_output == Decimal(42)


def test_a_missing_variable_is_null(make_table) -> None:
    xml = make_table(
        inputs=[("Amount", "amount")],
        rules=[(["> 5"], ['"big"']), (["null"], ['"nothing"'])],
    )
    result = evaluate_decision(parse_dmn(xml), "d", {})
    assert result.decision_output == "nothing"
    assert result.evaluated_decisions[0].evaluated_inputs[0].input_value is None


def test_an_unknown_decision_id(dinner) -> None:
    with pytest.raises(KeyError, match="no decision 'lunch'"):
        evaluate_decision(dinner, "lunch", {})


def test_a_hit_policy_violation_in_a_required_decision_names_it() -> None:
    xml = f"""<definitions xmlns="{DMN13}" id="defs">
      <decision id="outer"><variable name="outer"/>
        <informationRequirement><requiredDecision href="#first"/></informationRequirement>
        <informationRequirement><requiredDecision href="#inner"/></informationRequirement>
        <literalExpression><text>inner</text></literalExpression></decision>
      <decision id="first"><literalExpression><text>1</text></literalExpression></decision>
      <decision id="inner"><decisionTable id="t">
        <input id="i"><inputExpression><text>x</text></inputExpression></input>
        <output id="o" name="o"/>
        <rule id="a"><inputEntry><text>&gt; 1</text></inputEntry>
          <outputEntry><text>"a"</text></outputEntry></rule>
        <rule id="b"><inputEntry><text>&gt; 2</text></inputEntry>
          <outputEntry><text>"b"</text></outputEntry></rule>
      </decisionTable></decision>
    </definitions>"""
    with pytest.raises(DecisionEvaluationError) as caught:
        evaluate_decision(parse_dmn(xml), "outer", {"x": 5})
    error = caught.value
    assert error.failed_decision_id == "inner"
    assert str(error).startswith(
        "Expected to evaluate decision 'inner', but 2 rules matched and the hit policy UNIQUE "
        "allows only one (outputs: 'a', 'b')"
    )
    assert [d.decision_id for d in error.evaluated_decisions] == ["first", "inner"]
    failed = error.evaluated_decisions[-1]
    assert failed.decision_output is None
    assert [r.rule_id for r in failed.matched_rules] == ["a", "b"]


REQUIRED = 'assert(amount, amount != null, "amount is required")'


def test_a_failing_input_expression(make_table) -> None:
    xml = make_table(inputs=[("Amount", REQUIRED)], rules=[(["> 1"], ['"big"'])])
    with pytest.raises(DecisionEvaluationError) as caught:
        evaluate_decision(parse_dmn(xml), "d", {})
    error = caught.value
    assert error.failed_decision_id == "d"
    assert error.reason.startswith(f"its input expression '{REQUIRED}' (input 'Amount') failed")
    assert "amount is required" in error.reason
    (partial,) = error.evaluated_decisions
    assert partial.evaluated_inputs == () and partial.decision_output is None
    assert evaluate_decision(parse_dmn(xml), "d", {"amount": 5}).decision_output == "big"


def test_a_failing_input_entry_names_its_rule(make_table) -> None:
    xml = make_table(
        inputs=[("Amount", "amount"), ("Kind", "kind")],
        rules=[
            (['"cheap"', "? > assert(limit, limit != null)"], ['"never checked"']),
            (["-", "? > assert(limit, limit != null)"], ['"over"']),
        ],
    )
    drg = parse_dmn(xml)
    with pytest.raises(DecisionEvaluationError) as caught:
        evaluate_decision(drg, "d", {"amount": "dear", "kind": 3})
    assert caught.value.reason.startswith("an input entry of rule 'r2' (rule 2) failed")
    (partial,) = caught.value.evaluated_decisions
    assert [i.input_value for i in partial.evaluated_inputs] == ["dear", Decimal(3)]
    assert evaluate_decision(drg, "d", {"amount": "dear", "kind": 3, "limit": 1}).decision_output


def test_an_entry_of_a_rule_already_ruled_out_is_not_evaluated(make_table) -> None:
    xml = make_table(
        inputs=[("Amount", "amount"), ("Kind", "kind")],
        rules=[
            (["-", "-"], ['"anything"']),
            (['"cheap"', "? > assert(limit, limit != null)"], ['"x"']),
        ],
    )
    result = evaluate_decision(parse_dmn(xml), "d", {"amount": "dear", "kind": 3})
    assert result.decision_output == "anything"


def test_a_failing_output_entry(make_table) -> None:
    xml = make_table(inputs=[("Amount", "amount")], rules=[(["-"], [REQUIRED])])
    with pytest.raises(DecisionEvaluationError) as caught:
        evaluate_decision(parse_dmn(xml), "d", {})
    assert caught.value.reason.startswith("an output entry failed")


def test_a_failing_default_output_entry(make_table) -> None:
    xml = make_table(
        inputs=[("Amount", "amount")], rules=[(["< 0"], ['"x"'])], defaults={"result": REQUIRED}
    )
    with pytest.raises(DecisionEvaluationError) as caught:
        evaluate_decision(parse_dmn(xml), "d", {})
    assert caught.value.reason.startswith("a default output entry failed")


def test_a_failing_literal_expression_after_its_required_decision() -> None:
    xml = f"""<definitions xmlns="{DMN13}" id="defs">
      <decision id="check" name="Check">
        <informationRequirement><requiredDecision href="#base"/></informationRequirement>
        <literalExpression><text>{REQUIRED}</text></literalExpression></decision>
      <decision id="base"><literalExpression><text>"ok"</text></literalExpression></decision>
    </definitions>"""
    with pytest.raises(DecisionEvaluationError) as caught:
        evaluate_decision(parse_dmn(xml), "check", {})
    error = caught.value
    assert error.failed_decision_id == "check"
    assert str(error).startswith(
        f"Expected to evaluate decision 'check', but its literal expression '{REQUIRED}' failed"
    )
    assert [(d.decision_id, d.decision_output) for d in error.evaluated_decisions] == [
        ("base", "ok"),
        ("check", None),
    ]
