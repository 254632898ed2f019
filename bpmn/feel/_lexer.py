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
    parts: list[str] = []
    pos = start + 1
    size = len(text)
    while pos < size:
        end = _next_special(text, pos)
        parts.append(text[pos:end])
        if end >= size:
            break
        if text[end] == '"':
            return "".join(parts), end + 1
        # a backslash escape
        esc = text[end + 1 : end + 2]
        if esc in _ESCAPES:
            parts.append(_ESCAPES[esc])
            pos = end + 2
        elif esc == "u":
            code, pos = _unicode(text, end)
            parts.append(code)
        else:
            parts.append("\\" + esc)
            pos = end + 2
    raise FeelSyntaxError("Unterminated string literal", text, start)


def _next_special(text: str, pos: int) -> int:
    quote = text.find('"', pos)
    slash = text.find("\\", pos)
    if quote < 0:
        quote = len(text)
    if slash < 0:
        slash = len(text)
    return min(quote, slash)


def _unicode(text: str, pos: int) -> tuple[str, int]:
    digits = text[pos + 2 : pos + 6]
    if len(digits) != 4 or not all(c in "0123456789abcdefABCDEF" for c in digits):
        raise FeelSyntaxError("Invalid unicode escape", text, pos)
    code = int(digits, 16)
    end = pos + 6
    # A surrogate pair written as two escapes (\uD83D\uDE00) is one character.
    if 0xD800 <= code < 0xDC00 and text.startswith("\\u", end):
        low_digits = text[end + 2 : end + 6]
        if len(low_digits) == 4 and all(c in "0123456789abcdefABCDEF" for c in low_digits):
            low = int(low_digits, 16)
            if 0xDC00 <= low < 0xE000:
                return chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)), end + 6
    if 0xD800 <= code < 0xE000:
        raise FeelSyntaxError("Invalid unicode escape (lone surrogate)", text, pos)
    return chr(code), end
