"""How each exported record changes the read model: one function per value type.

Only events change entity tables (commands and rejections are in the audit table alone). Every
function is called inside the batch's transaction, in log order, at most once per record (the
exporter skips positions already applied), and every write is an upsert or a keyed update, so
the same event applied on two partitions (a process distributed to all of them) is harmless.
Value types without a function here are acknowledged and kept only in the audit table.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import msgspec

from bpmn.model import BpmnElementType
from engine.records import Record, RecordType, ValueType
from engine.records.intents import (
    DecisionEvaluationIntent,
    IncidentIntent,
    Intent,
    JobBatchIntent,
    MessageIntent,
    ProcessInstanceCreationIntent,
    ProcessInstanceIntent,
    ProcessIntent,
    UserTaskIntent,
)

from . import schema as s
from ._writes import Writes

Apply = Callable[[Writes, Record[Any]], None]


def _key_or_none(key: int) -> int | None:
    return None if key < 0 else key


def _text_or_none(text: str) -> str | None:
    return text or None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _deployment(w: Writes, r: Record[Any]) -> None:
    v = r.value
    names = [resource.resource_name for resource in v.resources]
    w.upsert(
        s.deployments,
        {
            "key": r.key,
            "tenant_id": v.tenant_id,
            "created_at": r.timestamp,
            "resource_names": _json(names),
        },
    )


def _process(w: Writes, r: Record[Any]) -> None:
    v = r.value
    if r.intent is ProcessIntent.DELETED:
        w.update(s.process_definitions, v.process_definition_key, deleted=True)
        return
    if r.intent is not ProcessIntent.CREATED:
        return
    w.upsert(
        s.process_definitions,
        {
            "key": v.process_definition_key,
            "bpmn_process_id": v.bpmn_process_id,
            "version": v.version,
            "version_tag": v.version_tag,
            "resource_name": v.resource_name,
            "bpmn_xml": v.resource.decode("utf-8", errors="replace"),
            "checksum": v.checksum.hex(),
            "deployment_key": v.deployment_key,
            "tenant_id": v.tenant_id,
            "deployed_at": r.timestamp,
            "deleted": False,
        },
        keep=("deployed_at",),
    )


def _decision_requirements(w: Writes, r: Record[Any]) -> None:
    v = r.value
    w.upsert(
        s.decision_requirements,
        {
            "key": v.decision_requirements_key,
            "decision_requirements_id": v.decision_requirements_id,
            "name": v.decision_requirements_name,
            "version": v.decision_requirements_version,
            "resource_name": v.resource_name,
            "dmn_xml": v.resource.decode("utf-8", errors="replace"),
            "tenant_id": v.tenant_id,
        },
    )


def _decision(w: Writes, r: Record[Any]) -> None:
    v = r.value
    w.upsert(
        s.decision_definitions,
        {
            "key": v.decision_key,
            "decision_id": v.decision_id,
            "name": v.decision_name,
            "version": v.version,
            "decision_requirements_key": v.decision_requirements_key,
            "decision_requirements_id": v.decision_requirements_id,
            "tenant_id": v.tenant_id,
        },
    )


_ENDED: dict[Intent, str] = {
    ProcessInstanceIntent.ELEMENT_COMPLETED: "COMPLETED",
    ProcessInstanceIntent.ELEMENT_TERMINATED: "TERMINATED",
}


def _process_instance(w: Writes, r: Record[Any]) -> None:
    v = r.value
    is_process = v.bpmn_element_type is BpmnElementType.PROCESS
    table = s.process_instances if is_process else s.element_instances
    if r.intent is ProcessInstanceIntent.ELEMENT_ACTIVATING:
        row: dict[str, Any] = {
            "key": r.key,
            "bpmn_process_id": v.bpmn_process_id,
            "process_definition_key": v.process_definition_key,
            "state": "ACTIVE",
            "start_date": r.timestamp,
            "tenant_id": v.tenant_id,
        }
        if is_process:
            row |= {
                "version": v.version,
                "parent_process_instance_key": _key_or_none(v.parent_process_instance_key),
                "parent_element_instance_key": _key_or_none(v.parent_element_instance_key),
                "partition_id": r.partition_id,
            }
        else:
            element_type = v.bpmn_element_type.name if v.bpmn_element_type else "UNSPECIFIED"
            row |= {
                "process_instance_key": v.process_instance_key,
                "element_id": v.element_id,
                "element_type": element_type,
                "flow_scope_key": v.flow_scope_key,
            }
        w.upsert(table, row)
    elif (state := _ENDED.get(r.intent)) is not None:
        w.update(table, r.key, state=state, end_date=r.timestamp)


def _creation(w: Writes, r: Record[Any]) -> None:
    # The business key travels on the creation response only; it comes before the process
    # element's ACTIVATING event, so the row may be created here and completed there.
    v = r.value
    if r.intent is not ProcessInstanceCreationIntent.CREATED or not v.business_key:
        return
    w.upsert(
        s.process_instances,
        {
            "key": v.process_instance_key,
            "bpmn_process_id": v.bpmn_process_id,
            "process_definition_key": v.process_definition_key,
            "version": v.version,
            "state": "ACTIVE",
            "business_key": v.business_key,
            "tenant_id": v.tenant_id,
            "partition_id": r.partition_id,
        },
        keep=("bpmn_process_id", "process_definition_key", "version", "state", "tenant_id"),
    )


def _variable(w: Writes, r: Record[Any]) -> None:
    v = r.value
    w.upsert(
        s.variables,
        {
            "key": r.key,
            "name": v.name,
            "value": v.value,
            "scope_key": v.scope_key,
            "process_instance_key": v.process_instance_key,
            "process_definition_key": v.process_definition_key,
            "bpmn_process_id": v.bpmn_process_id,
            "tenant_id": v.tenant_id,
            "updated_at": r.timestamp,
        },
    )
    history = {
        "partition_id": r.partition_id,
        "position": r.position,
        "variable_key": r.key,
        "intent": r.intent.name,
        "name": v.name,
        "value": v.value,
        "scope_key": v.scope_key,
        "process_instance_key": v.process_instance_key,
        "timestamp": r.timestamp,
    }
    w.insert(s.variable_history, history)


_JOB_ENDED = {"COMPLETED", "CANCELED", "ERROR_THROWN"}


def _job(w: Writes, r: Record[Any]) -> None:
    v = r.value
    w.upsert(
        s.jobs,
        {
            "key": r.key,
            "type": v.type,
            "worker": v.worker,
            "state": r.intent.name,
            "kind": v.job_kind.name,
            "listener_event_type": v.job_listener_event_type.name,
            "retries": v.retries,
            "error_message": v.error_message,
            "error_code": v.error_code,
            "deadline": _key_or_none(v.deadline),
            "custom_headers": _json(v.custom_headers),
            "process_instance_key": v.process_instance_key,
            "element_instance_key": v.element_instance_key,
            "element_id": v.element_id,
            "bpmn_process_id": v.bpmn_process_id,
            "process_definition_key": v.process_definition_key,
            "tenant_id": v.tenant_id,
            "created_at": r.timestamp,
            "ended_at": r.timestamp if r.intent.name in _JOB_ENDED else None,
        },
        keep=("created_at",),
    )


def _job_batch(w: Writes, r: Record[Any]) -> None:
    if r.intent is not JobBatchIntent.ACTIVATED:
        return
    for key, job in zip(r.value.job_keys, r.value.jobs, strict=True):
        w.update(s.jobs, key, worker=job.worker, deadline=_key_or_none(job.deadline))


def _incident(w: Writes, r: Record[Any]) -> None:
    v = r.value
    elements = s.element_instances
    if r.intent is IncidentIntent.CREATED:
        w.upsert(
            s.incidents,
            {
                "key": r.key,
                "error_type": v.error_type.name,
                "error_message": v.error_message,
                "state": "ACTIVE",
                "process_instance_key": v.process_instance_key,
                "process_definition_key": v.process_definition_key,
                "bpmn_process_id": v.bpmn_process_id,
                "element_id": v.element_id,
                "element_instance_key": v.element_instance_key,
                "job_key": _key_or_none(v.job_key),
                "tenant_id": v.tenant_id,
                "created_at": r.timestamp,
            },
        )
        w.update(elements, v.element_instance_key, incident_key=r.key)
    elif r.intent is IncidentIntent.RESOLVED:
        w.update(s.incidents, r.key, state="RESOLVED", resolved_at=r.timestamp)
        # An element instance has at most one open incident: the one resolved here.
        w.update(elements, v.element_instance_key, incident_key=None)


# Events that settle a user task back to CREATED (the transition they end is done).
_TASK_STATES: dict[Intent, str] = {
    UserTaskIntent.CREATING: "CREATING",
    UserTaskIntent.CREATED: "CREATED",
    UserTaskIntent.ASSIGNING: "ASSIGNING",
    UserTaskIntent.CLAIMING: "ASSIGNING",
    UserTaskIntent.ASSIGNED: "CREATED",
    UserTaskIntent.UPDATING: "UPDATING",
    UserTaskIntent.UPDATED: "CREATED",
    UserTaskIntent.COMPLETING: "COMPLETING",
    UserTaskIntent.COMPLETED: "COMPLETED",
    UserTaskIntent.CANCELING: "CANCELING",
    UserTaskIntent.CANCELED: "CANCELED",
    UserTaskIntent.ASSIGNMENT_DENIED: "CREATED",
    UserTaskIntent.UPDATE_DENIED: "CREATED",
    UserTaskIntent.COMPLETION_DENIED: "CREATED",
}


def _user_task(w: Writes, r: Record[Any]) -> None:
    v = r.value
    state = _TASK_STATES.get(r.intent)
    if state is None:
        return
    ended = state in ("COMPLETED", "CANCELED")
    w.upsert(
        s.user_tasks,
        {
            "key": r.key,
            "state": state,
            "assignee": _text_or_none(v.assignee),
            "candidate_users": _json(v.candidate_users_list),
            "candidate_groups": _json(v.candidate_groups_list),
            "due_date": _text_or_none(v.due_date),
            "follow_up_date": _text_or_none(v.follow_up_date),
            "priority": v.priority,
            "form_key": _key_or_none(v.form_key),
            "external_form_reference": _text_or_none(v.external_form_reference),
            "custom_headers": _json(v.custom_headers),
            "element_id": v.element_id,
            "element_instance_key": v.element_instance_key,
            "process_instance_key": v.process_instance_key,
            "process_definition_key": v.process_definition_key,
            "bpmn_process_id": v.bpmn_process_id,
            "tenant_id": v.tenant_id,
            "created_at": v.creation_timestamp if v.creation_timestamp >= 0 else r.timestamp,
            "completed_at": r.timestamp if ended else None,
        },
        keep=("created_at",),
    )
    candidates = s.user_task_candidates
    names = {("user", n) for n in v.candidate_users_list}
    names |= {("group", n) for n in v.candidate_groups_list}
    children = [{"user_task_key": r.key, "kind": k, "name": n} for k, n in sorted(names)]
    w.replace_children(candidates, "user_task_key", r.key, children)


def _message(w: Writes, r: Record[Any]) -> None:
    v = r.value
    if r.intent is MessageIntent.PUBLISHED:
        w.upsert(
            s.messages,
            {
                "key": r.key,
                "name": v.name,
                "correlation_key": v.correlation_key,
                "message_id": v.message_id,
                "state": "PUBLISHED",
                "time_to_live": v.time_to_live,
                "deadline": _key_or_none(v.deadline),
                "variables": _json(v.variables),
                "tenant_id": v.tenant_id,
                "published_at": r.timestamp,
            },
        )
    elif r.intent is MessageIntent.EXPIRED:
        w.update(s.messages, r.key, state="EXPIRED")


def _subscription(kind: str) -> Apply:
    def apply(w: Writes, r: Record[Any]) -> None:
        v = r.value
        w.upsert(
            s.message_subscriptions,
            {
                "kind": kind,
                "key": r.key,
                "state": r.intent.name,
                "message_name": v.message_name,
                "correlation_key": v.correlation_key,
                "process_instance_key": v.process_instance_key,
                "element_instance_key": v.element_instance_key,
                "element_id": getattr(v, "element_id", ""),
                "bpmn_process_id": v.bpmn_process_id,
                "message_key": _key_or_none(v.message_key),
                "interrupting": v.interrupting,
                "tenant_id": v.tenant_id,
                "updated_at": r.timestamp,
            },
        )

    return apply


def _decision_evaluation(w: Writes, r: Record[Any]) -> None:
    v = r.value
    failed = r.intent is DecisionEvaluationIntent.FAILED
    for index, decision in enumerate(v.evaluated_decisions, start=1):
        is_failed_one = failed and decision.decision_id == v.failed_decision_id
        w.upsert(
            s.decision_instances,
            {
                "id": f"{r.key}-{index}",
                "evaluation_key": r.key,
                "state": "FAILED" if is_failed_one else "EVALUATED",
                "decision_key": decision.decision_key,
                "decision_id": decision.decision_id,
                "decision_name": decision.decision_name,
                "decision_version": decision.decision_version,
                "decision_type": decision.decision_type,
                "decision_requirements_key": v.decision_requirements_key,
                "output": decision.decision_output,
                "evaluated_inputs": _json([_plain(i) for i in decision.evaluated_inputs]),
                "matched_rules": _json([_plain(m) for m in decision.matched_rules]),
                "failure_message": v.evaluation_failure_message if is_failed_one else "",
                "process_instance_key": _key_or_none(v.process_instance_key),
                "element_instance_key": _key_or_none(v.element_instance_key),
                "element_id": v.element_id,
                "bpmn_process_id": v.bpmn_process_id,
                "process_definition_key": _key_or_none(v.process_definition_key),
                "tenant_id": decision.tenant_id,
                "evaluated_at": r.timestamp,
            },
        )


def _plain(value: Any) -> Any:
    return msgspec.to_builtins(value)


PROJECTIONS: dict[ValueType, Apply] = {
    ValueType.DEPLOYMENT: _deployment,
    ValueType.PROCESS: _process,
    ValueType.DECISION_REQUIREMENTS: _decision_requirements,
    ValueType.DECISION: _decision,
    ValueType.PROCESS_INSTANCE: _process_instance,
    ValueType.PROCESS_INSTANCE_CREATION: _creation,
    ValueType.VARIABLE: _variable,
    ValueType.JOB: _job,
    ValueType.JOB_BATCH: _job_batch,
    ValueType.INCIDENT: _incident,
    ValueType.USER_TASK: _user_task,
    ValueType.MESSAGE: _message,
    ValueType.MESSAGE_SUBSCRIPTION: _subscription("MESSAGE"),
    ValueType.PROCESS_MESSAGE_SUBSCRIPTION: _subscription("PROCESS"),
    ValueType.DECISION_EVALUATION: _decision_evaluation,
}


def process_instance_key_of(record: Record[Any]) -> int | None:
    key = getattr(record.value, "process_instance_key", -1)
    if record.value_type is ValueType.PROCESS_INSTANCE and key < 0:
        key = record.key
    return key if isinstance(key, int) and key >= 0 else None


def apply(writes: Writes, record: Record[Any]) -> None:
    """Describe how one record changes the entity tables (the audit row is the exporter's)."""
    if record.record_type is not RecordType.EVENT:
        return
    project = PROJECTIONS.get(record.value_type)
    if project is not None:
        project(writes, record)
