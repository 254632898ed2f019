"""Evaluating a decision and the decisions it requires.

The hot path is ``_evaluate_table``: each input expression is evaluated once, the rule index
(``_matching``) finds the matching rules running each distinct input entry at most once, and
output entries are evaluated only for the rules the hit policy reports (FIRST: the first one).
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from typing import Any

from . import _feel
from ._graph import evaluation_order
from ._hit_policies import APPLY, HitPolicyViolation
from ._matching import EntryFailed, first_rule, match, positions
from ._model import (
    Decision,
    DecisionRequirementsGraph,
    DecisionTable,
    DecisionType,
    HitPolicy,
    LiteralExpression,
    Output,
    Rule,
)
from ._results import (
    DecisionEvaluationError,
    DecisionResult,
    EvaluatedDecision,
    EvaluatedInput,
    EvaluatedOutput,
    MatchedRule,
)


class _Failed(Exception):
    """A decision failed; carries what was evaluated of it so far."""

    def __init__(self, reason: str, partial: EvaluatedDecision) -> None:
        self.reason = reason
        self.partial = partial


def evaluate_decision(
    drg: DecisionRequirementsGraph,
    decision_id: str,
    variables: Mapping[str, Any],
    *,
    now: datetime.datetime | None = None,
) -> DecisionResult:
    """Evaluate ``decision_id`` of ``drg`` against ``variables``.

    Required decisions are evaluated first, each once; a decision sees the variables plus the
    outputs of the decisions it directly requires, under their result names (the decision's
    variable name, else its id). ``now`` is what FEEL's ``now()`` and ``today()`` return: the
    engine passes the record's timestamp; when None the clock is read once, here, so that every
    expression of the evaluation sees the same instant.
    Raises ``KeyError`` for an unknown decision id and ``DecisionEvaluationError`` when a decision
    fails.
    """
    if decision_id not in drg.decisions:
        raise KeyError(f"no decision '{decision_id}' in decision requirements graph '{drg.id}'")
    if now is None:
        now = datetime.datetime.now(datetime.UTC)
    decisions = drg.decisions
    target = decisions[decision_id]
    order = evaluation_order(decisions, decision_id) if target.required_decisions else [target]
    outputs: dict[str, Any] = {}
    evaluated: list[EvaluatedDecision] = []
    for decision in order:
        context = variables
        if decision.required_decisions:
            context = dict(variables)
            for required in decision.required_decisions:
                context[decisions[required].result_name] = outputs[required]
        try:
            result = _evaluate(decision, context, now)
        except _Failed as failure:
            evaluated.append(failure.partial)
            raise DecisionEvaluationError(
                decision.id, failure.reason, tuple(evaluated)
            ) from failure.__cause__
        outputs[decision.id] = result.decision_output
        evaluated.append(result)
    return DecisionResult(
        decision_id=target.id,
        decision_name=target.name,
        decision_requirements_id=drg.id,
        decision_output=outputs[target.id],
        evaluated_decisions=tuple(evaluated),
    )


def _evaluate(decision: Decision, variables: Mapping[str, Any], now: Any) -> EvaluatedDecision:
    logic = decision.logic
    if isinstance(logic, DecisionTable):
        return _evaluate_table(decision, logic, variables, now)
    return _evaluate_literal(decision, logic, variables, now)


def _evaluate_literal(
    decision: Decision, literal: LiteralExpression, variables: Mapping[str, Any], now: Any
) -> EvaluatedDecision:
    try:
        output = literal.expression.evaluate(variables, now)
    except _feel.FeelError as error:
        partial = _evaluated(decision, DecisionType.LITERAL_EXPRESSION, None, (), ())
        raise _Failed(
            f"its literal expression '{literal.expression.text}' failed: {error}", partial
        ) from error
    return _evaluated(decision, DecisionType.LITERAL_EXPRESSION, output, (), ())


def _evaluate_table(
    decision: Decision, table: DecisionTable, variables: Mapping[str, Any], now: Any
) -> EvaluatedDecision:
    values: list[Any] = []
    matched: list[Rule] = []
    rule_outputs: list[tuple[Any, ...]] = []
    try:
        for table_input in table.inputs:
            values.append(table_input.expression.evaluate(variables, now))
        bits = match(table.index, values, variables, now)
        if bits:
            rules = table.rules
            if table.hit_policy is HitPolicy.FIRST:
                matched.append(rules[first_rule(bits)])
            else:
                matched.extend(rules[position] for position in positions(bits))
            for rule in matched:
                report = rule.constant_match
                if report is not None:
                    rule_outputs.append(tuple([o.output_value for o in report.evaluated_outputs]))
                else:
                    rule_outputs.append(
                        tuple([entry.evaluate(variables, now) for entry in rule.output_entries])
                    )
            output = APPLY[table.hit_policy](table, rule_outputs)
        else:
            output = _default_output(table, variables, now)
    except (_feel.FeelError, EntryFailed, HitPolicyViolation) as error:
        partial = _table_result(decision, table, values, matched, rule_outputs, None)
        raise _Failed(_describe_failure(table, values, matched, error), partial) from error
    return _table_result(decision, table, values, matched, rule_outputs, output)


def _describe_failure(
    table: DecisionTable, values: list[Any], matched: list[Rule], error: Exception
) -> str:
    if isinstance(error, HitPolicyViolation):
        return str(error)
    if isinstance(error, EntryFailed):
        rule = table.rules[error.rule_position]
        return f"an input entry of rule '{rule.id}' (rule {rule.index}) failed: {error.error}"
    if len(values) < len(table.inputs):
        failed = table.inputs[len(values)]
        return (
            f"its input expression '{failed.expression.text}' (input '{failed.name}') "
            f"failed: {error}"
        )
    if matched:
        return f"an output entry failed: {error}"
    return f"a default output entry failed: {error}"


def _default_output(table: DecisionTable, variables: Mapping[str, Any], now: Any) -> Any:
    outputs = table.outputs
    if len(outputs) == 1:
        default = outputs[0].default_output_entry
        return None if default is None else default.evaluate(variables, now)
    if all(output.default_output_entry is None for output in outputs):
        return None
    return {
        output.key: (
            None
            if output.default_output_entry is None
            else output.default_output_entry.evaluate(variables, now)
        )
        for output in outputs
    }


def _table_result(
    decision: Decision,
    table: DecisionTable,
    values: list[Any],
    matched: list[Rule],
    rule_outputs: list[tuple[Any, ...]],
    output: Any,
) -> EvaluatedDecision:
    inputs = tuple(
        [
            EvaluatedInput(table_input.id, table_input.name, value)
            for table_input, value in zip(table.inputs, values, strict=False)
        ]
    )
    rules = tuple(
        [
            rule.constant_match or _matched_rule(rule, table.outputs, rule_values)
            for rule, rule_values in zip(matched, rule_outputs, strict=False)
        ]
    )
    return _evaluated(decision, DecisionType.DECISION_TABLE, output, inputs, rules)


def _matched_rule(rule: Rule, outputs: tuple[Output, ...], values: tuple[Any, ...]) -> MatchedRule:
    evaluated = [
        EvaluatedOutput(output.id, output.key, value)
        for output, value in zip(outputs, values, strict=True)
    ]
    return MatchedRule(rule.id, rule.index, tuple(evaluated))


def with_constant_match(rule: Rule, outputs: tuple[Output, ...]) -> Rule:
    """``rule`` with its ``constant_match`` set when all its output entries are literals."""
    entries = rule.output_entries
    if not all(entry.is_constant for entry in entries) or len(entries) != len(outputs):
        return rule
    report = _matched_rule(rule, outputs, tuple(entry.value for entry in entries))
    return dataclasses.replace(rule, constant_match=report)


def _evaluated(
    decision: Decision,
    decision_type: DecisionType,
    output: Any,
    inputs: tuple[EvaluatedInput, ...],
    rules: tuple[MatchedRule, ...],
) -> EvaluatedDecision:
    return EvaluatedDecision(
        decision_id=decision.id,
        decision_name=decision.name,
        decision_version_tag=decision.version_tag,
        decision_type=decision_type,
        decision_output=output,
        evaluated_inputs=inputs,
        matched_rules=rules,
    )
