"""The one exception of the modelling layer: a model (BPMN or DMN) that Baton refuses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason a document is refused.

    ``element_id`` is the id of the offending element when it has one (None for problems of the
    document as a whole, such as XML that is not well-formed); ``line`` is the 1-based line in the
    source text when known.
    """

    message: str
    element_id: str | None = None
    line: int | None = None

    def __post_init__(self) -> None:
        # Messages quote the document (conditions, timer values); keep each on one line so
        # that str(BpmnError) stays one problem per line.
        if "\n" in self.message or "\r" in self.message:
            flat = self.message.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
            object.__setattr__(self, "message", flat)

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.element_id is not None:
            where.append(f"element '{self.element_id}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class BpmnError(Exception):
    """A model is refused. ``problems`` lists every reason found, not only the first."""

    problems: list[Problem]

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        if not self.problems:
            raise ValueError("BpmnError needs at least one problem")
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(
        cls, message: str, *, element_id: str | None = None, line: int | None = None
    ) -> BpmnError:
        return cls([Problem(message, element_id, line)])
