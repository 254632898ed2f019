"""Models Baton refuses: one BpmnError listing every problem with its element id and line."""

from __future__ import annotations

import pytest

from bpmn import BpmnError, Problem
from bpmn.dmn import parse_dmn

DMN13 = "https://www.omg.org/spec/DMN/20191111/MODEL/"


def document(body: str, definitions_id: str = "defs") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<definitions xmlns="{DMN13}" id="{definitions_id}" name="T" namespace="http://t">\n'
        f"{body}\n"
        "</definitions>\n"
    )


def line_of(xml: str, needle: str) -> int:
    """The 1-based line of the first occurrence of ``needle``."""
    return xml[: xml.index(needle)].count("\n") + 1


def problems(xml: str) -> list[Problem]:
    with pytest.raises(BpmnError) as caught:
        parse_dmn(xml)
    return caught.value.problems


def single_problem(xml: str) -> Problem:
    (problem,) = problems(xml)
    return problem


def table(
    *,
    inputs: str = '<input id="in1" label="A"><inputExpression><text>a</text></inputExpression>'
    "</input>",
    outputs: str = '<output id="out1" name="result"/>',
    rules: str = '<rule id="r1"><inputEntry><text>1</text></inputEntry>'
    '<outputEntry><text>"x"</text></outputEntry></rule>',
    attributes: str = "",
    decision_id: str = "d",
) -> str:
    return (
        f'<decision id="{decision_id}" name="D">\n'
        f'  <decisionTable id="t_{decision_id}"{attributes}>\n'
        f"    {inputs}\n    {outputs}\n    {rules}\n"
        "  </decisionTable>\n"
        "</decision>"
    )


def test_a_bpmn_document_is_not_dmn() -> None:
    xml = (
        '<?xml version="1.0"?>\n<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"'
        ' id="x"/>'
    )
    problem = single_problem(xml)
    assert "not a DMN document" in problem.message
    assert problem.line == 2


def test_a_foreign_root_element_is_not_dmn() -> None:
    assert "not a DMN document" in single_problem(f'<decision xmlns="{DMN13}" id="d"/>').message


def test_missing_ids() -> None:
    xml = document(
        table(
            inputs='<input label="A"><inputExpression><text>a</text></inputExpression></input>',
            outputs='<output name="result"/>',
            rules="<rule><inputEntry><text>1</text></inputEntry>"
            '<outputEntry><text>"x"</text></outputEntry></rule>',
        ).replace('id="d"', 'idx="d"'),
        definitions_id="",
    )
    found = problems(xml)
    messages = [p.message for p in found]
    assert messages == [
        "<definitions> has no id",
        "<decision> has no id",
        "<input> has no id",
        "<output> has no id",
        "<rule> has no id",
    ]
    assert [p.line for p in found] == [
        2,
        line_of(xml, "<decision"),
        line_of(xml, "<input "),
        line_of(xml, "<output"),
        line_of(xml, "<rule"),
    ]


def test_duplicate_ids() -> None:
    xml = document(table(decision_id="d") + "\n" + literal_decision("d", []))
    problem = single_problem(xml)
    assert problem.message == f"duplicate id 'd' (first used on line {line_of(xml, '<decision')})"
    assert problem.element_id == "d"
    assert problem.line == line_of(xml, '<decision id="d" name="d">')


def test_a_table_without_outputs() -> None:
    xml = document(table(outputs="", rules=""))
    problem = single_problem(xml)
    assert problem.message == "the decision table of decision 'd' has no outputs"
    assert (problem.element_id, problem.line) == ("d", line_of(xml, "<decisionTable"))


def test_input_entry_count_must_match_the_inputs() -> None:
    xml = document(
        table(
            rules='<rule id="r1"><inputEntry><text>1</text></inputEntry>'
            "<inputEntry><text>2</text></inputEntry>"
            '<outputEntry><text>"x"</text></outputEntry></rule>'
        )
    )
    problem = single_problem(xml)
    assert "has 2 input entries, but the table has 1 inputs" in problem.message
    assert (problem.element_id, problem.line) == ("r1", line_of(xml, "<rule"))


def test_output_entry_count_must_match_the_outputs() -> None:
    xml = document(table(rules='<rule id="r1"><inputEntry><text>1</text></inputEntry></rule>'))
    problem = single_problem(xml)
    assert "has 0 output entries, but the table has 1 outputs" in problem.message
    assert problem.element_id == "r1"


