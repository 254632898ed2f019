"""Run feel-scala's specification cases (../shared/corpus/feel/feel_scala_cases.jsonl) against
bpmn.feel and report the pass rate, with the failures grouped by cause.

    .venv/bin/python benchmarks/feel_conformance.py [--verbose] [--filter SUBSTRING] [--corpus P]

The corpus lives outside the repository; without it the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bpmn import feel  # noqa: E402
from bpmn.feel import FeelError, YearsMonthsDuration  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "feel" / "feel_scala_cases.jsonl"
NOW = datetime.datetime(2026, 1, 1, 12, 0, tzinfo=datetime.UTC)
_TOLERANCE = Decimal("1e-8")


@dataclass
class Outcome:
    case: dict[str, Any]
    passed: bool
    cause: str = ""
    detail: str = ""


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.outcomes)

    @property
    def passed(self) -> int:
        return sum(o.passed for o in self.outcomes)

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0


def decode(value: Any) -> Any:
    """The corpus encoding to Python values (temporal and special doubles are tagged)."""
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        if set(value) == {"$type", "$value"}:
            return _decode_tagged(value["$type"], value["$value"])
        return {k: decode(v) for k, v in value.items()}
    return value


def _decode_tagged(kind: str, text: str) -> Any:
    if kind == "double":
        return float(text)
    from bpmn.feel import _temporal

    return _temporal.parse_temporal(text)


def same(actual: Any, expected: Any) -> bool:
    if expected is None or actual is None:
        return actual is None and expected is None
    if isinstance(expected, bool) or isinstance(actual, bool):
        return actual is expected
    if isinstance(expected, Decimal | int | float):
        if not isinstance(actual, Decimal | int) or isinstance(actual, bool):
            return False
        return abs(Decimal(actual) - Decimal(str(expected))) <= _TOLERANCE
    if isinstance(expected, str):
        return bool(actual == expected)
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(same(a, e) for a, e in zip(actual, expected, strict=True))
        )
    if isinstance(expected, dict):
        return (
            isinstance(actual, dict)
            and list(actual) == list(expected)
            and all(same(actual[k], expected[k]) for k in expected)
        )
    return _same_temporal(actual, expected)


def _same_temporal(actual: Any, expected: Any) -> bool:
    if isinstance(expected, datetime.datetime):
        return (
            isinstance(actual, datetime.datetime)
            and (actual.tzinfo is None) == (expected.tzinfo is None)
            and actual == expected
            and actual.utcoffset() == expected.utcoffset()
        )
    if isinstance(expected, datetime.date):
        return type(actual) is datetime.date and actual == expected
    if isinstance(expected, datetime.time):
        return (
            isinstance(actual, datetime.time)
            and actual.replace(tzinfo=None) == expected.replace(tzinfo=None)
            and actual.utcoffset() == expected.utcoffset()
        )
    if isinstance(expected, datetime.timedelta | YearsMonthsDuration):
        return type(actual) is type(expected) and actual == expected
    return bool(actual == expected)


def _failure_types(failure: Any) -> list[dict[str, str]]:
    if isinstance(failure, dict):
        return [failure]
    if isinstance(failure, list):
        return [f for f in failure if isinstance(f, dict)]
    return []


def run_case(case: dict[str, Any]) -> Outcome:
    outcome = case["outcome"]
    variables = decode(case.get("variables") or {})
    try:
        if case["mode"] == "unary-tests":
            tests = feel.compile_unary_tests(case["expression"])
            value, failures = tests.evaluate_with_failures(
                decode(case.get("input")), variables, now=NOW
            )
        else:
            value, failures = feel.evaluate_with_failures(case["expression"], variables, now=NOW)
    except FeelError as error:
        if outcome == "error":
            return Outcome(case, True)
        kind = "syntax error" if isinstance(error, feel.FeelSyntaxError) else "evaluation error"
        return Outcome(case, False, kind, str(error))
    except Exception as error:  # the report names the escaped exception
        return Outcome(case, False, f"crash: {type(error).__name__}", str(error))
    reported = [(f.type, f.message) for f in failures]
    if outcome == "error":
        return Outcome(case, False, "expected an error", f"got {value!r}")
    if outcome == "failure-only":
        wanted = _failure_types(case.get("failure"))
        for want in wanted:
            if (want.get("type"), want.get("message")) not in reported:
                types = [t for t, _ in reported]
                cause = "failure message differs" if want.get("type") in types else "no failure"
                return Outcome(case, False, cause, f"want {want}, got {reported}")
        return Outcome(case, True)
    expected = decode(case.get("expected"))
    if outcome == "null":
        if value is not None:
            return Outcome(case, False, "expected null", f"got {value!r}")
        for want in _failure_types(case.get("failure")):
            if want.get("type") not in [t for t, _ in reported]:
                return Outcome(case, False, "no failure", f"want {want}, got {reported}")
        return Outcome(case, True)
    if not same(value, expected):
        cause = "null instead of a value" if value is None else "wrong value"
        return Outcome(case, False, cause, f"want {expected!r}, got {value!r}; {reported}")
    return Outcome(case, True)


def load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line, parse_float=Decimal) for line in lines if line.strip()]


def run(path: Path = CORPUS, substring: str | None = None) -> Report:
    report = Report()
    for case in load(path):
        if substring and substring not in case["expression"] and substring not in case["id"]:
            continue
        report.outcomes.append(run_case(case))
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every failing case")
    parser.add_argument("--filter", help="only cases whose expression or id contains this")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"skipped: FEEL corpus not found at {args.corpus}")
        return 0
    report = run(args.corpus, args.filter)
    failed = [o for o in report.outcomes if not o.passed]
    print(
        f"total {report.total}, passed {report.passed}, failed {len(failed)}, "
        f"pass rate {report.rate:.2%}"
    )
    by_cause = Counter(o.cause for o in failed)
    by_file = Counter(o.case["file"].rsplit("/", 1)[-1] for o in failed)
    if failed:
        print("\nfailures by cause:")
        for cause, count in by_cause.most_common():
            print(f"  {count:4d}  {cause}")
        print("\nfailures by corpus file:")
        for name, count in by_file.most_common():
            print(f"  {count:4d}  {name}")
    if args.verbose:
        for o in failed:
            case = o.case
            extra = f" input={case.get('input')!r}" if case["mode"] == "unary-tests" else ""
            print(f"\n[{o.cause}] {case['id']}: {case['expression']!r}{extra}")
            print(f"    {o.detail[:400]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
