"""Reading DMN XML (1.1 to 1.5, as Camunda Modeler saves it) into the model.

Every problem found is collected, not only the first, so a modeler sees all of them at once.
DMNDI, ``camunda:``/``modeler:``/``zeebe:`` extensions, input data, knowledge sources and text
annotations are tolerated and ignored.
"""

from __future__ import annotations

from types import MappingProxyType

from lxml import etree

from .._errors import BpmnError
from .._names import ZEEBE_NS, line_of
from ._graph import Requirement, check_requirements
from ._model import Decision, DecisionRequirementsGraph, DecisionTable, LiteralExpression
from ._reading import ReadContext
from ._table_reader import read_table

DMN_NAMESPACES = frozenset(
    {
        "http://www.omg.org/spec/DMN/20151101/dmn.xsd",  # 1.1
        "http://www.omg.org/spec/DMN/20180521/MODEL/",  # 1.2
        "https://www.omg.org/spec/DMN/20191111/MODEL/",  # 1.3
        "https://www.omg.org/spec/DMN/20211108/MODEL/",  # 1.4
        "https://www.omg.org/spec/DMN/20230324/MODEL/",  # 1.5
    }
)
_CAMUNDA = "http://camunda.org/schema/1.0/dmn"

# Boxed expressions DMN defines as decision logic but Baton does not evaluate (Zeebe's dmn-scala
# evaluates some of them): refused with a clear problem at deploy rather than failing at run time.
_UNSUPPORTED_LOGIC = (
    "context",
    "invocation",
    "relation",
    "list",
    "functionDefinition",
    "conditional",
    "filter",
    "for",
    "every",
    "some",
)


def read_drg(root: etree._Element) -> DecisionRequirementsGraph:
    """Build the graph from a parsed document, or raise ``BpmnError`` with every problem."""
    namespace = etree.QName(root).namespace
    if namespace not in DMN_NAMESPACES or etree.QName(root).localname != "definitions":
        raise BpmnError.single(
            f"not a DMN document: the root element is <{etree.QName(root).localname}> in "
            f"namespace '{namespace}', expected <definitions> in a DMN 1.1-1.5 namespace",
            line=line_of(root),
        )
    return _Reader(ReadContext(namespace, root.get("expressionLanguage"))).read(root)


class _Reader:
    def __init__(self, ctx: ReadContext) -> None:
        self.ctx = ctx
        self.decision_lines: dict[str, int | None] = {}  # every decision id, failed ones too
        self.requirements: list[Requirement] = []

    def read(self, root: etree._Element) -> DecisionRequirementsGraph:
        self.check_unique_ids(root)
        drg_id = self.ctx.required_id(root, "definitions")
        decisions: dict[str, Decision] = {}
        for element in root.iterchildren(self.ctx.tag("decision")):
            decision = self.read_decision(element)
            if decision is not None and decision.id not in decisions:
                decisions[decision.id] = decision
        if not self.decision_lines and root.find(self.ctx.tag("decision")) is None:
            self.ctx.problem("the document defines no decisions", drg_id, line_of(root))
        self.ctx.problems.extend(check_requirements(self.decision_lines, self.requirements))
        if self.ctx.problems:
            raise BpmnError(self.ctx.problems)
        assert drg_id is not None  # a missing id is a problem
        return DecisionRequirementsGraph(
            id=drg_id,
            name=root.get("name"),
            namespace=root.get("namespace"),
            decisions=MappingProxyType(decisions),
        )

    def check_unique_ids(self, root: etree._Element) -> None:
        seen: dict[str, int | None] = {}
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            element_id = element.get("id")
            if element_id is None:
                continue
            if element_id in seen:
                first = seen[element_id]
                self.ctx.problem(
                    f"duplicate id '{element_id}' (first used on line {first})",
                    element_id,
                    line_of(element),
                )
            else:
                seen[element_id] = line_of(element)

    def read_decision(self, element: etree._Element) -> Decision | None:
        decision_id = self.ctx.required_id(element, "decision")
        where = decision_id
        if decision_id is not None:
            self.decision_lines.setdefault(decision_id, line_of(element))
        required: list[str] = []
        for requirement in element.iterchildren(self.ctx.tag("informationRequirement")):
            for reference in requirement.iterchildren(self.ctx.tag("requiredDecision")):
                href = reference.get("href", "")
                if not href.startswith("#") or len(href) < 2:
                    self.ctx.problem(
                        f"decision '{where}' requires a decision by reference '{href}', which "
                        "is not a local reference ('#id')",
                        where,
                        line_of(reference),
                    )
                    continue
                required.append(href[1:])
                if decision_id is not None:
                    self.requirements.append(Requirement(decision_id, href[1:], line_of(reference)))
        for requirement in element.iterchildren(self.ctx.tag("knowledgeRequirement")):
            self.ctx.problem(
                f"decision '{where}' requires a business knowledge model, which is not supported",
                where,
                line_of(requirement),
            )
        variable = element.find(self.ctx.tag("variable"))
        logic = self.read_logic(element, where)
        if decision_id is None or logic is None:
            return None
        return Decision(
            id=decision_id,
            name=element.get("name"),
            version_tag=self.version_tag(element),
            required_decisions=tuple(required),
            logic=logic,
            variable_name=variable.get("name") if variable is not None else None,
            variable_type_ref=variable.get("typeRef") if variable is not None else None,
            line=line_of(element),
        )

    def version_tag(self, element: etree._Element) -> str | None:
        extensions = element.find(self.ctx.tag("extensionElements"))
        if extensions is not None:
            tag = extensions.find(f"{{{ZEEBE_NS}}}versionTag")
            if tag is not None and tag.get("value"):
                return tag.get("value")
        return element.get(f"{{{_CAMUNDA}}}versionTag")

    def read_logic(
        self, element: etree._Element, where: str | None
    ) -> DecisionTable | LiteralExpression | None:
        table = element.find(self.ctx.tag("decisionTable"))
        if table is not None:
            return read_table(self.ctx, table, where)
        literal = element.find(self.ctx.tag("literalExpression"))
        if literal is not None:
            return self.read_literal(literal, element, where)
        for local in _UNSUPPORTED_LOGIC:
            found = element.find(self.ctx.tag(local))
            if found is not None:
                self.ctx.problem(
                    f"decision '{where}' uses a boxed <{local}>, which is not supported "
                    "(only decision tables and literal expressions are)",
                    where,
                    line_of(found),
                )
                return None
        self.ctx.problem(
            f"decision '{where}' has no decision logic (expected a <decisionTable> or a "
            "<literalExpression>)",
            where,
            line_of(element),
        )
        return None

    def read_literal(
        self, element: etree._Element, decision: etree._Element, where: str | None
    ) -> LiteralExpression | None:
        text = self.ctx.text(element)
        if not text:
            self.ctx.problem(
                f"the literal expression of decision '{where}' is empty", where, line_of(element)
            )
            return None
        if not self.ctx.check_language(element, where):
            return None
        expression = self.ctx.expression(
            text, f"the literal expression of decision '{where}'", where, line_of(element)
        )
        if expression is None:
            return None
        variable = decision.find(self.ctx.tag("variable"))
        variable_name = variable.get("name") if variable is not None else None
        type_ref = element.get("typeRef") or (
            variable.get("typeRef") if variable is not None else None
        )
        return LiteralExpression(element.get("id"), expression, type_ref, variable_name)