def test_unknown_hit_policy() -> None:
    xml = document(table(attributes=' hitPolicy="SOMETIMES"'))
    problem = single_problem(xml)
    assert "unknown hit policy 'SOMETIMES'" in problem.message
    assert "RULE ORDER" in problem.message
    assert (problem.element_id, problem.line) == ("d", line_of(xml, "<decisionTable"))


def test_unknown_aggregation() -> None:
    xml = document(table(attributes=' hitPolicy="COLLECT" aggregation="AVERAGE"'))
    problem = single_problem(xml)
    assert "unknown aggregation 'AVERAGE'" in problem.message


def test_collect_aggregation_needs_a_single_output() -> None:
    xml = document(
        table(
            attributes=' hitPolicy="COLLECT" aggregation="SUM"',
            outputs='<output id="o1" name="a"/><output id="o2" name="b"/>',
            rules="",
        )
    )
    problem = single_problem(xml)
    assert "COLLECT SUM" in problem.message and "exactly one output" in problem.message


def test_several_outputs_need_distinct_names() -> None:
    xml = document(
        table(
            outputs='<output id="o1" label="A"/><output id="o2" name="b"/>'
            '<output id="o3" name="b"/>',
            rules="",
        )
    )
    found = problems(xml)
    assert [p.element_id for p in found] == ["o1", "o3"]
    assert "has no name" in found[0].message
    assert "two outputs named 'b'" in found[1].message


def test_a_required_decision_that_does_not_exist() -> None:
    xml = document(
        '<decision id="d" name="D">\n'
        '  <informationRequirement id="ir1">\n'
        '    <requiredDecision href="#nowhere"/>\n'
        "  </informationRequirement>\n"
        '  <literalExpression id="le"><text>1</text></literalExpression>\n'
        "</decision>"
    )
    problem = single_problem(xml)
    assert problem.message == (
        "decision 'd' requires decision 'nowhere', but this document has no decision with that id"
    )
    assert (problem.element_id, problem.line) == ("d", line_of(xml, "<requiredDecision"))


def literal_decision(decision_id: str, requires: list[str], text: str = "1") -> str:
    requirements = "".join(
        f'<informationRequirement id="ir_{decision_id}_{r}"><requiredDecision href="#{r}"/>'
        "</informationRequirement>"
        for r in requires
    )
    return (
        f'<decision id="{decision_id}" name="{decision_id}">{requirements}'
        f'<literalExpression id="le_{decision_id}"><text>{text}</text></literalExpression>'
        "</decision>"
    )


def test_a_cycle_of_requirements() -> None:
    xml = document(
        "\n".join(
            [
                literal_decision("a", ["b"]),
                literal_decision("b", ["c"]),
                literal_decision("c", ["a"]),
                literal_decision("self", ["self"]),
                literal_decision("fine", ["a"]),
            ]
        )
    )
    found = problems(xml)
    assert [p.message for p in found] == [
        "decisions require each other in a cycle: 'a' -> 'b' -> 'c' -> 'a'",
        "decisions require each other in a cycle: 'self' -> 'self'",
    ]
    assert [(p.element_id, p.line) for p in found] == [("a", 3), ("self", 6)]


def test_a_long_chain_of_requirements_is_fine() -> None:
    chain = [literal_decision(f"d{i}", [f"d{i + 1}"] if i < 2999 else []) for i in range(3000)]
    drg = parse_dmn(document("\n".join(chain)))
    assert len(drg.decisions) == 3000


@pytest.mark.parametrize(
    ("body", "element_id", "marker", "what"),
    [
        (
            table(
                inputs='<input id="in1" label="A"><inputExpression><text>a +</text>'
                "</inputExpression></input>"
            ),
            "in1",
            "<inputExpression",
            "the input expression of input 'A' of decision 'd' is not valid FEEL",
        ),
        (
            table(
                rules='<rule id="r1"><inputEntry><text>&lt; &lt; 5</text></inputEntry>'
                '<outputEntry><text>"x"</text></outputEntry></rule>'
            ),
            "r1",
            "<inputEntry",
            "the input entry for input 'A' of rule 'r1' of decision 'd' is not valid FEEL unary"
            " tests",
        ),
        (
            table(
                rules='<rule id="r1"><inputEntry><text>1</text></inputEntry>'
                '<outputEntry><text>"unterminated</text></outputEntry></rule>'
            ),
            "r1",
            "<outputEntry",
            "the output entry of rule 'r1' of decision 'd' is not valid FEEL",
        ),
        (
            literal_decision("lit", [], "1 +* 2"),
            "lit",
            "<literalExpression",
            "the literal expression of decision 'lit' is not valid FEEL",
        ),
        (
            table(
                outputs='<output id="out1" name="result"><defaultOutputEntry><text>)(</text>'
                "</defaultOutputEntry></output>"
            ),
            "out1",
            "<defaultOutputEntry",
            "the default output entry of output 'result' of decision 'd' is not valid FEEL",
        ),
    ],
)
def test_feel_that_does_not_compile(body: str, element_id: str, marker: str, what: str) -> None:
    xml = document(body.replace("<decisionTable", "\n<decisionTable").replace("<rule", "\n<rule"))
    problem = single_problem(xml)
    assert problem.message.startswith(what), problem.message
    assert problem.element_id == element_id
    assert problem.line == line_of(xml, marker)


