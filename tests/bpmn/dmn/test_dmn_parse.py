"""Parsing DMN 1.1-1.5 as modelers save it into the frozen model."""

from __future__ import annotations

import dataclasses

import pytest

from bpmn.dmn import (
    Aggregation,
    DecisionTable,
    DecisionType,
    HitPolicy,
    LiteralExpression,
    parse_dmn,
)


def test_dmn13_as_camunda_modeler_saves_it(fixture_path) -> None:
    drg = parse_dmn(fixture_path("dinner_dmn13.dmn"))
    assert (drg.id, drg.name, drg.namespace) == (
        "dinnerDecisions",
        "Dinner Decisions",
        "http://camunda.org/schema/1.0/dmn",
    )
    assert list(drg.decisions) == ["beverages", "dish", "season"]

    beverages = drg.decisions["beverages"]
    assert beverages.name == "Beverages"
    assert beverages.version_tag == "v2"
    assert beverages.required_decisions == ("dish",)
    assert beverages.decision_type is DecisionType.DECISION_TABLE
    assert beverages.result_name == "beverages"
    table = beverages.logic
    assert isinstance(table, DecisionTable)
    assert (table.hit_policy, table.aggregation) == (HitPolicy.COLLECT, None)
    assert [(i.id, i.label, i.expression.text, i.type_ref) for i in table.inputs] == [
        ("InputClause_0bo3uen", "Dish", "dish", "string"),
        ("InputClause_0bbq1z8", "Guests with children", "guestsWithChildren", "boolean"),
    ]
    (output,) = table.outputs
    assert (output.id, output.name, output.label, output.type_ref) == (
        "OutputClause_1lzaa9e",
        "beverages",
        "Beverages",
        "string",
    )
    first = table.rules[0]
    assert (first.id, first.index, first.annotations) == ("row-506282952-7", 1, ("Tough Stuff",))
    assert [e.text for e in first.input_entries] == ['"Spareribs"', "-"]
    assert [e.text for e in first.output_entries] == ['"Aecht Schlenkerla Rauchbier"']
    assert len(table.rules) == 6

    dish = drg.decisions["dish"]
    assert dish.required_decisions == ("season",)
    dish_table = dish.logic
    assert isinstance(dish_table, DecisionTable)
    assert dish_table.hit_policy is HitPolicy.UNIQUE
    assert dish_table.inputs[0].input_values is not None
    assert dish_table.inputs[0].input_values.text == '"Fall","Winter","Spring","Summer"'
    assert [r.annotations for r in dish_table.rules][:3] == [("Autumn classic",), ("",), ("",)]

    season = drg.decisions["season"]
    assert season.decision_type is DecisionType.LITERAL_EXPRESSION
    assert (season.variable_name, season.variable_type_ref) == ("season", "string")
    assert season.result_name == "season"
    assert isinstance(season.logic, LiteralExpression)
    assert season.logic.text.startswith("if month in [12, 1, 2]")
    assert (season.logic.variable_name, season.logic.type_ref) == ("season", "string")


def test_dmn11_as_camunda_7_modeler_saves_it(fixture_path) -> None:
    drg = parse_dmn(fixture_path("invoice_dmn11.dmn"))
    assert list(drg.decisions) == ["invoiceClassification", "invoice-assign-approver"]
    classification = drg.decisions["invoiceClassification"]
    assert classification.version_tag == "1.1"
    table = classification.logic
    assert isinstance(table, DecisionTable)
    assert table.rules[0].annotations == ("small expenses",)
    assert table.outputs[0].output_values == ("day-to-day expense", "budget", "exceptional")
    approver = drg.decisions["invoice-assign-approver"]
    assert approver.required_decisions == ("invoiceClassification",)
    assert approver.result_name == "invoice-assign-approver"


