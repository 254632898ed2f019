"""Builders for small DMN documents, so each test states only the table it is about."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
DMN13 = "https://www.omg.org/spec/DMN/20191111/MODEL/"

TableBuilder = Callable[..., str]


def table_dmn(
    *,
    inputs: Sequence[tuple[str, str]] = (),
    outputs: Sequence[str] = ("result",),
    rules: Sequence[tuple[Sequence[str], Sequence[str]]] = (),
    hit_policy: str | None = None,
    aggregation: str | None = None,
    output_values: dict[str, str] | None = None,
    defaults: dict[str, str] | None = None,
    namespace: str = DMN13,
) -> str:
    """One decision ``d`` with a table: inputs as (label, expression), outputs by name,
    rules as (input entries, output entries), ids ``in1``…, ``out1``…, ``r1``…."""
    attributes = ""
    if hit_policy is not None:
        attributes += f" hitPolicy={quoteattr(hit_policy)}"
    if aggregation is not None:
        attributes += f" aggregation={quoteattr(aggregation)}"
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<definitions xmlns="{namespace}" id="defs" name="Test" namespace="http://test">',
        '  <decision id="d" name="Decision">',
        f'    <decisionTable id="table"{attributes}>',
    ]
    for number, (label, expression) in enumerate(inputs, start=1):
        lines += [
            f'      <input id="in{number}" label={quoteattr(label)}>',
            f'        <inputExpression id="ie{number}"><text>{escape(expression)}</text>'
            "</inputExpression>",
            "      </input>",
        ]
    for number, name in enumerate(outputs, start=1):
        values = (output_values or {}).get(name)
        default = (defaults or {}).get(name)
        lines.append(f'      <output id="out{number}" name={quoteattr(name)}>')
        if values is not None:
            lines.append(f"        <outputValues><text>{escape(values)}</text></outputValues>")
        if default is not None:
            lines.append(
                f"        <defaultOutputEntry><text>{escape(default)}</text></defaultOutputEntry>"
            )
        lines.append("      </output>")
    for number, (input_entries, output_entries) in enumerate(rules, start=1):
        lines.append(f'      <rule id="r{number}">')
        lines += [
            f"        <inputEntry><text>{escape(e)}</text></inputEntry>" for e in input_entries
        ]
        lines += [
            f"        <outputEntry><text>{escape(e)}</text></outputEntry>" for e in output_entries
        ]
        lines.append("      </rule>")
    lines += ["    </decisionTable>", "  </decision>", "</definitions>", ""]
    return "\n".join(lines)


@pytest.fixture(scope="session")
def make_table() -> TableBuilder:
    return table_dmn


@pytest.fixture(scope="session")
def fixture_path() -> Callable[[str], Path]:
    return lambda name: FIXTURES / name
