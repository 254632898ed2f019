"""Deployed BPMN as the pages need it: names of processes and tasks, forms of tasks and start
events. Parsed once per process definition key (definitions never change once deployed)."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

import bpmn
from bpmn.model import BpmnElementType, BpmnEventType

from . import readmodel


@dataclass(frozen=True, slots=True)
class Model:
    key: int
    process: bpmn.Process
    xml: str
    deployment_key: int

    @property
    def name(self) -> str:
        return self.process.name or self.process.id

    def element_name(self, element_id: str) -> str:
        element = self.process.elements.get(element_id)
        return (getattr(element, "name", None) or element_id) if element else element_id

    def start_event(self) -> bpmn.Event | None:
        """The process's none start event (the one a person can start it from)."""
        for element in self.process.children():
            if (
                isinstance(element, bpmn.Event)
                and element.element_type is BpmnElementType.START_EVENT
                and element.event_type is BpmnEventType.UNSPECIFIED
            ):
                return element
        return None


class Models:
    def __init__(self, engine: Engine, capacity: int = 256) -> None:
        self._engine = engine
        self._cache: OrderedDict[int, Model | None] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()

    def get(self, key: int) -> Model | None:
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        row = readmodel.definition(self._engine, key)
        model = None
        if row is not None:
            try:
                parsed = bpmn.parse(row["bpmn_xml"])
                model = Model(
                    key,
                    parsed.process(row["bpmn_process_id"]),
                    row["bpmn_xml"],
                    row["deployment_key"],
                )
            except (bpmn.BpmnError, KeyError):
                model = None
        with self._lock:
            self._cache[key] = model
            if len(self._cache) > self._capacity:
                self._cache.popitem(last=False)
        return model

    def names_matching(self, text: str) -> list[tuple[int, str]]:
        """(definition key, element id) of user tasks whose name contains `text`."""
        wanted = text.casefold()
        found = []
        for row in readmodel.definitions(self._engine):
            model = self.get(row["key"])
            if model is None:
                continue
            for element_id, element in model.process.elements.items():
                name = getattr(element, "name", None)
                if (
                    element.element_type is BpmnElementType.USER_TASK
                    and name
                    and wanted in name.casefold()
                ):
                    found.append((model.key, element_id))
        return found

    def form_of(self, model: Model, element_id: str) -> dict[str, Any] | None:
        """The form-js schema of a user task or start event, if it has one we can find."""
        element = model.process.elements.get(element_id)
        form = getattr(element, "form", None)
        if form is None:
            return None
        if form.form_key:
            ref = form.form_key.rsplit(":", 1)[-1]
            body = model.process.user_task_forms.get(ref)
            if body is None:
                return None
            try:
                schema = json.loads(body)
            except ValueError:
                return None
            return schema if isinstance(schema, dict) else None
        if form.form_id:
            deployment = model.deployment_key if form.binding_type == "deployment" else None
            tag = (form.version_tag or "") if form.binding_type == "versionTag" else ""
            return readmodel.deployed_form(
                self._engine, form.form_id, deployment_key=deployment, version_tag=tag
            )
        return None