def test_a_document_without_decisions() -> None:
    problem = single_problem(document('<inputData id="x" name="X"/>'))
    assert problem.message == "the document defines no decisions"
    assert (problem.element_id, problem.line) == ("defs", 2)


def test_output_values_that_do_not_compile() -> None:
    xml = document(
        table(
            outputs='<output id="out1" name="result">\n<outputValues><text>"a", [1..</text>'
            "</outputValues></output>"
        )
    )
    problem = single_problem(xml)
    assert problem.message.startswith(
        "the output values list of output 'result' of decision 'd' is not valid FEEL unary tests"
    )
    assert (problem.element_id, problem.line) == ("out1", line_of(xml, "<outputValues"))


def test_unsupported_decision_logic() -> None:
    xml = document('<decision id="d" name="D">\n  <context id="c"/>\n</decision>')
    problem = single_problem(xml)
    assert "boxed <context>, which is not supported" in problem.message
    assert (problem.element_id, problem.line) == ("d", 4)


def test_a_decision_without_logic() -> None:
    problem = single_problem(document('<decision id="d" name="D"/>'))
    assert "has no decision logic" in problem.message


def test_business_knowledge_models_are_not_supported() -> None:
    xml = document(
        '<decision id="d" name="D"><knowledgeRequirement id="kr">'
        '<requiredKnowledge href="#bkm"/></knowledgeRequirement>'
        '<literalExpression id="le"><text>1</text></literalExpression></decision>'
        '<businessKnowledgeModel id="bkm" name="bkm"/>'
    )
    assert "business knowledge model" in single_problem(xml).message


def test_expression_languages_other_than_feel() -> None:
    xml = document(
        table(
            inputs='<input id="in1" label="A"><inputExpression expressionLanguage="juel">'
            "<text>${a}</text></inputExpression></input>"
        )
    )
    problem = single_problem(xml)
    assert problem.message == "expression language 'juel' is not supported (only FEEL is)"
    assert problem.element_id == "in1"


def test_entries_in_another_language_are_not_compiled_as_feel() -> None:
    xml = document(
        table(
            rules='<rule id="r1"><inputEntry expressionLanguage="juel"><text>${a > 1}</text>'
            '</inputEntry><outputEntry expressionLanguage="javascript"><text>"x" + 1;</text>'
            "</outputEntry></rule>"
        )
    )
    found = problems(xml)
    assert [p.message for p in found] == [
        "expression language 'juel' is not supported (only FEEL is)",
        "expression language 'javascript' is not supported (only FEEL is)",
    ]
    assert {p.element_id for p in found} == {"r1"}


def test_the_definitions_language_applies_to_every_expression() -> None:
    xml = document(literal_decision("d", [])).replace(
        'namespace="http://t"', 'namespace="http://t" expressionLanguage="python"'
    )
    problem = single_problem(xml)
    assert problem.message == "expression language 'python' is not supported (only FEEL is)"


def test_an_input_without_expression() -> None:
    problem = single_problem(document(table(inputs='<input id="in1" label="A"/>')))
    assert problem.message == "input 'A' of decision 'd' has no input expression"


def test_every_problem_is_reported_at_once() -> None:
    xml = document(
        "\n".join(
            [
                table(decision_id="d1", attributes=' hitPolicy="MOST"'),
                table(decision_id="d2", inputs="", outputs="", rules=""),
                literal_decision("d3", ["missing"], "1 +"),
            ]
        )
    )
    found = problems(xml)
    assert [p.element_id for p in found] == ["d1", "d2", "d3", "d3"]
    assert all(p.line is not None for p in found)
