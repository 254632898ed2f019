"""The column-wise rule index finds the same rules as checking every rule's entries with FEEL."""

from __future__ import annotations

import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from bpmn import feel
from bpmn.dmn import DecisionTable, evaluate_decision, parse_dmn

NOW = datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC)

# Entries of every kind: dashes, literal fast paths, and tests that go through FEEL.
NUMBER_ENTRIES = ["-", "", "< 10", ">= 10", "[5..20)", "7", "null", "? > limit", "not(7)", "odd(?)"]
STRING_ENTRIES = ["-", '"a"', '"a","b"', '"c"', 'not("a")', 'starts with(?, "b")', "null"]
BOOLEAN_ENTRIES = ["-", "true", "false", "null", "? = flag"]

rules = st.lists(
    st.tuples(
        st.sampled_from(NUMBER_ENTRIES),
        st.sampled_from(STRING_ENTRIES),
        st.sampled_from(BOOLEAN_ENTRIES),
    ),
    min_size=1,
    max_size=12,
)
inputs = st.fixed_dictionaries(
    {
        "n": st.one_of(st.none(), st.integers(0, 25).map(Decimal)),
        "s": st.sampled_from([None, "a", "b", "bc", "c", ""]),
        "b": st.sampled_from([None, True, False]),
        "limit": st.integers(0, 25).map(Decimal),
        "flag": st.booleans(),
    }
)


def table_xml(make_table, table_rules: list[tuple[str, str, str]]) -> str:
    return make_table(
        inputs=[("N", "n"), ("S", "s"), ("B", "b")],
        rules=[(list(entries), [f'"{index}"']) for index, entries in enumerate(table_rules)],
        hit_policy="RULE ORDER",
    )


@settings(derandomize=True, max_examples=150, deadline=None)
@given(table_rules=rules, variables=inputs)
def test_index_agrees_with_rule_by_rule_feel(make_table, table_rules, variables) -> None:
    xml = table_xml(make_table, table_rules)
    drg = parse_dmn(xml)
    table = drg.decisions["d"].logic
    assert isinstance(table, DecisionTable)
    result = evaluate_decision(drg, "d", variables, now=NOW)
    values = [variables["n"], variables["s"], variables["b"]]
    expected = [
        rule.index
        for rule in table.rules
        if all(
            entry.matches_all or feel.unary_test(entry.text, value, variables, now=NOW) is True
            for entry, value in zip(rule.input_entries, values, strict=True)
        )
    ]
    (decision,) = result.evaluated_decisions
    assert [r.rule_index for r in decision.matched_rules] == expected
