"""Compile every FEEL expression found in the BPMN corpus (../shared/corpus/bpmn/) and report
the ones that don't parse, and the total compile time.

    .venv/bin/python benchmarks/feel_bpmn_expressions.py [--verbose] [--corpus DIR]

FEEL here means what Zeebe treats as FEEL: attribute values and element texts starting with
``=``, including ``conditionExpression`` bodies. JUEL (``${...}``) and Python conditions of
other engines are counted as skipped. Files that are not well-formed XML are skipped.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bpmn.feel import Expression, FeelSyntaxError  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "bpmn"


@dataclass(frozen=True)
class Found:
    file: str
    line: int
    where: str
    text: str


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def extract(path: Path) -> tuple[list[Found], int]:
    """The FEEL expressions of one file, and how many non-FEEL conditions were skipped."""
    try:
        root = etree.fromstring(path.read_bytes(), _parser())
    except (etree.XMLSyntaxError, OSError, ValueError):
        return [], 0
    found: list[Found] = []
    skipped = 0
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname
        line = element.sourceline if isinstance(element.sourceline, int) else 0
        for name, value in element.attrib.items():
            text = str(value)
            if text.lstrip().startswith("="):
                attribute = etree.QName(name).localname
                found.append(Found(path.name, line, f"{tag}@{attribute}", text))
        text = str(element.text or "").strip()
        if text.startswith("="):
            found.append(Found(path.name, line, tag, text))
        elif tag == "conditionExpression" and text:
            skipped += 1
    return found, skipped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every expression")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"skipped: BPMN corpus not found at {args.corpus}")
        return 0
    expressions: list[Found] = []
    skipped = 0
    files = sorted(p for p in args.corpus.rglob("*") if p.suffix in (".bpmn", ".xml"))
    for path in files:
        found, not_feel = extract(path)
        expressions.extend(found)
        skipped += not_feel
    failures: list[tuple[Found, FeelSyntaxError]] = []
    start = time.perf_counter()
    for item in expressions:
        try:
            Expression.from_zeebe(item.text)
        except FeelSyntaxError as error:
            failures.append((item, error))
    elapsed = time.perf_counter() - start
    print(
        f"{len(files)} files, {len(expressions)} FEEL expressions, "
        f"{len(expressions) - len(failures)} compiled, {len(failures)} syntax errors, "
        f"{skipped} non-FEEL conditions skipped"
    )
    if expressions:
        print(
            f"compile time: {elapsed * 1e3:.1f} ms in total, "
            f"{elapsed / len(expressions) * 1e6:.1f} µs per expression"
        )
    for item, problem in failures:
        print(f"  {item.file}:{item.line} {item.where}: {item.text!r}\n      {problem}")
    if args.verbose:
        for item in expressions:
            print(f"  {item.file}:{item.line} {item.where}: {item.text!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
