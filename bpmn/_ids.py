"""Element ids of one document: each must be present and unique across all its processes."""

from __future__ import annotations

from collections.abc import Container

from lxml import etree

from ._errors import Problem
from ._names import line_of, local_name


class Ids:
    """Registers ids as elements are read, reporting missing and duplicate ones."""

    __slots__ = ("lines", "problems")

    def __init__(self, problems: list[Problem]) -> None:
        # id -> line of the element that first used it
        self.lines: dict[str, int | None] = {}
        self.problems = problems

    def register(self, el: etree._Element) -> str | None:
        """The element's id, or None (with a problem) when it has none or a taken one."""
        element_id = el.get("id")
        if not element_id:
            self.problems.append(Problem(f"<{local_name(el.tag)}> has no id", None, line_of(el)))
            return None
        if element_id in self.lines:
            self.problems.append(
                Problem(
                    f"duplicate id '{element_id}' (first used on line {self.lines[element_id]})",
                    element_id,
                    line_of(el),
                )
            )
            return None
        self.lines[element_id] = line_of(el)
        return element_id


def xml_true(text: str | None, default: bool) -> bool:
    """An xsd:boolean attribute ('true'/'1' or 'false'/'0'); ``default`` when absent."""
    if text is None:
        return default
    return text.strip().lower() in ("true", "1")


def local_ref(ref: str, known: Container[str]) -> str:
    """``ref`` as an id in ``known``: as written, or its local part when written as a QName
    (``bpmn2:Task_1``), which some modelers do."""
    if ref in known or ":" not in ref:
        return ref
    local = ref.rpartition(":")[2]
    return local if local in known else ref
