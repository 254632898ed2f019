"""Values read from ``zeebe:`` extension elements, and the ``Expression`` that most of them hold.

Expressions stay text here: the FEEL compiler turns them into closures at deploy time, and needs
to say *where* a broken one sits, so each carries its element, attribute and line.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Expression:
    """An expression or static value as written in the XML.

    ``text`` is the raw text; a leading ``=`` (after blanks) marks FEEL, anything else is a static
    value. ``attribute`` names where it was written, e.g. ``zeebe:taskDefinition/@type`` or
    ``conditionExpression``.
    """

    text: str
    element_id: str
    attribute: str
    line: int | None = None

    @property
    def is_feel(self) -> bool:
        return self.text.lstrip().startswith("=")

    @property
    def feel(self) -> str | None:
        """The FEEL source after the ``=``, or None for a static value."""
        stripped = self.text.lstrip()
        return stripped[1:] if stripped.startswith("=") else None


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskDefinition:
    """``zeebe:taskDefinition``: the job a worker picks up. Retries default to ``"3"``."""

    type: Expression
    retries: Expression


@dataclass(frozen=True, slots=True, kw_only=True)
class VariableMapping:
    """One ``zeebe:input`` or ``zeebe:output``: ``source`` (an expression) into ``target``."""

    source: Expression | None
    target: str


@dataclass(frozen=True, slots=True, kw_only=True)
class IoMapping:
    inputs: tuple[VariableMapping, ...] = ()
    outputs: tuple[VariableMapping, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class CalledElement:
    """``zeebe:calledElement`` of a call activity."""

    process_id: Expression
    propagate_all_child_variables: bool = True
    propagate_all_parent_variables: bool = True
    binding_type: str = "latest"
    version_tag: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CalledDecision:
    """``zeebe:calledDecision`` of a business rule task."""

    decision_id: Expression
    result_variable: str
    binding_type: str = "latest"
    version_tag: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Script:
    """``zeebe:script``: a FEEL expression whose value lands in ``result_variable``."""

    expression: Expression
    result_variable: str


@dataclass(frozen=True, slots=True, kw_only=True)
class LoopCharacteristics:
    """``bpmn:multiInstanceLoopCharacteristics`` with its ``zeebe:loopCharacteristics``."""

    is_sequential: bool
    input_collection: Expression | None
    input_element: str | None
    output_collection: str | None
    output_element: Expression | None
    completion_condition: Expression | None
    line: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AssignmentDefinition:
    assignee: Expression | None = None
    candidate_groups: Expression | None = None
    candidate_users: Expression | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskSchedule:
    due_date: Expression | None = None
    follow_up_date: Expression | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FormDefinition:
    """``zeebe:formDefinition`` (or the older ``formKey`` pointing at a ``zeebe:userTaskForm``)."""

    form_key: str | None = None
    form_id: str | None = None
    external_reference: Expression | None = None
    binding_type: str = "latest"
    version_tag: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Listener:
    """A ``zeebe:executionListener`` or ``zeebe:taskListener``: a job run at ``event_type``."""

    event_type: str
    type: Expression
    retries: Expression


@dataclass(frozen=True, slots=True, kw_only=True)
class AdHoc:
    """``zeebe:adHoc`` of an ad-hoc subprocess."""

    active_elements_collection: Expression | None = None
    output_collection: str | None = None
    output_element: Expression | None = None
