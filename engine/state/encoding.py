"""Order-preserving encodings of key parts, so that bytewise key order is logical order.

A state key is a column prefix followed by parts. Scans walk keys in bytewise order, and indexes
rely on it (jobs by priority then key, deadlines by time), so every part encodes order-preserving
and self-delimiting: `u64` and `i64` are fixed-width big-endian, `text` escapes NUL and ends with a
terminator, so "a" sorts before "a\\x00" before "ab" and no part is a prefix of another's encoding.
Each encoder has a reader that returns the value and the offset just past it.
"""

from __future__ import annotations

import struct

_I64_BIAS = 1 << 63
# Text: NUL becomes 00 FF; the terminator is 00 01, which sorts below every escaped character.
_ESCAPED_NUL = b"\x00\xff"
_TERMINATOR = b"\x00\x01"


_PACK_U64 = struct.Struct(">Q").pack


def u64(value: int) -> bytes:
    """An unsigned 64-bit integer (keys, counters, epoch millis)."""
    try:
        return _PACK_U64(value)
    except struct.error:
        raise ValueError(f"Expected an unsigned 64-bit integer, but got {value}") from None


def read_u64(data: bytes, offset: int = 0) -> tuple[int, int]:
    return int.from_bytes(data[offset : offset + 8], "big"), offset + 8


def i64(value: int) -> bytes:
    """A signed 64-bit integer; negative values sort before positive ones."""
    if not -_I64_BIAS <= value < _I64_BIAS:
        raise ValueError(f"Expected a signed 64-bit integer, but got {value}")
    return (value + _I64_BIAS).to_bytes(8, "big")


def read_i64(data: bytes, offset: int = 0) -> tuple[int, int]:
    return int.from_bytes(data[offset : offset + 8], "big") - _I64_BIAS, offset + 8


def text(value: str) -> bytes:
    """A string, UTF-8 encoded (whose byte order is code point order), NUL-escaped, terminated."""
    return value.encode().replace(b"\x00", _ESCAPED_NUL) + _TERMINATOR


def read_text(data: bytes, offset: int = 0) -> tuple[str, int]:
    end = data.find(_TERMINATOR, offset)
    # An escaped NUL is 00 FF, never 00 01, so the first 00 01 is the terminator.
    if end < 0:
        raise ValueError(f"Expected a terminated string at offset {offset}, but found none")
    return data[offset:end].replace(_ESCAPED_NUL, b"\x00").decode(), end + 2


def prefix_end(prefix: bytes) -> bytes | None:
    """The least key greater than every key starting with `prefix` (None: no such key), the
    exclusive upper bound of a prefix scan."""
    stripped = prefix.rstrip(b"\xff")
    if not stripped:
        return None
    return stripped[:-1] + bytes((stripped[-1] + 1,))
