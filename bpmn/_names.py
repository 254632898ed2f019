"""Namespaces and qualified tag names, in lxml's ``{namespace}local`` spelling."""

from __future__ import annotations

from typing import cast

from lxml import etree

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
ZEEBE_NS = "http://camunda.org/schema/zeebe/1.0"

BPMN = "{" + BPMN_NS + "}"
ZEEBE = "{" + ZEEBE_NS + "}"


def local_name(tag: object) -> str:
    """``subProcess`` for ``{ns}subProcess``; comments and other non-elements give ''."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def line_of(el: etree._Element) -> int | None:
    """The 1-based source line of ``el`` (the lxml stubs leave ``sourceline`` untyped)."""
    return cast("int | None", el.sourceline)
