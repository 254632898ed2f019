"""Shared by the validation modules: the process being checked and how to report a problem."""

from __future__ import annotations

from dataclasses import dataclass

from ._errors import Problem
from .model import Element, Expression, Message, Process


@dataclass(slots=True)
class Checker:
    process: Process
    problems: list[Problem]

    def add(self, message: str, element: Element | None = None, line: int | None = None) -> None:
        if element is None:
            self.problems.append(Problem(message, self.process.id, line or self.process.line))
        else:
            self.problems.append(Problem(message, element.id, line or element.line))

    def scope_name(self, scope_id: str) -> str:
        return "the process" if scope_id == self.process.id else f"subprocess '{scope_id}'"

    def message(self, element: Element, message: Message | None, *, needs_key: bool) -> None:
        """A message reference: it must exist and have a name (and a key where one is caught)."""
        if message is None:
            self.add("must reference a message (messageRef)", element)
            return
        if _blank(message.name):
            self.add(f"message '{message.id}' has no name", element)
        if needs_key and _blank(message.correlation_key):
            self.add(
                f"message '{message.id}' needs a correlation key "
                "(zeebe:subscription correlationKey) to be caught here",
                element,
            )
        elif message.correlation_key is not None:
            self.feel(element, message.correlation_key, f"the correlationKey of '{message.id}'")

    def feel(self, element: Element, expression: Expression | None, what: str) -> None:
        """Zeebe reads some values only as FEEL: a static text there is refused."""
        if expression is None or _blank(expression) or expression.is_feel:
            return
        self.add(
            f"{what} must be an expression starting with '=' (e.g. '={expression.text.strip()}'), "
            f"not the static value '{expression.text.strip()}'",
            element,
            expression.line,
        )


def _blank(expression: Expression | None) -> bool:
    return expression is None or not expression.text.strip().lstrip("=").strip()


def blank(expression: Expression | None) -> bool:
    """True when there is no expression or only blanks (a lone ``=`` counts as blank)."""
    return _blank(expression)