def test_dmn15_with_priority_defaults_and_two_outputs(fixture_path) -> None:
    drg = parse_dmn(fixture_path("loan_risk_dmn15.dmn"))
    risk = drg.decisions["riskLevel"].logic
    assert isinstance(risk, DecisionTable)
    assert risk.hit_policy is HitPolicy.PRIORITY
    assert [o.name for o in risk.outputs] == ["risk", "limit"]
    assert risk.outputs[0].output_values == ("high", "medium", "low")
    assert risk.outputs[0].output_values_text == '"high","medium","low"'
    default = risk.outputs[0].default_output_entry
    assert default is not None and default.text == '"unknown"'
    assert risk.outputs[1].default_output_entry is None
    assert risk.rules[0].annotations == ("too much debt",)
    assert drg.decisions["debtRatio"].result_name == "ratio"


@pytest.mark.parametrize(
    "namespace",
    [
        "http://www.omg.org/spec/DMN/20151101/dmn.xsd",
        "http://www.omg.org/spec/DMN/20180521/MODEL/",
        "https://www.omg.org/spec/DMN/20191111/MODEL/",
        "https://www.omg.org/spec/DMN/20211108/MODEL/",
        "https://www.omg.org/spec/DMN/20230324/MODEL/",
    ],
)
def test_every_dmn_namespace(make_table, namespace: str) -> None:
    xml = make_table(
        inputs=[("A", "a")],
        rules=[(["1"], ['"one"'])],
        hit_policy="COLLECT",
        aggregation="COUNT",
        namespace=namespace,
    )
    table = parse_dmn(xml).decisions["d"].logic
    assert isinstance(table, DecisionTable)
    assert table.aggregation is Aggregation.COUNT


def test_aggregation_beside_another_hit_policy_is_ignored(make_table) -> None:
    xml = make_table(outputs=["x"], hit_policy="FIRST", aggregation="SUM")
    table = parse_dmn(xml).decisions["d"].logic
    assert isinstance(table, DecisionTable)
    assert table.aggregation is None


def test_the_rule_index_groups_each_column_by_distinct_entry(make_table) -> None:
    xml = make_table(
        inputs=[("A", "a"), ("B", "b")],
        rules=[
            (["-", '"x"'], ['"1"']),
            (["> 1", '"x"'], ['"2"']),
            (["> 1", ""], ['"3"']),
            (["< 0", '"y"'], ['"4"']),
        ],
    )
    table = parse_dmn(xml).decisions["d"].logic
    assert isinstance(table, DecisionTable)
    assert table.index.all_rules == 0b1111
    first, second = table.index.columns
    assert first.always == 0b0001
    assert [rules for _, rules in first.tests] == [0b0110, 0b1000]
    assert second.always == 0b0100
    assert [rules for _, rules in second.tests] == [0b0011, 0b1000]
    assert [e.matches_all for e in table.rules[2].input_entries] == [False, True]


def test_literal_output_entries_are_reported_without_evaluation(make_table) -> None:
    xml = make_table(inputs=[("A", "a")], rules=[(["-"], ['"fixed"']), (["-"], ["a + 1"])])
    table = parse_dmn(xml).decisions["d"].logic
    assert isinstance(table, DecisionTable)
    constant = table.rules[0].constant_match
    assert constant is not None
    assert (constant.rule_id, constant.rule_index) == ("r1", 1)
    assert [o.output_value for o in constant.evaluated_outputs] == ["fixed"]
    assert table.rules[1].constant_match is None


def test_the_model_is_frozen(fixture_path) -> None:
    drg = parse_dmn(fixture_path("dinner_dmn13.dmn"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        drg.decisions["dish"].name = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        drg.decisions["other"] = drg.decisions["dish"]  # type: ignore[index]


def test_input_name_falls_back_to_the_expression(make_table) -> None:
    xml = make_table(inputs=[("", "customer.age")], rules=[(["-"], ["1"])])
    table = parse_dmn(xml).decisions["d"].logic
    assert isinstance(table, DecisionTable)
    assert table.inputs[0].name == "customer.age"
