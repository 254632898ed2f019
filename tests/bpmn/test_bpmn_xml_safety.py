"""Hostile and broken input is refused with a clear BpmnError, quickly, without touching the
network or the file system beyond the document itself."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

import bpmn
from bpmn._xml import DEFAULT_MAX_BYTES, read_source

Problems = Callable[[str | bytes], list[bpmn.Problem]]
Doc = Callable[..., str]


def only(problems: list[bpmn.Problem]) -> str:
    assert len(problems) == 1, problems
    return problems[0].message


def test_external_entity_is_not_resolved(problems_of: Problems, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">'
        '<bpmn:process id="p" name="&x;" /></bpmn:definitions>'
    )
    message = only(problems_of(xxe))
    assert "DTD" in message and "TOP-SECRET" not in message


def test_billion_laughs_is_refused_fast(problems_of: Problems) -> None:
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    bomb = f'<?xml version="1.0"?><!DOCTYPE d [{entities}]><d>&a9;</d>'
    start = time.perf_counter()
    assert "DTD" in only(problems_of(bomb))
    assert time.perf_counter() - start < 1


def test_external_dtd_is_refused(problems_of: Problems) -> None:
    doc = '<?xml version="1.0"?><!DOCTYPE d SYSTEM "http://example.invalid/x.dtd"><d />'
    assert "DTD" in only(problems_of(doc))


def test_dtd_in_utf16_is_refused(problems_of: Problems) -> None:
    doc = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY x "y">]><d>&x;</d>'
    assert "DTD" in only(problems_of(doc.encode("utf-16")))


def test_utf16_document_is_read(bpmn_doc: Doc) -> None:
    text = bpmn_doc('<bpmn:endEvent id="end" name="Ende ü" />').replace("UTF-8", "UTF-16")
    definitions = bpmn.parse(text.encode("utf-16"))
    assert definitions.processes[0].element("end").name == "Ende ü"


def test_str_with_a_foreign_encoding_declaration(bpmn_doc: Doc) -> None:
    text = bpmn_doc('<bpmn:endEvent id="end" name="Café" />').replace("UTF-8", "ISO-8859-1")
    assert bpmn.parse(text).processes[0].element("end").name == "Café"


def test_document_over_the_size_limit_is_refused_quickly(tmp_path: Path) -> None:
    big = b"<d>" + b"x" * (50 * 1024 * 1024) + b"</d>"
    start = time.perf_counter()
    with pytest.raises(bpmn.BpmnError) as caught:
        bpmn.parse(big)
    assert "larger than the limit" in str(caught.value)
    path = tmp_path / "big.bpmn"
    path.write_bytes(big)
    with pytest.raises(bpmn.BpmnError) as caught:
        bpmn.parse(path)
    assert "50.0 MiB" in str(caught.value)
    assert time.perf_counter() - start < 2


def test_size_limit_is_adjustable() -> None:
    assert DEFAULT_MAX_BYTES >= 4 * 1024 * 1024
    with pytest.raises(bpmn.BpmnError, match="larger than the limit"):
        read_source(b"<d>" + b" " * 100 + b"</d>", max_bytes=50)


@pytest.mark.parametrize("cut", [10, 200, 400, -20])
def test_truncated_document(problems_of: Problems, bpmn_doc: Doc, cut: int) -> None:
    text = bpmn_doc('<bpmn:endEvent id="end" />')
    message = only(problems_of(text[:cut]))
    assert message.startswith("not well-formed XML")


def test_truncated_file_has_a_line(problems_of: Problems) -> None:
    (problem,) = problems_of("<a>\n<b>\n<c>")
    assert problem.line is not None and problem.line >= 3


@pytest.mark.parametrize(
    "junk",
    [b"\x00\x01\x02\xff\xfe", b"\x89PNG\r\n\x1a\n\x00\x00", b"PK\x03\x04" + bytes(range(256))],
)
def test_binary_junk(problems_of: Problems, junk: bytes) -> None:
    assert "XML" in only(problems_of(junk))


@pytest.mark.parametrize("text", ["", "   \n  ", b""])
def test_empty_document(problems_of: Problems, text: str | bytes) -> None:
    if isinstance(text, str) and not text.strip():
        text = text.encode()
    assert only(problems_of(text)) == "document is empty"


def test_deep_nesting_fails_fast(problems_of: Problems) -> None:
    depth = 100_000
    deep = "<a>" * depth + "</a>" * depth
    start = time.perf_counter()
    message = only(problems_of(deep))
    assert "not well-formed XML" in message
    assert time.perf_counter() - start < 2


def test_many_elements_do_not_hang(bpmn_doc: Doc) -> None:
    body = "".join(f'<bpmn:task id="t{i}" />' for i in range(20_000))
    start = time.perf_counter()
    definitions = bpmn.parse(bpmn_doc(body))
    assert len(definitions.processes[0].elements) == 20_001
    assert time.perf_counter() - start < 5


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(bpmn.BpmnError, match="cannot read") as caught:
        bpmn.parse(tmp_path / "nope.bpmn")
    assert "nope.bpmn" in str(caught.value)


def test_directory_is_not_a_document(tmp_path: Path) -> None:
    with pytest.raises(bpmn.BpmnError, match="cannot read"):
        bpmn.parse(tmp_path)


def test_nul_in_path() -> None:
    with pytest.raises(bpmn.BpmnError, match="cannot read"):
        bpmn.parse("bad\x00name.bpmn")


def test_wrong_source_type() -> None:
    with pytest.raises(TypeError):
        bpmn.parse(12)  # type: ignore[arg-type]


def test_processing_instructions_and_comments_are_ignored(bpmn_doc: Doc) -> None:
    text = bpmn_doc('<!-- note --><?pi data?><bpmn:endEvent id="end" />')
    assert "end" in bpmn.parse(text).processes[0].elements


def _nested_subprocesses(depth: int) -> str:
    inner = '<bpmn:task id="leaf" />'
    for i in range(depth):
        inner = (
            f'<bpmn:subProcess id="s{i}"><bpmn:startEvent id="st{i}" />{inner}</bpmn:subProcess>'
        )
    return (
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">'
        f'<bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="s" />{inner}'
        "</bpmn:process></bpmn:definitions>"
    )


def test_deeply_nested_subprocesses_are_read() -> None:
    definitions = bpmn.parse(_nested_subprocesses(250))
    process = definitions.processes[0]
    assert process.element("leaf").parent_id == "s0"
    assert process.element("s249").parent_id == "p"


def test_too_deep_nesting_is_refused_clearly(problems_of: Problems) -> None:
    message = only(problems_of(_nested_subprocesses(400)))
    assert "not well-formed XML" in message and "depth" in message


def test_str_with_a_byte_order_mark(bpmn_doc: Doc) -> None:
    text = "\ufeff" + bpmn_doc('<bpmn:endEvent id="end" />')
    assert "end" in bpmn.parse(text).processes[0].elements


def test_bytes_with_a_byte_order_mark(bpmn_doc: Doc) -> None:
    data = bpmn_doc('<bpmn:endEvent id="end" />').encode("utf-8-sig")
    assert "end" in bpmn.parse(data).processes[0].elements


def test_billion_laughs_in_utf16_is_refused_fast(problems_of: Problems) -> None:
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    bomb = f'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [{entities}]><d>&a9;</d>'
    start = time.perf_counter()
    problems = problems_of(bomb.encode("utf-16"))
    assert time.perf_counter() - start < 1
    assert len(problems) == 1 and "lol" not in problems[0].message
