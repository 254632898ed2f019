"""Run ``bpmn.parse`` over the shared BPMN corpus and print how it fared.

Usage: ``.venv/bin/python benchmarks/bpmn_corpus.py [--verbose]``. Reads
``../shared/corpus/bpmn/MANIFEST.tsv`` beside the repository; exits 0 with a note if it is absent.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import bpmn  # noqa: E402

CORPUS = REPO.parent / "shared/corpus/bpmn"


@dataclass(slots=True)
class Entry:
    file: str
    kind: str
    zeebe: bool
    hint: str


@dataclass(slots=True)
class Outcome:
    entry: Entry
    seconds: float
    error: bpmn.BpmnError | None = None
    crash: str | None = None

    @property
    def loaded(self) -> bool:
        return self.error is None and self.crash is None


@dataclass(slots=True)
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, what: str) -> int:
        if what == "loaded":
            return sum(o.loaded for o in self.outcomes)
        if what == "refused":
            return sum(o.error is not None for o in self.outcomes)
        return sum(o.crash is not None for o in self.outcomes)


def manifest(corpus: Path = CORPUS) -> list[Entry]:
    with (corpus / "MANIFEST.tsv").open(newline="", encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return [
            Entry(row["file"], row["kind"], row["zeebe_ns"] == "1", row["hint"] or "")
            for row in rows
        ]


def run_one(entry: Entry, corpus: Path = CORPUS) -> Outcome:
    start = time.perf_counter()
    try:
        bpmn.parse(corpus / entry.file)
    except bpmn.BpmnError as error:
        return Outcome(entry, time.perf_counter() - start, error=error)
    except Exception:  # a crash is exactly what this script looks for
        return Outcome(entry, time.perf_counter() - start, crash=traceback.format_exc())
    return Outcome(entry, time.perf_counter() - start)


def run(corpus: Path = CORPUS) -> Report:
    report = Report()
    for entry in manifest(corpus):
        report.outcomes.append(run_one(entry, corpus))
    return report


def _reason(message: str) -> str:
    # Group refusals by the shape of the message, not the ids and names inside it.
    parts = message.split("'")
    return "'".join(p if i % 2 == 0 else "…" for i, p in enumerate(parts))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list refusals and crashes")
    args = parser.parse_args(argv)
    if not (CORPUS / "MANIFEST.tsv").exists():
        print(f"corpus not found at {CORPUS}: nothing to do")
        return 0
    report = run()
    times = [o.seconds for o in report.outcomes]
    print(f"files:   {len(report.outcomes)}")
    print(f"loaded:  {report.count('loaded')}")
    print(f"refused: {report.count('refused')}")
    print(f"crashed: {report.count('crashed')}")
    camunda8 = [
        o
        for o in report.outcomes
        if o.entry.kind == "full" and o.entry.zeebe and o.entry.hint != "maybe-invalid"
    ]
    print(
        f"         (Camunda 8 documents: {len(camunda8)}, loaded {sum(o.loaded for o in camunda8)})"
    )
    slowest = max(report.outcomes, key=lambda o: o.seconds)
    print(f"time:    {sum(times):.3f} s total, max {slowest.seconds * 1000:.1f} ms")
    print(f"         ({slowest.entry.file})")
    if args.verbose:
        reasons: Counter[str] = Counter()
        files: dict[str, list[str]] = defaultdict(list)
        for outcome in report.outcomes:
            if outcome.error is None:
                continue
            for problem in outcome.error.problems:
                reasons[_reason(problem.message)] += 1
                files[_reason(problem.message)].append(outcome.entry.file)
        print("\nrefusal reasons (count, message, first file):")
        for reason, count in reasons.most_common():
            print(f"  {count:5d}  {reason}\n         {files[reason][0]}")
        for outcome in report.outcomes:
            if outcome.crash is not None:
                print(f"\nCRASH {outcome.entry.file}\n{outcome.crash}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
