"""Text that doesn't parse: FeelSyntaxError with a position and a readable message."""

from __future__ import annotations

import re

import pytest

from bpmn import feel
from bpmn.feel import FeelSyntaxError


@pytest.mark.parametrize(
    ("text", "position", "message"),
    [
        ("1 +", 3, "Unexpected end of expression"),
        ("(1 + 2", 6, "Expected ')'"),
        ("[1, 2", 5, "Expected ']'"),
        ("{a 1}", 1, "Expected a context key"),
        ("if x then 1", 11, "Expected 'else'"),
        ("for x in [1] x", 13, "Expected 'return'"),
        ("1 2", 2, "Unexpected '2'"),
        ('"open', 0, "Unterminated string"),
        ('"ends in a backslash\\', 0, "Unterminated string"),
        ('"\\uZZZZ"', 1, "Invalid unicode escape"),
        ('"\\uD800"', 1, "lone surrogate"),
        ("a $ b", 2, "Unexpected character '$'"),
        ("then", 0, "Unexpected keyword 'then'"),
        ("{a: 1}.null", 7, "Expected a name after '.'"),
        ("", 0, "empty"),
        ("/* open", 0, "Unterminated comment"),
        ("x instance of", 13, "Expected a type name"),
    ],
)
def test_syntax_errors_name_the_position(text: str, position: int, message: str) -> None:
    with pytest.raises(FeelSyntaxError) as raised:
        feel.compile(text)
    assert raised.value.position == position
    assert message in raised.value.message
    assert raised.value.expression == text


@pytest.mark.parametrize(
    "word",
    [
        "function",
        "in",
        "return",
        "then",
        "else",
        "satisfies",
        "and",
        "or",
        "some",
        "every",
        "if",
        "for",
        "between",
        "instance",
        "of",
        "not",
    ],
)
def test_keywords_alone_do_not_parse(word: str) -> None:
    with pytest.raises(FeelSyntaxError):
        feel.compile(word)


@pytest.mark.parametrize("text", ["{foo{bar:1}", "{foo,bar:1}", "{foo:bar:1}"])
def test_context_keys_exclude_delimiters(text: str) -> None:
    with pytest.raises(FeelSyntaxError):
        feel.compile(text)


def test_unknown_type_is_a_syntax_error() -> None:
    with pytest.raises(FeelSyntaxError, match="Unknown type 'numbr'") as raised:
        feel.compile("1 instance of numbr")
    assert raised.value.position == 14


def test_every_type_name_the_parser_accepts_has_a_check() -> None:
    from bpmn.feel._ast import TYPE_NAMES, TypeSpec
    from bpmn.feel._ops import type_check

    assert all(type_check(TypeSpec(name)) is not None for name in TYPE_NAMES)


def test_message_quotes_the_expression() -> None:
    with pytest.raises(FeelSyntaxError, match=re.escape("at position 4 of 'a + )'")):
        feel.compile("a + )")


def test_from_zeebe_strips_the_equals_sign() -> None:
    assert feel.Expression.from_zeebe("= 1 + 1").evaluate() == 2
