"""What an evaluation reports: the shape of Zeebe's EvaluateDecision reply and decision records.

Field names follow Zeebe's (``decisionOutput`` → ``decision_output``, ``ruleIndex`` →
``rule_index``) so the engine and gateway map them one to one. Values are FEEL values
(``Decimal`` numbers, ``dict`` contexts, ...); encoding them is the caller's job.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._model import DecisionType


@dataclass(frozen=True, slots=True)
class EvaluatedInput:
    input_id: str
    input_name: str
    input_value: Any


@dataclass(frozen=True, slots=True)
class EvaluatedOutput:
    output_id: str
    output_name: str
    output_value: Any


@dataclass(frozen=True, slots=True)
class MatchedRule:
    rule_id: str
    rule_index: int  # 1-based
    evaluated_outputs: tuple[EvaluatedOutput, ...]


@dataclass(frozen=True, slots=True)
class EvaluatedDecision:
    """One decision of an evaluation; literal expressions have no inputs and no rules.

    ``decision_version_tag`` is the model's version tag; the deployed version number is the
    engine's to add, since one document can be deployed many times.
    """

    decision_id: str
    decision_name: str | None
    decision_version_tag: str | None
    decision_type: DecisionType
    decision_output: Any
    evaluated_inputs: tuple[EvaluatedInput, ...] = ()
    matched_rules: tuple[MatchedRule, ...] = ()


@dataclass(frozen=True, slots=True)
class DecisionResult:
    """The result of ``evaluate_decision``: the output of the decision asked for, and every
    decision evaluated to get it (required decisions first, the one asked for last)."""

    decision_id: str
    decision_name: str | None
    decision_requirements_id: str
    decision_output: Any
    evaluated_decisions: tuple[EvaluatedDecision, ...]


class DecisionEvaluationError(Exception):
    """A decision could not be evaluated: a FEEL evaluation error or a hit-policy violation.

    ``failed_decision_id`` and ``reason`` are Zeebe's ``failedDecisionId`` and failure message;
    ``evaluated_decisions`` holds the decisions evaluated before the failure and, last, what was
    evaluated of the failed one (its inputs and matched rules so far, no output).
    """

    def __init__(
        self,
        failed_decision_id: str,
        reason: str,
        evaluated_decisions: tuple[EvaluatedDecision, ...] = (),
    ) -> None:
        self.failed_decision_id = failed_decision_id
        self.reason = reason
        self.evaluated_decisions = evaluated_decisions
        super().__init__(f"Expected to evaluate decision '{failed_decision_id}', but {reason}")
