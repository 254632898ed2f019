"""Reading DMN XML (1.1 to 1.5, as Camunda Modeler saves it) into the model.

Every problem found is collected, not only the first, so a modeler sees all of them at once.
DMNDI, ``camunda:``/``modeler:``/``zeebe:`` extensions, input data, knowledge sources and text
annotations are tolerated and ignored.
"""

from __future__ import annotations

from lxml import etree

from .._errors import BpmnError, Problem
from .._names import ZEEBE_NS, line_of
from . import _feel
from ._evaluation import with_constant_match
from ._graph import Requirement, check_requirements
from ._matching import build_index
from ._model import (
    Aggregation,
    Decision,
    DecisionRequirementsGraph,
    DecisionTable,
    FeelExpression,
    FeelUnaryTests,
    HitPolicy,
    Input,
    LiteralExpression,
    Output,
    Rule,
)

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
    return _Reader(namespace).read(root)


class _Reader:
    def __init__(self, namespace: str) -> None:
        self.ns = namespace
        self.problems: list[Problem] = []
        self.default_language: str | None = None
        self.decision_lines: dict[str, int | None] = {}
        self.requirements: list[Requirement] = []

    def problem(self, message: str, element_id: str | None, line: int | None) -> None:
        self.problems.append(Problem(message, element_id, line))

    def tag(self, local: str) -> str:
        return f"{{{self.ns}}}{local}"

    def read(self, root: etree._Element) -> DecisionRequirementsGraph:
        self.check_unique_ids(root)
        drg_id = self.required_id(root, "definitions")
        self.default_language = root.get("expressionLanguage")
        decisions: dict[str, Decision] = {}
        for element in root.iterchildren(self.tag("decision")):
            decision = self.read_decision(element)
            if decision is not None and decision.id not in decisions:
                decisions[decision.id] = decision
        if not self.decision_lines and root.find(self.tag("decision")) is None:
            self.problem("the document defines no decisions", drg_id, line_of(root))
        self.problems.extend(check_requirements(self.decision_lines, self.requirements))
        if self.problems:
            raise BpmnError(self.problems)
        assert drg_id is not None  # a missing id is a problem
        return DecisionRequirementsGraph(
            id=drg_id, name=root.get("name"), namespace=root.get("namespace"), decisions=decisions
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
                self.problem(
                    f"duplicate id '{element_id}' (first used on line {first})",
                    element_id,
                    line_of(element),
                )
            else:
                seen[element_id] = line_of(element)

    def required_id(self, element: etree._Element, what: str) -> str | None:
        element_id = element.get("id")
        if not element_id or not element_id.strip():
            self.problem(f"<{what}> has no id", None, line_of(element))
            return None
        return element_id

    # -- decisions -------------------------------------------------------------------------

    def read_decision(self, element: etree._Element) -> Decision | None:
        decision_id = self.required_id(element, "decision")
        where = decision_id
        if decision_id is not None:
            self.decision_lines.setdefault(decision_id, line_of(element))
        required: list[str] = []
        for requirement in element.iterchildren(self.tag("informationRequirement")):
            for reference in requirement.iterchildren(self.tag("requiredDecision")):
                href = reference.get("href", "")
                if not href.startswith("#") or len(href) < 2:
                    self.problem(
                        f"decision '{where}' requires a decision by reference '{href}', which "
                        "is not a local reference ('#id')",
                        where,
                        line_of(reference),
                    )
                    continue
                required.append(href[1:])
                if decision_id is not None:
                    self.requirements.append(Requirement(decision_id, href[1:], line_of(reference)))
        for requirement in element.iterchildren(self.tag("knowledgeRequirement")):
            self.problem(
                f"decision '{where}' requires a business knowledge model, which is not supported",
                where,
                line_of(requirement),
            )
        variable = element.find(self.tag("variable"))
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
        extensions = element.find(self.tag("extensionElements"))
        if extensions is not None:
            tag = extensions.find(f"{{{ZEEBE_NS}}}versionTag")
            if tag is not None and tag.get("value"):
                return tag.get("value")
        return element.get(f"{{{_CAMUNDA}}}versionTag")

    def read_logic(
        self, element: etree._Element, where: str | None
    ) -> DecisionTable | LiteralExpression | None:
        table = element.find(self.tag("decisionTable"))
        if table is not None:
            return self.read_table(table, where)
        literal = element.find(self.tag("literalExpression"))
        if literal is not None:
            return self.read_literal(literal, where)
        for local in _UNSUPPORTED_LOGIC:
            found = element.find(self.tag(local))
            if found is not None:
                self.problem(
                    f"decision '{where}' uses a boxed <{local}>, which is not supported "
                    "(only decision tables and literal expressions are)",
                    where,
                    line_of(found),
                )
                return None
        self.problem(
            f"decision '{where}' has no decision logic (expected a <decisionTable> or a "
            "<literalExpression>)",
            where,
            line_of(element),
        )
        return None

    def read_literal(self, element: etree._Element, where: str | None) -> LiteralExpression | None:
        text = self.text(element)
        if not text:
            self.problem(
                f"the literal expression of decision '{where}' is empty", where, line_of(element)
            )
            return None
        if not self.check_language(element, where):
            return None
        expression = self.expression(
            text, f"the literal expression of decision '{where}'", where, line_of(element)
        )
        if expression is None:
            return None
        return LiteralExpression(element.get("id"), expression, element.get("typeRef"))

    # -- decision tables ---------------------------------------------------------------------

    def read_table(self, element: etree._Element, where: str | None) -> DecisionTable | None:
        start = len(self.problems)
        hit_policy = self.hit_policy(element, where)
        aggregation = self.aggregation(element, where, hit_policy)
        inputs = [self.read_input(e, where) for e in element.iterchildren(self.tag("input"))]
        output_elements = list(element.iterchildren(self.tag("output")))
        outputs = [self.read_output(e, where, len(output_elements)) for e in output_elements]
        if not output_elements:
            self.problem(
                f"the decision table of decision '{where}' has no outputs",
                where,
                line_of(element),
            )
        self.check_output_names(output_elements, where)
        if aggregation is not None and len(output_elements) > 1:
            self.problem(
                f"decision '{where}' aggregates with COLLECT {aggregation.value}, which needs "
                f"exactly one output, but the table has {len(output_elements)}",
                where,
                line_of(element),
            )
        rules = [
            self.read_rule(e, index, where, inputs, len(output_elements))
            for index, e in enumerate(element.iterchildren(self.tag("rule")), start=1)
        ]
        if len(self.problems) > start or hit_policy is None:
            return None
        table_outputs = tuple(o for o in outputs if o is not None)
        table_rules = tuple(with_constant_match(r, table_outputs) for r in rules if r is not None)
        return DecisionTable(
            id=element.get("id"),
            hit_policy=hit_policy,
            aggregation=aggregation,
            inputs=tuple(i for i in inputs if i is not None),
            outputs=table_outputs,
            rules=table_rules,
            index=build_index(table_rules, len(inputs)),
        )

    def hit_policy(self, element: etree._Element, where: str | None) -> HitPolicy | None:
        value = element.get("hitPolicy", "UNIQUE").strip()
        try:
            return HitPolicy(value)
        except ValueError:
            allowed = ", ".join(policy.value for policy in HitPolicy)
            self.problem(
                f"decision '{where}' has an unknown hit policy '{value}' (expected one of "
                f"{allowed})",
                where,
                line_of(element),
            )
            return None

    def aggregation(
        self, element: etree._Element, where: str | None, hit_policy: HitPolicy | None
    ) -> Aggregation | None:
        value = element.get("aggregation")
        if value is None:
            return None
        try:
            aggregation = Aggregation(value.strip())
        except ValueError:
            allowed = ", ".join(a.value for a in Aggregation)
            self.problem(
                f"decision '{where}' has an unknown aggregation '{value}' (expected one of "
                f"{allowed})",
                where,
                line_of(element),
            )
            return None
        # Zeebe ignores an aggregation beside any hit policy but COLLECT; so does Baton.
        return aggregation if hit_policy is HitPolicy.COLLECT else None

    def read_input(self, element: etree._Element, where: str | None) -> Input | None:
        input_id = self.required_id(element, "input")
        label = element.get("label")
        expression_element = element.find(self.tag("inputExpression"))
        text = self.text(expression_element) if expression_element is not None else ""
        line = line_of(element)
        if not text:
            self.problem(
                f"input '{label or input_id}' of decision '{where}' has no input expression",
                input_id or where,
                line,
            )
            return None
        assert expression_element is not None
        if not self.check_language(expression_element, input_id or where):
            return None
        expression = self.expression(
            text,
            f"the input expression of input '{label or input_id}' of decision '{where}'",
            input_id or where,
            line_of(expression_element),
        )
        input_values = None
        values_element = element.find(self.tag("inputValues"))
        values_text = self.text(values_element) if values_element is not None else ""
        if values_element is not None and values_text:
            input_values = self.unary_tests(
                values_text,
                f"the input values of input '{label or input_id}' of decision '{where}'",
                input_id or where,
                line_of(values_element),
            )
        if input_id is None or expression is None:
            return None
        return Input(
            id=input_id,
            label=label,
            expression=expression,
            type_ref=expression_element.get("typeRef"),
            input_values=input_values,
            line=line,
        )

    def read_output(self, element: etree._Element, where: str | None, count: int) -> Output | None:
        output_id = self.required_id(element, "output")
        name = element.get("name")
        label = element.get("label")
        values_element = element.find(self.tag("outputValues"))
        values_text = self.text(values_element) if values_element is not None else ""
        default_element = element.find(self.tag("defaultOutputEntry"))
        default = None
        if default_element is not None:
            default_text = self.text(default_element)
            if default_text:
                default = self.expression(
                    default_text,
                    f"the default output entry of output '{name or output_id}' of decision "
                    f"'{where}'",
                    output_id or where,
                    line_of(default_element),
                )
        output_values = None
        if values_text:
            try:
                output_values = _feel.constant_values(values_text)
            except _feel.FeelSyntaxError as error:
                self.problem(
                    f"the output values of output '{name or output_id}' of decision '{where}' "
                    f"are not valid FEEL: {error}",
                    output_id or where,
                    line_of(values_element) if values_element is not None else None,
                )
        if output_id is None:
            return None
        return Output(
            id=output_id,
            name=name,
            label=label,
            type_ref=element.get("typeRef"),
            output_values=output_values,
            output_values_text=values_text or None,
            default_output_entry=default,
            line=line_of(element),
        )

    def check_output_names(self, outputs: list[etree._Element], where: str | None) -> None:
        if len(outputs) < 2:
            return
        seen: set[str] = set()
        for element in outputs:
            name = element.get("name")
            if not name:
                self.problem(
                    f"output '{element.get('label') or element.get('id')}' of decision "
                    f"'{where}' has no name, which a table with several outputs needs",
                    element.get("id") or where,
                    line_of(element),
                )
            elif name in seen:
                self.problem(
                    f"decision '{where}' has two outputs named '{name}'",
                    element.get("id") or where,
                    line_of(element),
                )
            else:
                seen.add(name)

    def read_rule(
        self,
        element: etree._Element,
        index: int,
        where: str | None,
        inputs: list[Input | None],
        output_count: int,
    ) -> Rule | None:
        rule_id = self.required_id(element, "rule")
        who = rule_id or where
        input_elements = list(element.iterchildren(self.tag("inputEntry")))
        output_elements = list(element.iterchildren(self.tag("outputEntry")))
        if len(input_elements) != len(inputs):
            self.problem(
                f"rule '{rule_id}' (rule {index} of decision '{where}') has "
                f"{len(input_elements)} input entries, but the table has {len(inputs)} inputs",
                who,
                line_of(element),
            )
        if len(output_elements) != output_count:
            self.problem(
                f"rule '{rule_id}' (rule {index} of decision '{where}') has "
                f"{len(output_elements)} output entries, but the table has {output_count} "
                "outputs",
                who,
                line_of(element),
            )
        input_entries = []
        for position, entry in enumerate(input_elements):
            column = inputs[position] if position < len(inputs) else None
            column_name = f" for input '{column.name}'" if column is not None else ""
            self.check_language(entry, who)
            input_entries.append(
                self.unary_tests(
                    self.text(entry),
                    f"the input entry{column_name} of rule '{rule_id}' of decision '{where}'",
                    who,
                    line_of(entry),
                )
            )
        output_entries = []
        for entry in output_elements:
            self.check_language(entry, who)
            text = self.text(entry)
            output_entries.append(
                self.expression(
                    text or "null",
                    f"the output entry of rule '{rule_id}' of decision '{where}'",
                    who,
                    line_of(entry),
                )
            )
        annotations = [self.text(e) for e in element.iterchildren(self.tag("annotationEntry"))]
        description = element.findtext(self.tag("description"))
        if description and description.strip():
            annotations.append(description.strip())
        if rule_id is None or None in input_entries or None in output_entries:
            return None
        entries = tuple(e for e in input_entries if e is not None)
        return Rule(
            id=rule_id,
            index=index,
            input_entries=entries,
            output_entries=tuple(e for e in output_entries if e is not None),
            annotations=tuple(annotations),
            line=line_of(element),
        )

    # -- text and FEEL -------------------------------------------------------------------------

    def text(self, element: etree._Element) -> str:
        return (element.findtext(self.tag("text")) or "").strip()

    def check_language(self, element: etree._Element, where: str | None) -> bool:
        language = element.get("expressionLanguage") or self.default_language
        if language is None or "feel" in language.lower():
            return True
        self.problem(
            f"expression language '{language}' is not supported (only FEEL is)",
            where,
            line_of(element),
        )
        return False

    def expression(
        self, text: str, what: str, where: str | None, line: int | None
    ) -> FeelExpression | None:
        try:
            return _feel.compile_expression(text)
        except _feel.FeelSyntaxError as error:
            self.problem(f"{what} is not valid FEEL: {error}", where, line)
            return None

    def unary_tests(
        self, text: str, what: str, where: str | None, line: int | None
    ) -> FeelUnaryTests | None:
        try:
            return _feel.compile_unary_tests(text)
        except _feel.FeelSyntaxError as error:
            self.problem(f"{what} is not valid FEEL unary tests: {error}", where, line)
            return None
