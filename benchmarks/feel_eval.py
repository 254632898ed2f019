"""Evaluation and compile speed of bpmn.feel (a benchmark, not a test).

    .venv/bin/python benchmarks/feel_eval.py [--seconds 1.0] [--profile]

Prints evaluations per second of a typical condition (target >= 500,000/s), of a mapping that
builds a context from a path, and compile times. ``--profile`` runs the condition under cProfile.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import pstats
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bpmn import feel
from bpmn.feel import Expression

NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)

CONDITION = 'amount > 100 and status = "open"'
MAPPING = "{id: order.id, total: sum(order.items.price)}"
UNARY = "< 10, [100..200], > 1000"
COMPILE_SAMPLES = [
    CONDITION,
    MAPPING,
    "for item in items return item.price * item.quantity",
    'if customer.tier = "gold" then amount * 0.9 else amount',
    'some x in orders satisfies x.total > 1000 and x.status != "cancelled"',
    'date and time("2024-01-01T10:00:00Z") + duration("P1D")',
    '{a: 1, b: [1, 2, 3][item > 1], c: string length("abc")}.b',
]


def rate(fn: Any, seconds: float) -> float:
    """Calls per second of ``fn()``, measured in batches for ``seconds``."""
    batch = 1000
    count = 0
    start = time.perf_counter()
    end = start + seconds
    while True:
        for _ in range(batch):
            fn()
        count += batch
        now = time.perf_counter()
        if now >= end:
            return count / (now - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)

    condition = Expression(CONDITION)
    variables = {"amount": 150, "status": "open", "customer": "c-1"}
    assert condition.evaluate(variables, now=NOW) is True
    mapping = Expression(MAPPING)
    order = {
        "order": {
            "id": "o-1",
            "items": [{"price": 10 + i, "sku": f"s{i}"} for i in range(5)],
        }
    }
    assert mapping.evaluate(order, now=NOW)["total"] == 60

    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(200_000):
            condition.evaluate(variables, now=NOW)
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(12)
        return 0

    def evaluate_condition() -> Any:
        return condition.evaluate(variables, now=NOW)

    def evaluate_condition_clock() -> Any:
        return condition.evaluate(variables)

    def evaluate_mapping() -> Any:
        return mapping.evaluate(order, now=NOW)

    print(f"condition  {CONDITION!r}")
    print(f"  {rate(evaluate_condition, args.seconds):12,.0f} evaluations/s (now given)")
    print(f"  {rate(evaluate_condition_clock, args.seconds):12,.0f} evaluations/s (wall clock)")
    print(f"mapping    {MAPPING!r}")
    print(f"  {rate(evaluate_mapping, args.seconds):12,.0f} evaluations/s")

    tests = feel.compile_unary_tests(UNARY)
    assert tests.evaluate(150, now=NOW) is True

    def evaluate_tests() -> Any:
        return tests.evaluate(150, now=NOW)

    print(f"unary test {UNARY!r} against 150")
    print(f"  {rate(evaluate_tests, args.seconds):12,.0f} evaluations/s")

    start = time.perf_counter()
    rounds = 200
    for _ in range(rounds):
        for text in COMPILE_SAMPLES:
            Expression(text)
    per = (time.perf_counter() - start) / (rounds * len(COMPILE_SAMPLES))
    print(f"compile    {len(COMPILE_SAMPLES)} typical expressions: {per * 1e6:,.1f} µs each")
    feel.compile.cache_clear()
    start = time.perf_counter()
    long_sum = " + ".join(str(i) for i in range(10_000))
    Expression(long_sum)
    print(f"compile    a 10,000-term sum: {(time.perf_counter() - start) * 1e3:,.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
