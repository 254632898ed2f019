"""The modelling language: BPMN XML, FEEL and DMN. Imports nothing of Baton.

``parse`` turns a BPMN document into a frozen ``Definitions`` or raises ``BpmnError`` with every
problem found; ``bpmn.model`` holds the element classes.
"""

from ._errors import BpmnError, Problem
from ._parse import parse
from .model import (
    Activity,
    BpmnElementType,
    BpmnEventType,
    BusinessRuleTask,
    CallActivity,
    Definitions,
    Element,
    Event,
    Expression,
    FlowNode,
    Gateway,
    Message,
    Process,
    ReceiveTask,
    ScriptTask,
    SequenceFlow,
    SubProcess,
    Task,
    UserTask,
)

__all__ = [
    "Activity",
    "BpmnElementType",
    "BpmnError",
    "BpmnEventType",
    "BusinessRuleTask",
    "CallActivity",
    "Definitions",
    "Element",
    "Event",
    "Expression",
    "FlowNode",
    "Gateway",
    "Message",
    "Problem",
    "Process",
    "ReceiveTask",
    "ScriptTask",
    "SequenceFlow",
    "SubProcess",
    "Task",
    "UserTask",
    "parse",
]
