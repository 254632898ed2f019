"""Zeebe's rules for what tasks need from their ``zeebe:`` extensions: jobs, scripts, decisions,
called processes, forms, listeners and retries."""

from __future__ import annotations

from ._rules import Checker, blank
from .model import (
    Activity,
    BpmnElementType,
    BusinessRuleTask,
    CallActivity,
    Expression,
    FlowNode,
    FormDefinition,
    ReceiveTask,
    ScriptTask,
    UserTask,
)

T = BpmnElementType

_JOB_WORKERS = frozenset({T.SERVICE_TASK, T.SEND_TASK})
_LISTENER_EVENTS = frozenset({"start", "end"})
_BINDING_TYPES = frozenset({"latest", "deployment", "versionTag"})


def _job(check: Checker, activity: Activity, what: str) -> None:
    definition = activity.task_definition
    if definition is None or blank(definition.type):
        check.add(f"{what} needs a job type (zeebe:taskDefinition type)", activity)


def _retries(check: Checker, node: FlowNode, retries: Expression) -> None:
    text = retries.text.strip()
    if not retries.is_feel and not text.isdigit():
        check.add(f"retries must be a whole number or an expression, not '{text}'", node)


def _binding(check: Checker, node: FlowNode, what: str, binding: str, tag: str | None) -> None:
    """``bindingType`` picks which version of a called process, decision or form is used."""
    if binding not in _BINDING_TYPES:
        check.add(
            f"{what} bindingType must be latest, deployment or versionTag, not '{binding}'", node
        )
    elif binding == "versionTag" and not (tag and tag.strip()):
        check.add(f"{what} with bindingType versionTag needs a versionTag", node)


def check_form(check: Checker, node: FlowNode, form: FormDefinition | None) -> None:
    if form is None:
        return
    given = [
        name
        for name, value in (
            ("formKey", form.form_key),
            ("formId", form.form_id),
            ("externalReference", form.external_reference),
        )
        if value is not None and (value if isinstance(value, str) else value.text).strip()
    ]
    if len(given) != 1:
        check.add(
            "zeebe:formDefinition needs exactly one of formKey, formId or externalReference"
            + (f", has {' and '.join(given)}" if given else ""),
            node,
        )
    if form.form_id:
        _binding(check, node, "zeebe:formDefinition", form.binding_type, form.version_tag)


def check_listeners(check: Checker, node: FlowNode) -> None:
    for listener in node.execution_listeners:
        if listener.event_type not in _LISTENER_EVENTS:
            check.add(
                f"execution listener eventType must be 'start' or 'end', "
                f"not '{listener.event_type}'",
                node,
            )
        if blank(listener.type):
            check.add("an execution listener needs a job type", node)
        _retries(check, node, listener.retries)
    if isinstance(node, UserTask):
        if node.task_listeners and not node.is_zeebe_user_task:
            check.add("task listeners need a Camunda user task (zeebe:userTask)", node)
        for listener in node.task_listeners:
            if not listener.event_type:
                check.add("a task listener needs an eventType", node)
            if blank(listener.type):
                check.add("a task listener needs a job type", node)
            _retries(check, node, listener.retries)


def _script(check: Checker, task: ScriptTask) -> None:
    if task.script is None and task.task_definition is None:
        check.add("a script task needs a zeebe:script expression or a zeebe:taskDefinition", task)
    elif task.script is not None and task.task_definition is not None:
        check.add("a script task has both zeebe:script and zeebe:taskDefinition", task)
    elif task.script is not None:
        if blank(task.script.expression):
            check.add("zeebe:script has no expression", task)
        check.feel(task, task.script.expression, "the zeebe:script expression")
        if not task.script.result_variable:
            check.add("zeebe:script has no resultVariable", task)
    else:
        _job(check, task, "a script task")


def _business_rule(check: Checker, task: BusinessRuleTask) -> None:
    decision = task.called_decision
    if decision is None and task.task_definition is None:
        check.add(
            "a business rule task needs a zeebe:calledDecision or a zeebe:taskDefinition", task
        )
    elif decision is not None and task.task_definition is not None:
        check.add(
            "a business rule task has both zeebe:calledDecision and zeebe:taskDefinition", task
        )
    elif decision is not None:
        if blank(decision.decision_id):
            check.add("zeebe:calledDecision has no decisionId", task)
        if not decision.result_variable:
            check.add("zeebe:calledDecision has no resultVariable", task)
        _binding(check, task, "zeebe:calledDecision", decision.binding_type, decision.version_tag)
    else:
        _job(check, task, "a business rule task")


def check_task(check: Checker, activity: Activity) -> None:
    """The extension rules of one activity (subprocess structure is checked elsewhere)."""
    kind = activity.element_type
    if kind in _JOB_WORKERS:
        _job(check, activity, f"a {kind.value.lower().replace('_', ' ')}")
    elif isinstance(activity, ScriptTask):
        _script(check, activity)
    elif isinstance(activity, BusinessRuleTask):
        _business_rule(check, activity)
    elif isinstance(activity, ReceiveTask):
        check.message(activity, activity.message, needs_key=True)
    elif isinstance(activity, CallActivity):
        called = activity.called_element
        if called is None or blank(called.process_id):
            check.add("a call activity needs zeebe:calledElement with a processId", activity)
        if called is not None:
            _binding(
                check, activity, "zeebe:calledElement", called.binding_type, called.version_tag
            )
    elif isinstance(activity, UserTask):
        check_form(check, activity, activity.form)
    if activity.task_definition is not None:
        _retries(check, activity, activity.task_definition.retries)
