"""Mangled documents: parse_dmn returns a graph or raises BpmnError, never anything else."""

from __future__ import annotations

import contextlib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bpmn import BpmnError
from bpmn.dmn import DecisionEvaluationError, evaluate_decision, parse_dmn

FIXTURES = Path(__file__).parent / "fixtures"
DOCUMENTS = [path.read_text(encoding="utf-8") for path in sorted(FIXTURES.glob("*.dmn"))]

# Fragments that make the mangled documents interesting for a DMN reader, not only for libxml2.
SNIPPETS = [
    "",
    "-",
    '"',
    "<",
    ">",
    "&lt;",
    "</rule>",
    "<rule>",
    '<inputEntry id="x"><text>&gt; 1</text></inputEntry>',
    "<outputEntry><text>null</text></outputEntry>",
    '<requiredDecision href="#dish"/>',
    '<requiredDecision href="#beverages"/>',
    'hitPolicy="COLLECT" aggregation="SUM"',
    'hitPolicy="ANY"',
    "[1..",
    "not(",
    "?",
    "\x00",
    "é",
]


@st.composite
def mangled(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(DOCUMENTS))
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = min(len(text), start + draw(st.integers(0, 40)))
        text = text[:start] + draw(st.sampled_from(SNIPPETS)) + text[end:]
    return text


@settings(derandomize=True, max_examples=300, deadline=None)
@given(mangled())
def test_mangled_documents_parse_or_are_refused(text: str) -> None:
    try:
        drg = parse_dmn(text.encode("utf-8", "surrogatepass"))
    except BpmnError as error:
        assert error.problems
        return
    for decision_id in drg.decisions:
        with contextlib.suppress(DecisionEvaluationError):
            evaluate_decision(drg, decision_id, {"month": 3, "guestCount": 6, "amount": 300})
