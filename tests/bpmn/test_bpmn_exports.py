"""The public surface of ``bpmn`` and ``bpmn.model``: sorted, complete, importable."""

from __future__ import annotations

import inspect

import bpmn
import bpmn.model
from bpmn.model import _definitions, _elements, _extensions, _roots, _types


def test_bpmn_all_is_sorted_and_importable() -> None:
    assert bpmn.__all__ == sorted(bpmn.__all__)
    for name in bpmn.__all__:
        assert getattr(bpmn, name) is not None
    assert {"parse", "BpmnError", "Problem", "Definitions", "Process"} <= set(bpmn.__all__)
    assert {"BpmnElementType", "BpmnEventType"} <= set(bpmn.__all__)


def test_model_all_lists_every_public_class() -> None:
    assert bpmn.model.__all__ == sorted(bpmn.model.__all__)
    defined = {
        name
        for module in (_definitions, _elements, _extensions, _roots, _types)
        for name, value in vars(module).items()
        if inspect.isclass(value) and value.__module__ == module.__name__ and name[0] != "_"
    }
    assert defined <= set(bpmn.model.__all__)
    assert "EventDefinition" in bpmn.model.__all__


def test_top_level_names_are_the_model_classes() -> None:
    for name in bpmn.__all__:
        if name in bpmn.model.__all__:
            assert getattr(bpmn, name) is getattr(bpmn.model, name)


def test_element_types_match_zeebe_names() -> None:
    names = {t.name for t in bpmn.BpmnElementType}
    assert {"PROCESS", "SUB_PROCESS", "EVENT_SUB_PROCESS", "AD_HOC_SUB_PROCESS"} <= names
    assert {"MULTI_INSTANCE_BODY", "SEQUENCE_FLOW", "EVENT_BASED_GATEWAY"} <= names
    assert all(t.name == t.value for t in bpmn.BpmnElementType)
    assert [t.name for t in bpmn.BpmnEventType] == [
        "UNSPECIFIED",
        "MESSAGE",
        "TIMER",
        "ERROR",
        "SIGNAL",
        "ESCALATION",
        "COMPENSATION",
        "CONDITIONAL",
        "LINK",
        "TERMINATE",
    ]
