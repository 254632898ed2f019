"""Splitting FEEL text into tokens.

The lexer never raises: a character it cannot place becomes an ``ERROR`` token, so the parser
decides whether it is acceptable (context keys such as ``{🐎: 1}`` take raw text) and reports
the position when it is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._errors import FeelSyntaxError

NAME = "name"
NUMBER = "number"
STRING = "string"
TEMPORAL = "temporal"
OP = "op"
ERROR = "error"
END = "end"

# Words that can't name a variable on their own (feel-scala refuses `in`, `then`, ...).
KEYWORDS = frozenset(
    {
        "true",
        "false",
        "null",
        "function",
        "in",
        "return",
        "then",
        "else",
        "satisfies",
        "and",
        "or",
        "some",
        "every",
        "if",
        "for",
        "between",
        "instance",
        "of",
        "not",
    }
)


@dataclass(frozen=True, slots=True)
class Token:
    kind: str
    text: str  # the decoded value for strings and backtick names, else the source text
    start: int
    end: int
    quoted: bool = False  # a backtick name: never a keyword


_SPACE = re.compile(r"(?:\s+|//[^\n]*|/\*.*?\*/)+", re.S)
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+")
_NAME = re.compile(r"[^\W\d]\w*|\?", re.U)
_DIGITS = "0123456789"
_DIGITS_SET = frozenset(_DIGITS)
_OPS = ("**", "..", "<=", ">=", "!=", "->", "=", "<", ">", "+", "-", "*", "/")
_PUNCT = frozenset("()[]{},.:")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_STRING_BODY = re.compile(r'(?:[^"\\]|\\.)*', re.S)
_ESCAPE = re.compile(
    r"\\(u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|u|.)", re.S
)


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    append = tokens.append
    pos = 0
    size = len(text)
    while True:
        space = _SPACE.match(text, pos)
        if space:
            pos = space.end()
        if pos >= size:
            break
        if text.startswith("/*", pos):
            raise FeelSyntaxError("Unterminated comment", text, pos)
        ch = text[pos]
        if ch == '"':
            value, end = _string(text, pos)
            append(Token(STRING, value, pos, end))
            pos = end
        elif ch == "@" and text.startswith('"', pos + 1):
            value, end = _string(text, pos + 1)
            append(Token(TEMPORAL, value, pos, end))
            pos = end
        elif ch == "`":
            end = text.find("`", pos + 1)
            if end < 0:
                raise FeelSyntaxError("Unterminated backtick name", text, pos)
            append(Token(NAME, text[pos + 1 : end], pos, end + 1, quoted=True))
            pos = end + 1
        elif ch in _DIGITS or (ch == "." and text[pos + 1 : pos + 2] in _DIGITS_SET):
            match = _NUMBER.match(text, pos)
            assert match is not None
            append(Token(NUMBER, match.group(), pos, match.end()))
            pos = match.end()
        elif (match := _NAME.match(text, pos)) is not None:
            append(Token(NAME, match.group(), pos, match.end()))
            pos = match.end()
        else:
            for op in _OPS:
                if text.startswith(op, pos):
                    append(Token(OP, op, pos, pos + len(op)))
                    pos += len(op)
                    break
            else:
                kind = OP if ch in _PUNCT else ERROR
                append(Token(kind, ch, pos, pos + 1))
                pos += 1
    append(Token(END, "", size, size))
    return tokens


def _string(text: str, start: int) -> tuple[str, int]:
    """Decode the string literal opening at ``start``; return it and the offset after it."""
    body = _STRING_BODY.match(text, start + 1)
    assert body is not None  # the pattern matches the empty string
    end = body.end()
    if end >= len(text) or text[end] != '"':
        raise FeelSyntaxError("Unterminated string literal", text, start)
    raw = body.group()
    if "\\" not in raw:
        return raw, end + 1

    def decode(escape: re.Match[str]) -> str:
        code = escape.group(1)
        if code in _ESCAPES:
            return _ESCAPES[code]
        if code.startswith("u"):
            return _unicode(code, text, start + 1 + escape.start())
        return escape.group()  # unknown escapes stay as written (regex patterns: "\d")

    return _ESCAPE.sub(decode, raw), end + 1


def _unicode(code: str, text: str, position: int) -> str:
    if len(code) < 5:
        raise FeelSyntaxError("Invalid unicode escape", text, position)
    high = int(code[1:5], 16)
    if len(code) == 11:  # a surrogate pair written as two escapes (\uD83D\uDE00)
        low = int(code[7:11], 16)
        return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
    if 0xD800 <= high < 0xE000:
        raise FeelSyntaxError("Invalid unicode escape (lone surrogate)", text, position)
    return chr(high)
