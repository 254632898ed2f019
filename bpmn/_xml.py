"""Safe loading of XML documents (BPMN and DMN) from untrusted sources.

Modelers' files arrive over the network from anyone who can reach the gateway, so loading is
hardened before any BPMN meaning is read: no network, no external entities, no DTDs at all (which
also rules out entity-expansion bombs), a size limit checked before parsing, and libxml2's default
depth limit (no ``huge_tree``) so deeply nested junk fails fast instead of exhausting memory.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from lxml import etree

from ._errors import BpmnError

# Zeebe refuses deployments above its 4 MB message size; Baton allows larger models but keeps a
# bound so a hostile upload cannot make the parser allocate without limit.
DEFAULT_MAX_BYTES = 16 * 1024 * 1024

Source = bytes | str | os.PathLike[str]

_DECLARED_ENCODING = re.compile(rb"""\A(\s*<\?xml[^>]*?encoding\s*=\s*["'])[^"']*(["'])""")


def read_source(source: Source, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Return the raw bytes of ``source``: bytes as given, a str of XML text, or a path.

    A str that does not start with ``<`` (after whitespace or a byte order mark) is a path.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    elif isinstance(source, str) and source.lstrip("\ufeff \t\r\n").startswith("<"):
        # The text is re-encoded as UTF-8, so an encoding declaration saying otherwise
        # ("ISO-8859-1", "UTF-16") would make libxml2 misread it: declare what it now is.
        # A byte order mark left by a text reader goes too: it is not part of the text.
        text = source.lstrip("\ufeff")
        data = _DECLARED_ENCODING.sub(rb"\1UTF-8\2", text.encode("utf-8", "replace"), count=1)
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise _too_large(size, max_bytes)
            data = path.read_bytes()
        except OSError as error:
            raise BpmnError.single(f"cannot read '{path}': {error.strerror or error}") from None
        except ValueError as error:  # e.g. a NUL byte in the path
            raise BpmnError.single(f"cannot read '{path}': {error}") from None
    else:
        raise TypeError(f"expected bytes, str or a path, got {type(source).__name__}")
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    return data


def _too_large(size: int, limit: int) -> BpmnError:
    return BpmnError.single(
        f"document is {size / 1048576:.1f} MiB, larger than the limit of {limit / 1048576:.1f} MiB"
    )


def _parser() -> etree.XMLParser:
    # A new parser per document: lxml parsers are not safe to share between threads.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


_ROOT_START = re.compile(rb"<[A-Za-z_]")


def parse_xml(data: bytes) -> etree._Element:
    """Parse ``data`` into an element tree or raise ``BpmnError`` saying why not."""
    if not data.strip():
        raise BpmnError.single("document is empty")
    # A DOCTYPE has no business in BPMN or DMN, and refusing it before libxml2 reads it rules
    # out every entity trick (XXE, billion laughs, parameter entities) whatever the parser flags.
    # The prolog scan is a fast path; the docinfo check after parsing (with entities off) is
    # what guarantees it for encodings the byte scan cannot read, such as UTF-16.
    root_start = _ROOT_START.search(data)
    if b"<!DOCTYPE" in data[: root_start.start() if root_start else len(data)]:
        raise BpmnError.single("document declares a DTD (<!DOCTYPE>), which is not allowed")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        line = error.lineno if error.lineno and error.lineno > 0 else None
        message = error.msg or str(error)
        raise BpmnError.single(f"not well-formed XML: {message}", line=line) from None
    except ValueError as error:  # e.g. an encoding declaration lxml cannot honour
        raise BpmnError.single(f"not well-formed XML: {error}") from None
    docinfo: Any = root.getroottree().docinfo  # the lxml stubs type DocInfo loosely
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise BpmnError.single("document declares a DTD (<!DOCTYPE>), which is not allowed")
    return root
