"""``parse``: from bytes, XML text or a path to a validated ``Definitions``."""

from __future__ import annotations

from ._errors import BpmnError, Problem
from ._reader import read_definitions
from ._validation import validate
from ._xml import DEFAULT_MAX_BYTES, Source, parse_xml, read_source
from .model import Definitions


def parse(source: Source, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Definitions:
    """Parse and validate a BPMN document.

    ``source`` is bytes, a str of XML text, or a path; a document larger than ``max_bytes`` is
    refused before it is parsed. Raises ``BpmnError`` listing every problem found (unsafe or
    malformed XML, elements Baton cannot execute, broken modelling rules), ordered by line.
    """
    root = parse_xml(read_source(source, max_bytes))
    problems: list[Problem] = []
    definitions = read_definitions(root, problems)
    if definitions is not None:
        validate(definitions, problems)
    if problems:
        # Stable: problems on the same line keep the order they were found in.
        problems.sort(key=lambda p: p.line if p.line is not None else 0)
        raise BpmnError(problems)
    assert definitions is not None
    return definitions
