"""Malformed and hostile documents are refused with BpmnError, quickly, without side effects."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bpmn import BpmnError
from bpmn.dmn import parse_dmn

DMN13 = "https://www.omg.org/spec/DMN/20191111/MODEL/"


def refused(source: bytes | str | Path) -> str:
    with pytest.raises(BpmnError) as caught:
        parse_dmn(source)
    return str(caught.value)


def test_external_entities_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xml = (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE definitions [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        f'<definitions xmlns="{DMN13}" id="defs">'
        '<decision id="d"><literalExpression><text>"&xxe;"</text></literalExpression></decision>'
        "</definitions>"
    )
    message = refused(xml)
    assert "DTD" in message
    assert "TOP SECRET" not in message


def test_entity_expansion_bombs_are_refused() -> None:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    xml = (
        f'<?xml version="1.0"?>\n<!DOCTYPE definitions [{"".join(entities)}]>\n'
        f'<definitions xmlns="{DMN13}" id="&lol9;"/>'
    )
    assert "DTD" in refused(xml)


def test_a_doctype_in_utf16_is_refused() -> None:
    xml = f'<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE x>\n<definitions xmlns="{DMN13}"/>'
    assert "DTD" in refused(xml.encode("utf-16"))


def test_truncated_documents_are_refused(fixture_path) -> None:
    data = fixture_path("dinner_dmn13.dmn").read_bytes()
    message = refused(data[: len(data) // 2])
    assert "not well-formed XML" in message
    assert "line" in message


def test_binary_junk_is_refused() -> None:
    junk = bytes(random.Random(7).getrandbits(8) for _ in range(4096))
    refused(junk)
    refused(b"\x00\xff\xfe" * 100)


def test_empty_documents_are_refused() -> None:
    assert "empty" in refused(b"")
    assert "empty" in refused(b"   \n")


def test_oversized_documents_are_refused_before_parsing() -> None:
    padding = b" " * (17 * 1024 * 1024)
    xml = f'<definitions xmlns="{DMN13}" id="defs">'.encode() + padding + b"</definitions>"
    assert "larger than the limit" in refused(xml)


def test_deeply_nested_junk_is_refused() -> None:
    depth = 100_000
    xml = (
        f'<definitions xmlns="{DMN13}" id="defs">'
        + "<a>" * depth
        + "</a>" * depth
        + "</definitions>"
    )
    assert "not well-formed XML" in refused(xml)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    assert "cannot read" in refused(tmp_path / "missing.dmn")


def test_text_that_is_not_xml_is_refused() -> None:
    refused(b"decision table: if amount > 5 then yes")


def test_sources_of_every_kind_are_accepted(fixture_path) -> None:
    path = fixture_path("invoice_dmn11.dmn")
    data = path.read_bytes()
    for source in (path, str(path), data, data.decode("utf-8")):
        assert parse_dmn(source).id == "invoiceBusinessDecisions"
