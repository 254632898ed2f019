"""Builders for small BPMN documents, so each test writes only the elements it is about."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import bpmn

FIXTURES = Path(__file__).parent / "fixtures"

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
"""
ROOTS = """  <bpmn:message id="msg" name="paid">
    <bpmn:extensionElements>
      <zeebe:subscription correlationKey="=orderId" />
    </bpmn:extensionElements>
  </bpmn:message>
  <bpmn:message id="startMsg" name="order-placed" />
  <bpmn:signal id="sig" name="stop" />
  <bpmn:error id="err" name="Failed" errorCode="FAILED" />
  <bpmn:escalation id="esc" name="Late" escalationCode="LATE" />
"""

DocBuilder = Callable[..., str]


def document(
    body: str, *, start: bool = True, extra_roots: str = "", executable: bool = True
) -> str:
    """A definitions document with process ``p`` holding ``body`` (and a none start event
    ``start`` unless ``start`` is False), plus the root elements above and ``extra_roots``."""
    start_event = '    <bpmn:startEvent id="start" />\n' if start else ""
    flag = "true" if executable else "false"
    return (
        f'{HEAD}{ROOTS}{extra_roots}  <bpmn:process id="p" isExecutable="{flag}">\n'
        f"{start_event}{body}\n  </bpmn:process>\n</bpmn:definitions>\n"
    )


@pytest.fixture
def bpmn_doc() -> DocBuilder:
    return document


@pytest.fixture
def problems_of() -> Callable[[str], list[bpmn.Problem]]:
    """The problems ``bpmn.parse`` refuses a document with (failing if it is accepted)."""

    def parse_refused(source: str) -> list[bpmn.Problem]:
        with pytest.raises(bpmn.BpmnError) as caught:
            bpmn.parse(source)
        return caught.value.problems

    return parse_refused
