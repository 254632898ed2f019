"""The cache of compiled models (processes and decision requirements graphs) by key.

Derived from state, never part of it: an entry is compiled from the stored resource the first
time it is needed (after a restart or a replay), or handed over by the deployment that created
it. Entries added while a command is processed are *staged*: they become visible to later
commands only when the command's transaction commits, so a rolled-back deployment (whose keys
may be handed out again) leaves nothing behind.

It also answers the appliers' `FlowGraph` questions, the same way live and on replay.
"""

from __future__ import annotations

import bpmn
from bpmn.dmn import DecisionRequirementsGraph, parse_dmn

from ...state.decisions import DecisionsView
from ...state.processes import ProcessesView
from .executable import ExecutableElement, ExecutableProcess, compile_process


class ExecutableModels:
    def __init__(self, processes: ProcessesView, decisions: DecisionsView) -> None:
        self._processes = processes
        self._decisions = decisions
        self._cache: dict[int, ExecutableProcess] = {}
        self._staged: dict[int, ExecutableProcess] = {}
        self._drgs: dict[int, DecisionRequirementsGraph] = {}
        self._staged_drgs: dict[int, DecisionRequirementsGraph] = {}
        # element lookups the appliers make on every flow: (definition, element id) -> element
        self._elements: dict[tuple[int, str], ExecutableElement] = {}

    def process(self, key: int) -> ExecutableProcess:
        """The compiled process with this definition key; KeyError when none is deployed."""
        found = self._staged.get(key) or self._cache.get(key)
        if found is not None:
            return found
        stored = self._processes.get(key)
        if stored is None:
            raise KeyError(f"no process definition {key}")
        definitions = bpmn.parse(stored.resource)
        compiled = compile_process(definitions.process(stored.bpmn_process_id))
        self._cache[key] = compiled
        return compiled

    def drg(self, key: int) -> DecisionRequirementsGraph:
        found = self._staged_drgs.get(key) or self._drgs.get(key)
        if found is not None:
            return found
        stored = self._decisions.requirements(key)
        if stored is None:
            raise KeyError(f"no decision requirements {key}")
        parsed = parse_dmn(stored.resource)
        self._drgs[key] = parsed
        return parsed

    def stage(self, key: int, process: ExecutableProcess) -> None:
        self._staged[key] = process

    def stage_drg(self, key: int, drg: DecisionRequirementsGraph) -> None:
        self._staged_drgs[key] = drg

    def commit(self) -> None:
        if self._staged:
            self._cache.update(self._staged)
            self._staged.clear()
        if self._staged_drgs:
            self._drgs.update(self._staged_drgs)
            self._staged_drgs.clear()

    def rollback(self) -> None:
        for key in self._staged:
            for lookup in [k for k in self._elements if k[0] == key]:
                del self._elements[lookup]
        self._staged.clear()
        self._staged_drgs.clear()

    # FlowGraph (the appliers' questions)

    def _element(self, definition_key: int, element_id: str) -> ExecutableElement:
        lookup = (definition_key, element_id)
        element = self._elements.get(lookup)
        if element is None:
            element = self.process(definition_key).element(element_id)
            self._elements[lookup] = element
        return element

    def is_joining_gateway(self, process_definition_key: int, element_id: str) -> bool:
        return self._element(process_definition_key, element_id).is_join

    def has_incoming(self, process_definition_key: int, element_id: str) -> bool:
        return bool(self._element(process_definition_key, element_id).incoming)

    def flow_target(self, process_definition_key: int, flow_id: str) -> str:
        return self.process(process_definition_key).flows[flow_id].target_id
