"""DMN decisions: parse a decision requirements graph once, evaluate its decisions many times.

``parse_dmn`` reads DMN 1.1-1.5 XML (as Camunda Modeler saves it) and compiles every FEEL text
in it, raising ``bpmn.BpmnError`` with all the problems it finds; ``evaluate_decision`` evaluates
a decision (required decisions first) and reports what Zeebe's EvaluateDecision reply carries.
"""

from __future__ import annotations

from .._xml import Source, parse_xml, read_source
from . import _reader
from ._evaluation import evaluate_decision
from ._model import (
    Aggregation,
    Decision,
    DecisionRequirementsGraph,
    DecisionTable,
    DecisionType,
    FeelExpression,
    FeelUnaryTests,
    HitPolicy,
    Input,
    LiteralExpression,
    Output,
    Rule,
)
from ._reader import DMN_NAMESPACES
from ._results import (
    DecisionEvaluationError,
    DecisionResult,
    EvaluatedDecision,
    EvaluatedInput,
    EvaluatedOutput,
    MatchedRule,
)


def parse_dmn(source: Source) -> DecisionRequirementsGraph:
    """Parse and compile a DMN document: bytes, a str of XML text, or a path.

    Raises ``bpmn.BpmnError`` listing every problem (element id, line, message) when the
    document is not safe well-formed XML, not DMN, or not a model Baton can evaluate.
    """
    return _reader.read_drg(parse_xml(read_source(source)))


__all__ = [
    "DMN_NAMESPACES",
    "Aggregation",
    "Decision",
    "DecisionEvaluationError",
    "DecisionRequirementsGraph",
    "DecisionResult",
    "DecisionTable",
    "DecisionType",
    "EvaluatedDecision",
    "EvaluatedInput",
    "EvaluatedOutput",
    "FeelExpression",
    "FeelUnaryTests",
    "HitPolicy",
    "Input",
    "LiteralExpression",
    "MatchedRule",
    "Output",
    "Rule",
    "evaluate_decision",
    "parse_dmn",
]
