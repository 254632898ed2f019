"""Read-model searches for the REST v2 search endpoints and the tasklist.

Each ``search_*`` takes a SQLAlchemy ``Connection`` (or ``Engine``), a ``filter`` of field
names to values or operator dicts (see ``_paging``), a list of ``Sort``, a ``limit``, and
the ``after`` cursor of a previous page (its ``end_cursor``) or ``before`` one (its
``start_cursor``), and returns a ``Page`` of frozen dataclasses. Field names are the
snake_case of Camunda's (``processInstanceKey`` -> ``process_instance_key``); times are epoch
milliseconds. No HTTP here: the gateway maps requests and responses.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, Table, and_, exists, func, select

from . import schema as s
from ._paging import Entity, Page, Sort

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ProcessDefinition:
    key: int
    bpmn_process_id: str
    version: int
    version_tag: str
    resource_name: str
    tenant_id: str
    deployment_key: int
    deployed_at: int


@dataclass(frozen=True, slots=True)
class ProcessInstance:
    key: int
    bpmn_process_id: str
    process_definition_key: int
    version: int
    state: str
    start_date: int | None
    end_date: int | None
    business_key: str | None
    parent_process_instance_key: int | None
    parent_element_instance_key: int | None
    tenant_id: str
    has_incident: bool


@dataclass(frozen=True, slots=True)
class ElementInstance:
    key: int
    process_instance_key: int
    process_definition_key: int
    bpmn_process_id: str
    element_id: str
    element_type: str
    flow_scope_key: int
    state: str
    start_date: int
    end_date: int | None
    incident_key: int | None
    tenant_id: str


@dataclass(frozen=True, slots=True)
class Variable:
    key: int
    name: str
    value: str  # JSON text
    scope_key: int
    process_instance_key: int
    tenant_id: str


@dataclass(frozen=True, slots=True)
class Incident:
    key: int
    error_type: str
    error_message: str
    state: str
    process_instance_key: int
    process_definition_key: int
    bpmn_process_id: str
    element_id: str
    element_instance_key: int
    job_key: int | None
    tenant_id: str
    created_at: int
    resolved_at: int | None


@dataclass(frozen=True, slots=True)
class Job:
    key: int
    type: str
    worker: str
    state: str
    kind: str
    retries: int
    error_message: str
    error_code: str
    deadline: int | None
    process_instance_key: int
    element_instance_key: int
    element_id: str
    bpmn_process_id: str
    tenant_id: str
    created_at: int
    ended_at: int | None


@dataclass(frozen=True, slots=True)
class UserTask:
    key: int
    state: str
    assignee: str | None
    candidate_users: list[str]
    candidate_groups: list[str]
    due_date: str | None
    follow_up_date: str | None
    priority: int
    form_key: int | None
    external_form_reference: str | None
    element_id: str
    element_instance_key: int
    process_instance_key: int
    process_definition_key: int
    bpmn_process_id: str
    tenant_id: str
    created_at: int
    completed_at: int | None


@dataclass(frozen=True, slots=True)
class DecisionInstance:
    id: str
    evaluation_key: int
    state: str
    decision_key: int
    decision_id: str
    decision_name: str
    decision_version: int
    decision_type: str
    output: str  # JSON text
    failure_message: str
    process_instance_key: int | None
    element_instance_key: int | None
    element_id: str
    tenant_id: str
    evaluated_at: int


_JSON_LISTS = {"candidate_users", "candidate_groups"}


def _builder(cls: type[T]) -> Any:
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]

    def build(row: Mapping[str, Any]) -> T:
        values = {n: json.loads(row[n]) if n in _JSON_LISTS else row[n] for n in names}
        if "has_incident" in values:
            values["has_incident"] = bool(values["has_incident"])
        return cls(**values)

    return build


def _entity(
    cls: type[T],
    table: Table,
    key: str,
    *,
    filters: Sequence[str],
    sorts: Sequence[str],
    computed: Mapping[str, Any] | None = None,
) -> Entity[T]:
    columns = {c.name: c for c in table.c}
    computed = dict(computed or {})
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    selected = [computed[n].label(n) if n in computed else columns[n] for n in names]
    every = {**columns, **computed}

    # Nullable sort fields sort as -1 / "" so the keyset comparison never meets NULL.
    def sortable(name: str) -> Any:
        column = every[name]
        if getattr(column, "nullable", False):
            return func.coalesce(column, "" if _is_text(column) else -1)
        return column

    return Entity(
        query=select(*selected),
        key=columns[key],
        filters={n: every[n] for n in filters},
        sorts={n: sortable(n) for n in sorts},
        build=_builder(cls),
    )


def _is_text(column: Any) -> bool:
    return column.type.python_type is str


_ACTIVE_INCIDENT = (
    exists()
    .where(
        and_(
            s.incidents.c.process_instance_key == s.process_instances.c.key,
            s.incidents.c.state == "ACTIVE",
        )
    )
    .correlate(s.process_instances)
)

PROCESS_DEFINITIONS = _entity(
    ProcessDefinition,
    s.process_definitions,
    "key",
    filters=("key", "bpmn_process_id", "version", "version_tag", "resource_name", "tenant_id"),
    sorts=("key", "bpmn_process_id", "version", "deployed_at", "tenant_id"),
)
PROCESS_INSTANCES = _entity(
    ProcessInstance,
    s.process_instances,
    "key",
    filters=(
        "key",
        "bpmn_process_id",
        "process_definition_key",
        "version",
        "state",
        "start_date",
        "end_date",
        "business_key",
        "parent_process_instance_key",
        "parent_element_instance_key",
        "tenant_id",
        "has_incident",
    ),
    sorts=("key", "bpmn_process_id", "version", "state", "start_date", "end_date"),
    computed={"has_incident": _ACTIVE_INCIDENT},
)
ELEMENT_INSTANCES = _entity(
    ElementInstance,
    s.element_instances,
    "key",
    filters=(
        "key",
        "process_instance_key",
        "process_definition_key",
        "bpmn_process_id",
        "element_id",
        "element_type",
        "state",
        "incident_key",
        "tenant_id",
    ),
    sorts=("key", "element_id", "state", "start_date", "end_date", "element_type"),
)
VARIABLES = _entity(
    Variable,
    s.variables,
    "key",
    filters=("key", "name", "value", "scope_key", "process_instance_key", "tenant_id"),
    sorts=("key", "name", "value", "scope_key", "process_instance_key"),
)
INCIDENTS = _entity(
    Incident,
    s.incidents,
    "key",
    filters=(
        "key",
        "error_type",
        "error_message",
        "state",
        "process_instance_key",
        "process_definition_key",
        "bpmn_process_id",
        "element_id",
        "element_instance_key",
        "job_key",
        "tenant_id",
        "created_at",
    ),
    sorts=("key", "error_type", "state", "created_at", "process_instance_key", "element_id"),
)
JOBS = _entity(
    Job,
    s.jobs,
    "key",
    filters=(
        "key",
        "type",
        "worker",
        "state",
        "kind",
        "retries",
        "process_instance_key",
        "element_instance_key",
        "element_id",
        "bpmn_process_id",
        "tenant_id",
        "deadline",
    ),
    sorts=("key", "type", "state", "retries", "created_at", "deadline", "worker"),
)
USER_TASKS = _entity(
    UserTask,
    s.user_tasks,
    "key",
    filters=(
        "key",
        "state",
        "assignee",
        "priority",
        "element_id",
        "element_instance_key",
        "process_instance_key",
        "process_definition_key",
        "bpmn_process_id",
        "tenant_id",
        "due_date",
        "follow_up_date",
        "created_at",
    ),
    sorts=("key", "priority", "created_at", "completed_at", "due_date", "follow_up_date"),
)
DECISION_INSTANCES = _entity(
    DecisionInstance,
    s.decision_instances,
    "id",
    filters=(
        "id",
        "evaluation_key",
        "state",
        "decision_key",
        "decision_id",
        "decision_version",
        "decision_type",
        "process_instance_key",
        "element_instance_key",
        "tenant_id",
        "evaluated_at",
    ),
    sorts=("id", "decision_id", "decision_version", "evaluated_at", "state"),
)


def _connected(bind: Connection | Engine, run: Any) -> Any:
    if isinstance(bind, Engine):
        with bind.connect() as connection:
            return run(connection)
    return run(bind)


def _search(
    entity: Entity[T],
    bind: Connection | Engine,
    filter: Mapping[str, Any] | None,
    sort: Sequence[Sort],
    limit: int,
    after: str | None,
    extra: Sequence[Any] = (),
    before: str | None = None,
) -> Page[T]:
    page: Page[T] = _connected(
        bind, lambda c: entity.search(c, filter, sort, limit, after, extra, before)
    )
    return page


def search_process_definitions(
    bind: Connection | Engine,
    filter: Mapping[str, Any] | None = None,
    sort: Sequence[Sort] = (),
    limit: int = 100,
    after: str | None = None,
    before: str | None = None,
) -> Page[ProcessDefinition]:
    return _search(PROCESS_DEFINITIONS, bind, filter, sort, limit, after, before=before)


def process_definition_xml(bind: Connection | Engine, key: int) -> str | None:
    """The BPMN XML of one process definition, as deployed (None for an unknown key)."""
    query = select(s.process_definitions.c.bpmn_xml).where(s.process_definitions.c.key == key)
    xml: str | None = _connected(bind, lambda c: c.execute(query).scalar_one_or_none())
    return xml


def search_process_instances(
    bind: Connection | Engine,
    filter: Mapping[str, Any] | None = None,
    sort: Sequence[Sort] = (),
    limit: int = 100,
    after: str | None = None,
    before: str | None = None,
) -> Page[ProcessInstance]:
    return _search(PROCESS_INSTANCES, bind, filter, sort, limit, after, before=before)


def search_element_instances(
    bind: Connection | Engine,
    filter: Mapping[str, Any] | None = None,
    sort: Sequence[Sort] = (),
    limit: int = 100,
    after: str | None = None,
    before: str | None = None,
) -> Page[ElementInstance]:
    return _search(ELEMENT_INSTANCES, bind, filter, sort, limit, after, before=before)


def search_variables(
    bind: Connection | Engine,
    filter: Mapping[str, Any] | None = None,
    sort: Sequence[Sort] = (),
    limit: int = 100,
    after: str | None = None,
    before: str | None = None,
) -> Page[Variable]:
    return _search(VARIABLES, bind, filter, sort, limit, after, before=before)


def search_incidents(
    bind: Connection | Engine,
    filter: Mapping[str, Any] | None = None,
    sort: Sequence[Sort] = (),
    limit: int = 100,
    after: str | None = None,
    before: str | None = None,
) -> Page[Incident]:
    return _search(INCIDENTS, bind, filter, sort, limit, after, before=before)


def search_jobs(
    bind: Connection | Engine,
    filter: Mapping[str, Any] | None = None,
    sort: Sequence[Sort] = (),
    limit: int = 100,
    after: str | None = None,
    before: str | None = None,
) -> Page[Job]:
    return _search(JOBS, bind, filter, sort, limit, after, before=before)


def search_user_tasks(
    bind: Connection | Engine,
    filter: Mapping[str, Any] | None = None,
    sort: Sequence[Sort] = (),
    limit: int = 100,
    after: str | None = None,
    before: str | None = None,
) -> Page[UserTask]:
    """Also filters ``candidate_user`` and ``candidate_group`` (a name: tasks that person or
    group may claim)."""
    filter = dict(filter or {})
    extra = []
    for field, kind in (("candidate_user", "user"), ("candidate_group", "group")):
        if field in filter:
            c = s.user_task_candidates.c
            extra.append(
                exists().where(
                    and_(
                        c.user_task_key == s.user_tasks.c.key,
                        c.kind == kind,
                        c.name == filter.pop(field),
                    )
                )
            )
    return _search(USER_TASKS, bind, filter, sort, limit, after, extra, before)


def search_decision_instances(
    bind: Connection | Engine,
    filter: Mapping[str, Any] | None = None,
    sort: Sequence[Sort] = (),
    limit: int = 100,
    after: str | None = None,
    before: str | None = None,
) -> Page[DecisionInstance]:
    return _search(DECISION_INSTANCES, bind, filter, sort, limit, after, before=before)
