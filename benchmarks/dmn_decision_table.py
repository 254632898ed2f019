"""Benchmark: a 20-rule loan-risk decision table (number, string and boolean inputs).

Prints the parse+compile time of the document (FEEL's compile caches emptied) and evaluations
per second under FIRST and under COLLECT SUM (issue 3 target: at least 50,000 evaluations/s).

    .venv/bin/python benchmarks/dmn_decision_table.py [--seconds 2]
"""

from __future__ import annotations

import argparse
import statistics
import time
from decimal import Decimal
from xml.sax.saxutils import escape

from bpmn import feel
from bpmn.dmn import DecisionRequirementsGraph, evaluate_decision, parse_dmn

# (credit score, employment, has collateral) -> risk points
RULES = [
    ("< 300", "-", "-", "100"),
    ("[300..450)", '"unemployed"', "false", "80"),
    ("[300..450)", '"unemployed"', "true", "60"),
    ("[300..450)", '"self-employed","contractor"', "-", "50"),
    ("[300..450)", '"employed"', "-", "40"),
    ("[450..600)", '"unemployed"', "false", "55"),
    ("[450..600)", '"unemployed"', "true", "45"),
    ("[450..600)", '"self-employed","contractor"', "false", "35"),
    ("[450..600)", '"self-employed","contractor"', "true", "25"),
    ("[450..600)", '"employed"', "-", "20"),
    ("[600..750)", '"unemployed"', "-", "30"),
    ("[600..750)", '"self-employed"', "false", "18"),
    ("[600..750)", '"self-employed"', "true", "12"),
    ("[600..750)", '"contractor"', "-", "15"),
    ("[600..750)", '"employed"', "false", "10"),
    ("[600..750)", '"employed"', "true", "5"),
    (">= 750", '"unemployed"', "-", "15"),
    (">= 750", 'not("unemployed")', "false", "4"),
    (">= 750", 'not("unemployed")', "true", "1"),
    ("-", "-", "-", "2"),
]

CASES = [
    {"creditScore": Decimal(280), "employment": "employed", "hasCollateral": False},
    {"creditScore": Decimal(520), "employment": "contractor", "hasCollateral": True},
    {"creditScore": Decimal(690), "employment": "employed", "hasCollateral": True},
    {"creditScore": Decimal(810), "employment": "self-employed", "hasCollateral": False},
]


def document(hit_policy: str, aggregation: str | None) -> str:
    aggregation_attribute = f' aggregation="{aggregation}"' if aggregation else ""
    rules = []
    for number, (score, employment, collateral, points) in enumerate(RULES, start=1):
        entries = "".join(
            f'<inputEntry id="r{number}_i{i}"><text>{escape(text)}</text></inputEntry>'
            for i, text in enumerate((score, employment, collateral), start=1)
        )
        rules.append(
            f'<rule id="r{number}">{entries}'
            f'<outputEntry id="r{number}_o"><text>{points}</text></outputEntry></rule>'
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="loan" name="Loan"
    namespace="http://baton/benchmarks">
  <decision id="risk" name="Risk points">
    <decisionTable id="table" hitPolicy="{hit_policy}"{aggregation_attribute}>
      <input id="score" label="Credit score">
        <inputExpression id="score_e" typeRef="number"><text>creditScore</text></inputExpression>
      </input>
      <input id="employment" label="Employment">
        <inputExpression id="employment_e" typeRef="string">
          <text>employment</text>
        </inputExpression>
      </input>
      <input id="collateral" label="Has collateral">
        <inputExpression id="collateral_e" typeRef="boolean">
          <text>hasCollateral</text>
        </inputExpression>
      </input>
      <output id="points" label="Risk points" name="points" typeRef="number"/>
      {"".join(rules)}
    </decisionTable>
  </decision>
</definitions>
"""


def parse_cold(xml: str) -> tuple[DecisionRequirementsGraph, float]:
    """Parse ``xml`` with FEEL's compile caches emptied; the median of 5 runs, in ms."""
    times = []
    for _ in range(5):
        for cached in (feel.compile, feel.compile_unary_tests):
            getattr(cached, "cache_clear", lambda: None)()
        started = time.perf_counter()
        drg = parse_dmn(xml)
        times.append((time.perf_counter() - started) * 1000)
    return drg, statistics.median(times)


def run(label: str, hit_policy: str, aggregation: str | None, seconds: float) -> None:
    drg, compile_ms = parse_cold(document(hit_policy, aggregation))
    outputs = [evaluate_decision(drg, "risk", case).decision_output for case in CASES]
    count = 0
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()
    while time.perf_counter() < deadline:
        for _ in range(250):
            for case in CASES:
                evaluate_decision(drg, "risk", case)
        count += 250 * len(CASES)
    rate = count / (time.perf_counter() - started)
    print(
        f"{label:<12} parse+compile {compile_ms:6.1f} ms   {rate:10,.0f} evaluations/s   "
        f"outputs {[str(o) for o in outputs]}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="time per variant")
    arguments = parser.parse_args()
    print(f"20-rule decision table, 3 inputs (number, string, boolean), {len(CASES)} input sets")
    run("FIRST", "FIRST", None, arguments.seconds)
    run("COLLECT SUM", "COLLECT", "SUM", arguments.seconds)


if __name__ == "__main__":
    main()
