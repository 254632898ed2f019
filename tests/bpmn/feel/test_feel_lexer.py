"""The tokenizer: kinds, decoded values, positions, comments."""

from __future__ import annotations

import pytest

from bpmn.feel import FeelSyntaxError
from bpmn.feel._lexer import END, ERROR, NAME, NUMBER, OP, STRING, TEMPORAL, tokenize


def kinds(text: str) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in tokenize(text) if t.kind != END]


def test_operators_longest_first() -> None:
    assert kinds("a<=b**2..3!=c->d") == [
        (NAME, "a"),
        (OP, "<="),
        (NAME, "b"),
        (OP, "**"),
        (NUMBER, "2"),
        (OP, ".."),
        (NUMBER, "3"),
        (OP, "!="),
        (NAME, "c"),
        (OP, "->"),
        (NAME, "d"),
    ]


def test_numbers_stop_before_a_range() -> None:
    assert kinds("1..10") == [(NUMBER, "1"), (OP, ".."), (NUMBER, "10")]
    assert kinds("1.5 .5") == [(NUMBER, "1.5"), (NUMBER, ".5")]


def test_strings_temporals_and_backticks_are_decoded() -> None:
    assert kinds('"a\\tb" @"P1D" `x y`') == [(STRING, "a\tb"), (TEMPORAL, "P1D"), (NAME, "x y")]
    assert tokenize("`and`")[0].quoted is True


def test_comments_and_whitespace_are_skipped() -> None:
    assert kinds("1 // rest\n+ /* two\nlines */ 2") == [(NUMBER, "1"), (OP, "+"), (NUMBER, "2")]


def test_positions_point_into_the_text() -> None:
    tokens = tokenize('  foo + "bar"')
    assert [(t.start, t.end) for t in tokens] == [(2, 5), (6, 7), (8, 13), (13, 13)]


def test_unknown_characters_become_error_tokens() -> None:
    assert kinds("a $ 🐎") == [(NAME, "a"), (ERROR, "$"), (ERROR, "🐎")]


def test_question_mark_and_unicode_names() -> None:
    assert kinds("? straße") == [(NAME, "?"), (NAME, "straße")]


@pytest.mark.parametrize("text", ['"open', "`open", "/* open", '"\\u12"'])
def test_unterminated_literals_are_syntax_errors(text: str) -> None:
    with pytest.raises(FeelSyntaxError):
        tokenize(text)
