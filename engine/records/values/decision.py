"""Values of decision evaluation (DMN): the result and the trail of every decision evaluated.

Decision outputs and input/output values are JSON text, as Zeebe exports them.
"""

from __future__ import annotations

from typing import Any

import msgspec

from ._base import DEFAULT_TENANT, RecordValue


class EvaluatedInput(RecordValue, frozen=True):
    input_id: str = ""
    input_name: str = ""
    input_value: str = "null"


class EvaluatedOutput(RecordValue, frozen=True):
    output_id: str = ""
    output_name: str = ""
    output_value: str = "null"


class MatchedRule(RecordValue, frozen=True):
    rule_id: str = ""
    rule_index: int = -1
    evaluated_outputs: list[EvaluatedOutput] = msgspec.field(default_factory=list)


class EvaluatedDecision(RecordValue, frozen=True):
    decision_id: str = ""
    decision_name: str = ""
    decision_key: int = -1
    decision_version: int = -1
    decision_type: str = ""
    decision_output: str = "null"
    tenant_id: str = DEFAULT_TENANT
    evaluated_inputs: list[EvaluatedInput] = msgspec.field(default_factory=list)
    matched_rules: list[MatchedRule] = msgspec.field(default_factory=list)


class DecisionEvaluationRecordValue(RecordValue, frozen=True):
    decision_key: int = -1
    decision_id: str = ""
    decision_name: str = ""
    decision_version: int = -1
    decision_requirements_key: int = -1
    decision_requirements_id: str = ""
    decision_output: str = "null"
    variables: dict[str, Any] = msgspec.field(default_factory=dict)
    process_definition_key: int = -1
    bpmn_process_id: str = ""
    process_instance_key: int = -1
    element_instance_key: int = -1
    element_id: str = ""
    evaluated_decisions: list[EvaluatedDecision] = msgspec.field(default_factory=list)
    evaluation_failure_message: str = ""
    failed_decision_id: str = ""
    tenant_id: str = DEFAULT_TENANT
