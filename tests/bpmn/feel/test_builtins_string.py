"""String built-ins, XPath regular expressions and what protects them from hostile input."""

from __future__ import annotations

import time
from decimal import Decimal as D
from typing import Any

import pytest

from bpmn import feel
from bpmn.feel._builtins import _regex
from tests.bpmn.feel.builtin_calls import NOW, call, failure


def fails(name: str, *args: Any) -> str:
    raised = failure(name, *args)
    assert raised.failure.type == "FUNCTION_INVOCATION_FAILURE"
    return raised.failure.message


def test_substring_positions() -> None:
    assert call("substring", "foobar", D(3)) == "obar"
    assert call("substring", "foobar", D(3), D(3)) == "oba"
    assert call("substring", "foobar", D(-2), D(1)) == "a"
    assert call("substring", "abc", D(1), D(4)) == "abc"
    assert call("substring", "abc", D(4), D(4)) == ""
    assert call("substring", "abc", D(-10)) == "abc"
    assert call("substring", "abc", D("1E+6000")) == ""
    assert call("substring", "a😀b", D(2), D(1)) == "😀"
    fails("substring", "abc", D(1), D(-1))
    fails("substring", D(1), D(1))


def test_simple_string_functions() -> None:
    assert call("string length", "foo") == D(3)
    assert call("upper case", "aBc4") == "ABC4"
    assert call("lower case", "aBc4") == "abc4"
    assert call("substring before", "foobar", "bar") == "foo"
    assert call("substring before", "foobar", "xyz") == ""
    assert call("substring after", "foobar", "ob") == "ar"
    assert call("substring after", "foo", "") == "foo"
    assert call("contains", "foobar", "of") is False
    assert call("starts with", "foobar", "fo") is True
    assert call("ends with", "foobar", "o") is False
    assert call("trim", "  hello world  ") == "hello world"
    assert call("is blank", " \t\n") is True
    assert call("is blank", " x ") is False
    fails("string length", None)
    fails("upper case", D(1))


def test_base64() -> None:
    assert call("to base64", "FEEL") == "RkVFTA=="
    assert call("from base64", "Q2FtdW5kYQ==") == "Camunda"
    assert call("from base64", call("to base64", "äö😀")) == "äö😀"
    assert fails("from base64", "!!!") == "Invalid Base64 value '!!!'"
    fails("from base64", "/w==")  # not UTF-8


def test_replace_with_groups_and_flags() -> None:
    assert call("replace", "abcd", "(ab)|(a)", "[1=$1][2=$2]") == "[1=ab][2=]cd"
    assert call("replace", "0123456789", r"(\d{3})(\d{3})(\d{4})", "($1) $2-$3") == (
        "(012) 345-6789"
    )
    assert call("replace", "abc", "B", "x", "i") == "axc"
    assert call("replace", "a.b.c", ".", "-", "q") == "a-b-c"
    assert call("replace", "price", "price", r"\$5") == "$5"
    assert call("replace", "2024-01", r"(?<y>\d{4})-(?<m>\d\d)", "${m}/${y}") == "01/2024"
    fails("replace", "abc", "([a-z)", "$1")
    fails("replace", "abc", "b", "$")
    fails("replace", "abc", "(b)", "$2")
    fails("replace", "abc", "b", "x", "z")


def test_matches_split_extract() -> None:
    assert call("matches", "foobar", "^fo*b") is True
    assert call("matches", "foobar", "^fo*z") is False
    assert call("matches", "FOO", "foo", "i") is True
    assert call("split", "John Doe", r"\s") == ["John", "Doe"]
    assert call("split", "a;b;c;;", ";") == ["a", "b", "c", "", ""]
    assert call("split", "a1b2c", r"(\d)") == ["a", "b", "c"]
    assert call("extract", "this is foobar and folbar", "fo[a-z]*") == ["foobar", "folbar"]
    assert call("extract", "nothing", "fo[a-z]*") == []
    fails("matches", "abc", "[a-z")
    fails("extract", "abc", "[a-z")


def test_xpath_meanings_of_dot_dollar_and_classes() -> None:
    assert call("matches", "a\nb", "a.b") is False
    assert call("matches", "a\nb", "a.b", "s") is True
    assert call("matches", "a\r", "a.") is False
    assert call("matches", "ab\n", "ab$") is False  # $ is the very end without flag m
    assert call("matches", "ab\ncd", "ab$", "m") is True
    assert call("extract", "hello world", "[a-z-[aeiou]]+") == ["h", "ll", "w", "rld"]
    assert call("extract", "Ärger über Öl", r"\p{Lu}") == ["Ä", "Ö"]
    assert call("matches", "x", r"\P{L}") is False
    assert call("matches", "a b", "a b", "x") is False
    assert call("matches", "ab", "a b", "x") is True


def test_java_spellings_translate() -> None:
    assert call("matches", "a+b", r"\Qa+b\E") is True
    assert call("matches", "abab", r"(?<x>ab)\k<x>") is True
    assert call("matches", "ab", r"ab\z") is True
    assert call("matches", "€", r"\x{20AC}") is True
    assert call("matches", "a\tb", r"a\hb") is True
    assert call("extract", "aaa", "a++") == ["aaa"]
    assert call("extract", "aaab", "(?>a+)b") == ["aaab"]


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(\w*\s?)*!", r"(x+x+)+y", r"((a)*b)*"])
def test_nested_unbounded_repetition_is_refused(pattern: str) -> None:
    message = fails("matches", "a" * 40 + "!", pattern)
    assert "exponential" in message


def test_possessive_rewrite_of_a_catastrophic_pattern_is_fast() -> None:
    started = time.monotonic()
    assert call("matches", "a" * 100_000 + "!", r"^(a++)+$") is False
    assert time.monotonic() - started < 2


def test_oversized_pattern_and_input_are_refused() -> None:
    assert "longer than" in fails("matches", "a", "a" * (_regex.MAX_PATTERN + 1))
    assert "longer than" in fails("matches", "a" * (_regex.MAX_INPUT + 1), "a")


def test_large_input_with_a_linear_pattern() -> None:
    text = "ab," * 200_000
    assert len(call("split", text, ",")) == 200_001
    assert call("replace", text, "b", "") == "a," * 200_000


def test_through_evaluate() -> None:
    assert feel.evaluate('substring(string: "foobar", start position: 3)', now=NOW) == "obar"
    value, failures = feel.evaluate_with_failures('matches("abc", "[a-z")', now=NOW)
    assert value is None
    assert failures[0].type == "FUNCTION_INVOCATION_FAILURE"
    assert feel.evaluate(r'replace("a.b", "\.", "-")', now=NOW) == "a-b"
