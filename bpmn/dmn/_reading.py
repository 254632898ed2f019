"""What every part of reading a DMN document shares: the namespace, the problems found so far,
and turning cell text into compiled FEEL (a problem naming the cell when it does not compile)."""

from __future__ import annotations

from lxml import etree

from .._errors import Problem
from .._names import line_of
from . import _feel
from ._model import FeelExpression, FeelUnaryTests


class ReadContext:
    def __init__(self, namespace: str, default_language: str | None) -> None:
        self.ns = namespace
        self.problems: list[Problem] = []
        # The ``expressionLanguage`` of ``definitions``, for elements that do not name one.
        self.default_language = default_language

    def problem(self, message: str, element_id: str | None, line: int | None) -> None:
        self.problems.append(Problem(message, element_id, line))

    def tag(self, local: str) -> str:
        return f"{{{self.ns}}}{local}"

    def required_id(self, element: etree._Element, what: str) -> str | None:
        element_id = element.get("id")
        if not element_id or not element_id.strip():
            self.problem(f"<{what}> has no id", None, line_of(element))
            return None
        return element_id

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
