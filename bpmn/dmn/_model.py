"""A parsed decision requirements graph: frozen values with their FEEL compiled at parse time.

Each FEEL text is kept beside its compiled form so errors and tools can quote what the modeler
wrote; the compiled forms are what evaluation runs, so the hot path never reparses anything.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._matching import RuleIndex
    from ._results import MatchedRule

# What the FEEL seam (``_feel.py``) hands back: an expression evaluated against the variables,
# and an input entry checked against the input value (True means "matches"; False or None not).
Evaluator = Callable[[Mapping[str, Any], Any], Any]
InputTest = Callable[[Any, Mapping[str, Any], Any], "bool | None"]


class HitPolicy(enum.Enum):
    """How a decision table turns its matched rules into one result."""

    UNIQUE = "UNIQUE"
    FIRST = "FIRST"
    PRIORITY = "PRIORITY"
    ANY = "ANY"
    COLLECT = "COLLECT"
    RULE_ORDER = "RULE ORDER"
    OUTPUT_ORDER = "OUTPUT ORDER"


class Aggregation(enum.Enum):
    """The built-in aggregators of the COLLECT hit policy."""

    SUM = "SUM"
    MIN = "MIN"
    MAX = "MAX"
    COUNT = "COUNT"


class DecisionType(enum.Enum):
    """Zeebe's names for a decision's logic, as its EvaluatedDecision records carry them."""

    DECISION_TABLE = "DECISION_TABLE"
    LITERAL_EXPRESSION = "LITERAL_EXPRESSION"


@dataclass(frozen=True, slots=True)
class FeelExpression:
    """A FEEL expression: its text, and the compiled form evaluation calls."""

    text: str
    evaluate: Evaluator = field(repr=False, compare=False)
    # A literal (``"gold"``, ``0.15``): ``value`` was computed at parse time.
    is_constant: bool = field(default=False, compare=False)
    value: Any = field(default=None, repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class FeelUnaryTests:
    """FEEL unary tests (an input entry or allowed values); ``matches_all`` for ``-`` or empty."""

    text: str
    test: InputTest = field(repr=False, compare=False)
    matches_all: bool = False


@dataclass(frozen=True, slots=True)
class Input:
    id: str
    label: str | None
    expression: FeelExpression
    type_ref: str | None
    # The allowed values (``inputValues``); kept for tools, not enforced, as in Zeebe.
    input_values: FeelUnaryTests | None
    line: int | None = field(default=None, compare=False)

    @property
    def name(self) -> str:
        """What Zeebe reports as the input's name: the label, else the expression text."""
        return self.label if self.label else self.expression.text


@dataclass(frozen=True, slots=True)
class Output:
    id: str
    name: str | None
    label: str | None
    type_ref: str | None
    # The allowed values (``outputValues``), in priority order for PRIORITY and OUTPUT ORDER.
    output_values: tuple[Any, ...] | None
    output_values_text: str | None
    default_output_entry: FeelExpression | None
    line: int | None = field(default=None, compare=False)

    @property
    def key(self) -> str:
        """The output's key in a multi-output result context."""
        return self.name or self.label or self.id


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    index: int  # 1-based position in the table, as Zeebe's ruleIndex
    input_entries: tuple[FeelUnaryTests, ...]
    output_entries: tuple[FeelExpression, ...]
    annotations: tuple[str, ...]
    line: int | None = field(default=None, compare=False)
    # What the rule reports when it matches, if all its output entries are literals; built
    # once at parse time so that evaluation creates nothing for it.
    constant_match: MatchedRule | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class DecisionTable:
    id: str | None
    hit_policy: HitPolicy
    aggregation: Aggregation | None
    inputs: tuple[Input, ...]
    outputs: tuple[Output, ...]
    rules: tuple[Rule, ...]
    # The rules grouped by input entry, column by column (``_matching.build_index``).
    index: RuleIndex = field(repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class LiteralExpression:
    id: str | None
    expression: FeelExpression
    type_ref: str | None  # the literal expression's own, else its decision variable's
    variable_name: str | None  # the decision variable's name, if declared

    @property
    def text(self) -> str:
        return self.expression.text


@dataclass(frozen=True, slots=True)
class Decision:
    id: str
    name: str | None
    version_tag: str | None
    required_decisions: tuple[str, ...]
    logic: DecisionTable | LiteralExpression
    # The decision's ``variable`` (name and type), if declared: required decisions' results
    # are bound under ``result_name``.
    variable_name: str | None = None
    variable_type_ref: str | None = None
    line: int | None = field(default=None, compare=False)

    @property
    def decision_type(self) -> DecisionType:
        if isinstance(self.logic, DecisionTable):
            return DecisionType.DECISION_TABLE
        return DecisionType.LITERAL_EXPRESSION

    @property
    def result_name(self) -> str:
        """The variable a requiring decision sees this decision's output under."""
        return self.variable_name or self.id


@dataclass(frozen=True, slots=True)
class DecisionRequirementsGraph:
    id: str
    name: str | None
    namespace: str | None
    decisions: Mapping[str, Decision]  # by id, in file order
