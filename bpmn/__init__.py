"""The modelling language: BPMN XML, FEEL and DMN. Imports nothing of Baton."""

from ._errors import BpmnError, Problem

__all__ = ["BpmnError", "Problem"]
