"""Reading a ``decisionTable``: hit policy, inputs, outputs and rules, every cell compiled."""

from __future__ import annotations

from lxml import etree

from .._names import line_of
from . import _feel
from ._evaluation import with_constant_match
from ._matching import build_index
from ._model import (
    Aggregation,
    DecisionTable,
    FeelExpression,
    FeelUnaryTests,
    HitPolicy,
    Input,
    Output,
    Rule,
)
from ._reading import ReadContext


def read_table(
    ctx: ReadContext, element: etree._Element, where: str | None
) -> DecisionTable | None:
    start = len(ctx.problems)
    hit_policy = _hit_policy(ctx, element, where)
    aggregation = _aggregation(ctx, element, where, hit_policy)
    inputs = [_read_input(ctx, e, where) for e in element.iterchildren(ctx.tag("input"))]
    output_elements = list(element.iterchildren(ctx.tag("output")))
    outputs = [_read_output(ctx, e, where) for e in output_elements]
    if not output_elements:
        ctx.problem(
            f"the decision table of decision '{where}' has no outputs",
            where,
            line_of(element),
        )
    _check_output_names(ctx, output_elements, where)
    if aggregation is not None and len(output_elements) > 1:
        ctx.problem(
            f"decision '{where}' aggregates with COLLECT {aggregation.value}, which needs "
            f"exactly one output, but the table has {len(output_elements)}",
            where,
            line_of(element),
        )
    rules = [
        _read_rule(ctx, e, index, where, inputs, len(output_elements))
        for index, e in enumerate(element.iterchildren(ctx.tag("rule")), start=1)
    ]
    if len(ctx.problems) > start or hit_policy is None:
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


def _hit_policy(ctx: ReadContext, element: etree._Element, where: str | None) -> HitPolicy | None:
    value = element.get("hitPolicy", "UNIQUE").strip()
    try:
        return HitPolicy(value)
    except ValueError:
        allowed = ", ".join(policy.value for policy in HitPolicy)
        ctx.problem(
            f"decision '{where}' has an unknown hit policy '{value}' (expected one of {allowed})",
            where,
            line_of(element),
        )
        return None


def _aggregation(
    ctx: ReadContext, element: etree._Element, where: str | None, hit_policy: HitPolicy | None
) -> Aggregation | None:
    value = element.get("aggregation")
    if value is None:
        return None
    try:
        aggregation = Aggregation(value.strip())
    except ValueError:
        allowed = ", ".join(a.value for a in Aggregation)
        ctx.problem(
            f"decision '{where}' has an unknown aggregation '{value}' (expected one of {allowed})",
            where,
            line_of(element),
        )
        return None
    # Zeebe ignores an aggregation beside any hit policy but COLLECT; so does Baton.
    return aggregation if hit_policy is HitPolicy.COLLECT else None


def _read_input(ctx: ReadContext, element: etree._Element, where: str | None) -> Input | None:
    input_id = ctx.required_id(element, "input")
    label = element.get("label")
    expression_element = element.find(ctx.tag("inputExpression"))
    text = ctx.text(expression_element) if expression_element is not None else ""
    line = line_of(element)
    if not text:
        ctx.problem(
            f"input '{label or input_id}' of decision '{where}' has no input expression",
            input_id or where,
            line,
        )
        return None
    assert expression_element is not None
    if not ctx.check_language(expression_element, input_id or where):
        return None
    expression = ctx.expression(
        text,
        f"the input expression of input '{label or input_id}' of decision '{where}'",
        input_id or where,
        line_of(expression_element),
    )
    input_values = None
    values_element = element.find(ctx.tag("inputValues"))
    values_text = ctx.text(values_element) if values_element is not None else ""
    if values_element is not None and values_text:
        input_values = ctx.unary_tests(
            values_text,
            f"the input values list of input '{label or input_id}' of decision '{where}'",
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


def _read_output(ctx: ReadContext, element: etree._Element, where: str | None) -> Output | None:
    output_id = ctx.required_id(element, "output")
    name = element.get("name")
    label = element.get("label")
    values_element = element.find(ctx.tag("outputValues"))
    values_text = ctx.text(values_element) if values_element is not None else ""
    default_element = element.find(ctx.tag("defaultOutputEntry"))
    default = None
    if default_element is not None and ctx.check_language(default_element, output_id or where):
        default_text = ctx.text(default_element)
        if default_text:
            default = ctx.expression(
                default_text,
                f"the default output entry of output '{name or output_id}' of decision '{where}'",
                output_id or where,
                line_of(default_element),
            )
    output_values = None
    if values_element is not None and values_text:
        tests = ctx.unary_tests(
            values_text,
            f"the output values list of output '{name or output_id}' of decision '{where}'",
            output_id or where,
            line_of(values_element),
        )
        if tests is not None:
            output_values = _feel.constant_values(values_text)
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


def _check_output_names(ctx: ReadContext, outputs: list[etree._Element], where: str | None) -> None:
    if len(outputs) < 2:
        return
    seen: set[str] = set()
    for element in outputs:
        name = element.get("name")
        if not name:
            ctx.problem(
                f"output '{element.get('label') or element.get('id')}' of decision "
                f"'{where}' has no name, which a table with several outputs needs",
                element.get("id") or where,
                line_of(element),
            )
        elif name in seen:
            ctx.problem(
                f"decision '{where}' has two outputs named '{name}'",
                element.get("id") or where,
                line_of(element),
            )
        else:
            seen.add(name)


def _read_rule(
    ctx: ReadContext,
    element: etree._Element,
    index: int,
    where: str | None,
    inputs: list[Input | None],
    output_count: int,
) -> Rule | None:
    rule_id = ctx.required_id(element, "rule")
    who = rule_id or where
    input_elements = list(element.iterchildren(ctx.tag("inputEntry")))
    output_elements = list(element.iterchildren(ctx.tag("outputEntry")))
    if len(input_elements) != len(inputs):
        ctx.problem(
            f"rule '{rule_id}' (rule {index} of decision '{where}') has "
            f"{len(input_elements)} input entries, but the table has {len(inputs)} inputs",
            who,
            line_of(element),
        )
    if len(output_elements) != output_count:
        ctx.problem(
            f"rule '{rule_id}' (rule {index} of decision '{where}') has "
            f"{len(output_elements)} output entries, but the table has {output_count} "
            "outputs",
            who,
            line_of(element),
        )
    input_entries: list[FeelUnaryTests | None] = []
    for position, entry in enumerate(input_elements):
        column = inputs[position] if position < len(inputs) else None
        column_name = f" for input '{column.name}'" if column is not None else ""
        if not ctx.check_language(entry, who):
            input_entries.append(None)
            continue
        input_entries.append(
            ctx.unary_tests(
                ctx.text(entry),
                f"the input entry{column_name} of rule '{rule_id}' of decision '{where}'",
                who,
                line_of(entry),
            )
        )
    output_entries: list[FeelExpression | None] = []
    for entry in output_elements:
        if not ctx.check_language(entry, who):
            output_entries.append(None)
            continue
        text = ctx.text(entry)
        output_entries.append(
            ctx.expression(
                text or "null",
                f"the output entry of rule '{rule_id}' of decision '{where}'",
                who,
                line_of(entry),
            )
        )
    annotations = [ctx.text(e) for e in element.iterchildren(ctx.tag("annotationEntry"))]
    description = element.findtext(ctx.tag("description"))
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
