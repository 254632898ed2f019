"""Reads for the tasklist, straight from the SQL read model (SQLAlchemy Core, sync: callers
run these in a worker thread).

The REST searches in `broker.exporters.sql.queries` filter on one field at a time; the
tasklist needs "assignee OR candidate user OR candidate group", variable search and offset
pages, so it builds its own statements over the same tables (`schema`).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, and_, exists, func, or_, select, tuple_
from sqlalchemy.sql import ColumnElement

from broker.exporters.sql import schema as s

from .auth import Identity

OPEN_STATES = ("CREATING", "CREATED", "ASSIGNING", "UPDATING", "COMPLETING")
FILTERS = ("mine", "available", "open", "completed")
SORTS = {
    "created": s.user_tasks.c.created_at,
    "priority": s.user_tasks.c.priority,
    "due": s.user_tasks.c.due_date,
    "follow_up": s.user_tasks.c.follow_up_date,
}
MAX_AUDIT = 1000


@dataclass(frozen=True, slots=True)
class TaskRow:
    key: int
    state: str
    assignee: str | None
    candidate_users: tuple[str, ...]
    candidate_groups: tuple[str, ...]
    due_date: str | None
    follow_up_date: str | None
    priority: int
    element_id: str
    element_instance_key: int
    process_instance_key: int
    process_definition_key: int
    bpmn_process_id: str
    created_at: int
    completed_at: int | None


@dataclass(frozen=True, slots=True)
class TaskQuery:
    filter: str = "open"
    process: str = ""
    task: str = ""
    variable_name: str = ""
    variable_value: str = ""
    sort: str = "created"
    order: str = "desc"
    page: int = 1
    # (definition key, element id) pairs whose task name matched `task` (names live in XML).
    named: Sequence[tuple[int, str]] = field(default_factory=tuple)


def _task(row: Any) -> TaskRow:
    m = row._mapping
    return TaskRow(
        key=m["key"],
        state=m["state"],
        assignee=m["assignee"] or None,
        candidate_users=tuple(json.loads(m["candidate_users"] or "[]")),
        candidate_groups=tuple(json.loads(m["candidate_groups"] or "[]")),
        due_date=m["due_date"],
        follow_up_date=m["follow_up_date"],
        priority=m["priority"],
        element_id=m["element_id"],
        element_instance_key=m["element_instance_key"],
        process_instance_key=m["process_instance_key"],
        process_definition_key=m["process_definition_key"],
        bpmn_process_id=m["bpmn_process_id"],
        created_at=m["created_at"],
        completed_at=m["completed_at"],
    )


def _visible_to(who: Identity) -> ColumnElement[bool]:
    t, c = s.user_tasks.c, s.user_task_candidates.c
    candidate = or_(
        and_(c.kind == "user", c.name == who.name),
        and_(c.kind == "group", c.name.in_(who.groups or ("\x00",))),
    )
    return or_(
        t.assignee == who.name,
        exists().where(and_(c.user_task_key == t.key, candidate)),
    )


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_tasks(
    engine: Engine, who: Identity, q: TaskQuery, size: int
) -> tuple[list[TaskRow], int]:
    t = s.user_tasks.c
    where: list[ColumnElement[bool]] = []
    if not who.is_admin:
        where.append(_visible_to(who))
    if q.filter == "completed":
        where.append(t.state == "COMPLETED")
    else:
        where.append(t.state.in_(OPEN_STATES))
    if q.filter == "mine":
        where.append(t.assignee == who.name)
    elif q.filter == "available":
        where.append(or_(t.assignee.is_(None), t.assignee == ""))
    if q.process:
        where.append(t.bpmn_process_id.like(_like(q.process), escape="\\"))
    if q.task:
        match: ColumnElement[bool] = t.element_id.like(_like(q.task), escape="\\")
        if q.named:
            match = or_(match, tuple_(t.process_definition_key, t.element_id).in_(list(q.named)))
        where.append(match)
    if q.variable_name:
        v = s.variables.c
        cond = and_(v.process_instance_key == t.process_instance_key, v.name == q.variable_name)
        if q.variable_value:
            try:
                wanted = json.dumps(json.loads(q.variable_value), separators=(",", ":"))
            except ValueError:
                wanted = json.dumps(q.variable_value)
            cond = and_(cond, or_(v.value == wanted, v.value == q.variable_value))
        where.append(exists().where(cond))
    column = SORTS.get(q.sort, t.created_at)
    ordering: list[Any] = (
        [column.desc(), t.key.desc()] if q.order == "desc" else [column.asc(), t.key.asc()]
    )
    if q.sort in ("due", "follow_up"):  # tasks without a date last, either way
        ordering.insert(0, column.is_(None))
    query = (
        select(s.user_tasks)
        .where(*where)
        .order_by(*ordering)
        .limit(size)
        .offset(max(0, q.page - 1) * size)
    )
    count = select(func.count()).select_from(s.user_tasks).where(*where)
    with engine.connect() as c:
        rows = [_task(r) for r in c.execute(query)]
        total = c.execute(count).scalar_one()
    return rows, int(total)


def task(engine: Engine, key: int) -> TaskRow | None:
    with engine.connect() as c:
        row = c.execute(select(s.user_tasks).where(s.user_tasks.c.key == key)).first()
    return None if row is None else _task(row)


def tasks_changed(engine: Engine) -> int:
    """A number that changes whenever any task changes (the exporter positions' sum)."""
    with engine.connect() as c:
        value = c.execute(select(func.coalesce(func.sum(s.exporter_positions.c.position), 0)))
        return int(value.scalar_one())


def variables(engine: Engine, instance_key: int, scopes: Sequence[int] = ()) -> dict[str, Any]:
    """The variables visible in `scopes` (outermost first; later scopes shadow earlier)."""
    v = s.variables.c
    query = select(v.name, v.value, v.scope_key).where(v.process_instance_key == instance_key)
    with engine.connect() as c:
        rows = list(c.execute(query))
    order = {scope: i for i, scope in enumerate(scopes or [instance_key])}
    found: dict[str, tuple[int, Any]] = {}
    for name, value, scope in rows:
        if scope not in order:
            continue
        rank = order[scope]
        if name not in found or found[name][0] <= rank:
            found[name] = (rank, json.loads(value))
    return {name: value for name, (_, value) in sorted(found.items())}


def definition_xml(engine: Engine, key: int) -> str | None:
    d = s.process_definitions.c
    with engine.connect() as c:
        xml: str | None = c.execute(select(d.bpmn_xml).where(d.key == key)).scalar_one_or_none()
    return xml


def definitions(engine: Engine) -> list[dict[str, Any]]:
    d = s.process_definitions.c
    query = (
        select(d.key, d.bpmn_process_id, d.version, d.version_tag, d.resource_name, d.deployed_at)
        .where(d.deleted.is_(False))
        .order_by(d.bpmn_process_id, d.version.desc())
    )
    with engine.connect() as c:
        return [dict(r._mapping) for r in c.execute(query)]


def definition(engine: Engine, key: int) -> dict[str, Any] | None:
    d = s.process_definitions.c
    with engine.connect() as c:
        row = c.execute(select(s.process_definitions).where(d.key == key)).first()
    return None if row is None else dict(row._mapping)


def deployed_form(
    engine: Engine, form_id: str, *, deployment_key: int | None = None, version_tag: str = ""
) -> dict[str, Any] | None:
    """The form-js schema deployed as `form_id`: the latest version, or the one of
    `deployment_key` (binding "deployment"), or the latest with `version_tag`."""
    a = s.audit_records.c
    query = (
        select(a.json)
        .where(a.value_type == "FORM", a.intent == "CREATED", a.record_type == "EVENT")
        .order_by(a.position.desc())
    )
    best: tuple[int, dict[str, Any]] | None = None
    with engine.connect() as c:
        for (text,) in c.execute(query):
            value = json.loads(text)["value"]
            if value.get("formId") != form_id:
                continue
            if deployment_key is not None and value.get("deploymentKey") != deployment_key:
                continue
            if version_tag and value.get("versionTag") != version_tag:
                continue
            version = int(value.get("version", 0))
            if best is None or version > best[0]:
                best = (version, value)
    if best is None:
        return None
    schema: dict[str, Any] = json.loads(base64.b64decode(best[1]["resource"]))
    return schema


def instances(
    engine: Engine,
    *,
    state: str = "",
    process: str = "",
    business_key: str = "",
    incidents: bool = False,
    page: int = 1,
    size: int = 25,
) -> tuple[list[dict[str, Any]], int]:
    p, i = s.process_instances.c, s.incidents.c
    has_incident = exists().where(and_(i.process_instance_key == p.key, i.state == "ACTIVE"))
    where: list[ColumnElement[bool]] = [p.parent_process_instance_key.is_(None)]
    if state:
        where.append(p.state == state)
    if process:
        where.append(p.bpmn_process_id.like(_like(process), escape="\\"))
    if business_key:
        where.append(p.business_key == business_key)
    if incidents:
        where.append(has_incident)
    query = (
        select(s.process_instances, has_incident.label("has_incident"))
        .where(*where)
        .order_by(p.key.desc())
        .limit(size)
        .offset(max(0, page - 1) * size)
    )
    with engine.connect() as c:
        rows = [dict(r._mapping) for r in c.execute(query)]
        total = c.execute(select(func.count()).select_from(s.process_instances).where(*where))
        return rows, int(total.scalar_one())


def instance(engine: Engine, key: int) -> dict[str, Any] | None:
    with engine.connect() as c:
        row = c.execute(select(s.process_instances).where(s.process_instances.c.key == key)).first()
    return None if row is None else dict(row._mapping)


def elements(engine: Engine, instance_key: int) -> list[dict[str, Any]]:
    e = s.element_instances.c
    query = (
        select(s.element_instances)
        .where(e.process_instance_key == instance_key)
        .order_by(e.start_date, e.key)
    )
    with engine.connect() as c:
        return [dict(r._mapping) for r in c.execute(query)]


def open_incidents(engine: Engine, instance_key: int) -> list[dict[str, Any]]:
    i = s.incidents.c
    query = select(s.incidents).where(i.process_instance_key == instance_key, i.state == "ACTIVE")
    with engine.connect() as c:
        return [dict(r._mapping) for r in c.execute(query.order_by(i.created_at))]


def incident(engine: Engine, key: int) -> dict[str, Any] | None:
    with engine.connect() as c:
        row = c.execute(select(s.incidents).where(s.incidents.c.key == key)).first()
    return None if row is None else dict(row._mapping)


def audit(engine: Engine, instance_key: int, limit: int = MAX_AUDIT) -> list[dict[str, Any]]:
    """The instance's records in log order (events only: what happened, not what was asked)."""
    a = s.audit_records.c
    query = (
        select(a.position, a.timestamp, a.record_type, a.value_type, a.intent, a.record_key, a.json)
        .where(a.process_instance_key == instance_key, a.record_type == "EVENT")
        .order_by(a.partition_id, a.position)
        .limit(limit)
    )
    out = []
    with engine.connect() as c:
        for row in c.execute(query):
            m = dict(row._mapping)
            value = json.loads(m.pop("json")).get("value", {})
            m["element_id"] = value.get("elementId") or value.get("name") or ""
            out.append(m)
    return out
