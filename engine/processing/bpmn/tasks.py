"""Tasks: job workers (service, send, and script/business-rule/user tasks done by a job),
script tasks with `zeebe:script`, business rule tasks with `zeebe:calledDecision` and
plain/manual tasks (pass through); receive tasks are catch events (`events.py`).
User tasks with `zeebe:userTask` are Camunda user tasks (USER_TASK records); others are job
worker tasks of type `io.camunda.zeebe:userTask` (set at compile time).
"""

from __future__ import annotations

from typing import Any

import msgspec

from bpmn.dmn import DecisionEvaluationError, DecisionResult, evaluate_decision

from ...records.enums import ErrorType
from ...records.intents import DecisionEvaluationIntent
from ...records.values import (
    DecisionEvaluationRecordValue,
    DecisionRecordValue,
    EvaluatedDecision,
    EvaluatedInput,
    EvaluatedOutput,
    MatchedRule,
)
from ..errors import Failure
from ..writer import RecordWriter
from .behaviours.expressions import instant, to_json_value
from .element import ElementProcessor
from .element_context import ElementContext

_json = msgspec.json.Encoder()


class JobWorkerTask(ElementProcessor):
    """Creates a job on activation; the job's completion completes the element."""

    def on_activate(self, out: RecordWriter, ctx: ElementContext) -> None:
        self.b.jobs.create(out, ctx)
        self.lifecycle.activated(out, ctx)


class UserTask(JobWorkerTask):
    """A `zeebe:userTask` is a Camunda user task (USER_TASK records, completed through the
    user task commands); any other user task is a job of type `io.camunda.zeebe:userTask`."""

    def on_activate(self, out: RecordWriter, ctx: ElementContext) -> None:
        if ctx.element.user_task is None:
            super().on_activate(out, ctx)
            return
        self.b.user_tasks.create(out, ctx)
        self.lifecycle.activated(out, ctx)

    def on_terminate(self, out: RecordWriter, ctx: ElementContext) -> None:
        instance = self.b.state.element_instances.get(ctx.key)
        if instance is not None and instance.user_task_key >= 0:
            self.b.user_tasks.cancel(out, instance.user_task_key)
        super().on_terminate(out, ctx)


class PassThroughTask(ElementProcessor):
    """Manual and plain tasks."""


class ScriptTask(JobWorkerTask):
    """With `zeebe:script`: the FEEL result lands in the result variable; else a job."""

    def on_activate(self, out: RecordWriter, ctx: ElementContext) -> None:
        element = ctx.element
        if element.script is None:
            super().on_activate(out, ctx)
            return
        result = self.b.expressions.evaluate(
            element.script, self.b.expressions.scope(ctx.key), out.now
        )
        self.lifecycle.activated(out, ctx)
        if element.result_variable:
            self.b.variables.merge_result(out, ctx, {element.result_variable: result})
        self.lifecycle.complete(out, ctx)


def _decision_value(
    decision: DecisionRecordValue, result: DecisionResult, ctx: ElementContext
) -> DecisionEvaluationRecordValue:
    def text(value: Any) -> str:
        return _json.encode(to_json_value(value)).decode()

    return DecisionEvaluationRecordValue(
        decision_key=decision.decision_key,
        decision_id=decision.decision_id,
        decision_name=decision.decision_name,
        decision_version=decision.version,
        decision_requirements_key=decision.decision_requirements_key,
        decision_requirements_id=decision.decision_requirements_id,
        decision_output=text(result.decision_output),
        process_definition_key=ctx.value.process_definition_key,
        bpmn_process_id=ctx.value.bpmn_process_id,
        process_instance_key=ctx.process_instance_key,
        element_instance_key=ctx.key,
        element_id=ctx.value.element_id,
        evaluated_decisions=[
            EvaluatedDecision(
                decision_id=evaluated.decision_id,
                decision_name=evaluated.decision_name or "",
                decision_type=evaluated.decision_type.name,
                decision_output=text(evaluated.decision_output),
                evaluated_inputs=[
                    EvaluatedInput(
                        input_id=i.input_id,
                        input_name=i.input_name,
                        input_value=text(i.input_value),
                    )
                    for i in evaluated.evaluated_inputs
                ],
                matched_rules=[
                    MatchedRule(
                        rule_id=rule.rule_id,
                        rule_index=rule.rule_index,
                        evaluated_outputs=[
                            EvaluatedOutput(
                                output_id=o.output_id,
                                output_name=o.output_name,
                                output_value=text(o.output_value),
                            )
                            for o in rule.evaluated_outputs
                        ],
                    )
                    for rule in evaluated.matched_rules
                ],
            )
            for evaluated in result.evaluated_decisions
        ],
        tenant_id=ctx.value.tenant_id,
    )


class BusinessRuleTask(JobWorkerTask):
    """With `zeebe:calledDecision`: evaluates the latest version of the decision (DMN) into
    the result variable, with a DECISION_EVALUATION record; else a job."""

    def on_activate(self, out: RecordWriter, ctx: ElementContext) -> None:
        element = ctx.element
        if element.decision_id is None:
            super().on_activate(out, ctx)
            return
        variables = self.b.expressions.scope(ctx.key)
        decision_id = self.b.expressions.evaluate_string(element.decision_id, variables, out.now)
        decision = self.b.state.decisions.latest(decision_id, ctx.value.tenant_id)
        if decision is None:
            raise Failure(
                ErrorType.CALLED_DECISION_ERROR,
                f"Expected to evaluate decision '{decision_id}', but no decision found for id "
                f"'{decision_id}'",
            )
        drg = self.b.models.drg(decision.decision_requirements_key)
        try:
            result = evaluate_decision(drg, decision_id, dict(variables), now=instant(out.now))
        except DecisionEvaluationError as error:
            out.event(
                self.b.keys.next_key(),
                DecisionEvaluationIntent.FAILED,
                DecisionEvaluationRecordValue(
                    decision_key=decision.decision_key,
                    decision_id=decision_id,
                    process_instance_key=ctx.process_instance_key,
                    element_instance_key=ctx.key,
                    element_id=ctx.value.element_id,
                    evaluation_failure_message=str(error),
                    failed_decision_id=error.failed_decision_id,
                ),
            )
            raise Failure(
                ErrorType.DECISION_EVALUATION_ERROR,
                f"Expected to evaluate decision '{decision_id}', but {error}",
            ) from None
        out.event(
            self.b.keys.next_key(),
            DecisionEvaluationIntent.EVALUATED,
            _decision_value(decision, result, ctx),
        )
        self.lifecycle.activated(out, ctx)
        if element.result_variable:
            output = to_json_value(result.decision_output)
            self.b.variables.merge_result(out, ctx, {element.result_variable: output})
        self.lifecycle.complete(out, ctx)
