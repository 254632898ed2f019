"""XPath/XSD regular expressions for ``matches``, ``replace``, ``split`` and ``extract``.

Translation keeps XPath meanings where Python's differ:

- ``.`` matches any character but ``\\n`` and ``\\r`` (unless flag ``s``); ``$`` matches only at
  the very end (unless flag ``m``); ``\\p{Lu}`` / ``\\P{L}`` Unicode categories;
  ``[a-z-[aeiou]]`` character-class subtraction; ``\\i`` / ``\\c`` XML name characters.
- Java spellings feel-scala users write also work: ``(?<name>...)``, ``\\k<name>``,
  ``\\Q...\\E``, ``\\z``, ``\\x{h..h}``, ``\\h``, possessive quantifiers and atomic groups.
- Flags ``s``, ``m``, ``i``, ``x`` as in XPath; ``q`` takes the pattern literally.

Python's ``re`` has no time limit, so a pattern that backtracks catastrophically could hold the
engine forever. Patterns that nest an unbounded quantifier inside another unbounded quantifier
(``(a+)+``, ``(\\w*\\s?)*``: the classic exponential shapes) are refused with a failure that
suggests a possessive quantifier or an atomic group. Overlapping alternatives under a
quantifier (``(a|a)*``), long chains of overlapping quantifiers (``\\d*\\d*\\d*x``) and
unanchored patterns that fail late (matched from every start position: quadratic) can still be
slow: that risk remains, bounded only by the size limits below.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache

from ._base import fail

MAX_PATTERN = 10_000
MAX_INPUT = 1_000_000

_XML_NAME_START = r":A-Z_a-z\xc0-\xd6\xd8-\xf6\xf8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"  # noqa: E501
_XML_NAME = _XML_NAME_START + r"\-.0-9\xb7\u0300-\u036f\u203f-\u2040"
_HORIZONTAL = r" \t\xa0\u1680\u180e\u2000-\u200a\u202f\u205f\u3000"
_POSIX = {
    "Lower": "a-z",
    "Upper": "A-Z",
    "ASCII": r"\x00-\x7f",
    "Alpha": "a-zA-Z",
    "Digit": "0-9",
    "Alnum": "a-zA-Z0-9",
    "Punct": r"!-/:-@\[-`{-~",
    "Graph": r"!-~",
    "Print": r" -~",
    "Blank": r" \t",
    "Cntrl": r"\x00-\x1f\x7f",
    "XDigit": "0-9a-fA-F",
    "Space": r" \t\n\x0b\f\r",
}


class _Unsupported(Exception):
    pass


@cache
def _categories() -> dict[str, str]:
    """Unicode general categories (and their one-letter groups) as class ranges, built once."""
    ranges: dict[str, list[tuple[int, int]]] = {}
    for code in range(sys.maxunicode + 1):
        category = unicodedata.category(chr(code))
        for key in (category, category[0]):
            spans = ranges.setdefault(key, [])
            if spans and spans[-1][1] == code - 1:
                spans[-1] = (spans[-1][0], code)
            else:
                spans.append((code, code))
    return {
        key: "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in spans)
        for key, spans in ranges.items()
    }


def _property_class(name: str) -> str:
    if name in _POSIX:
        return _POSIX[name]
    name = name.removeprefix("Is") if len(name) <= 4 else name
    categories = _categories()
    if name not in categories:
        raise _Unsupported(f"unknown property '{name}'")
    return categories[name]


class _Translator:
    def __init__(self, pattern: str, dotall: bool, multiline: bool) -> None:
        self.src = pattern
        self.pos = 0
        self.dotall = dotall
        self.multiline = multiline
        # One entry per open group: does it contain an unbounded quantifier? is it atomic?
        self.groups: list[list[bool]] = [[False, False]]
        self.last_group: list[bool] | None = None

    def peek(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.src[index] if index < len(self.src) else ""

    def translate(self) -> str:
        out: list[str] = []
        while self.pos < len(self.src):
            out.append(self.atom())
        if len(self.groups) != 1:
            raise _Unsupported("unbalanced parenthesis")
        return "".join(out)

    def atom(self) -> str:
        char = self.src[self.pos]
        self.pos += 1
        previous, self.last_group = self.last_group, None
        if char == "\\":
            return self.escape(in_class=False)
        if char == "[":
            return self.char_class()
        if char == "(":
            return self.open_group()
        if char == ")":
            return self.close_group()
        if char == ".":
            return "." if self.dotall else r"[^\n\r]"
        if char == "$":
            return "$" if self.multiline else r"\Z"
        if char in "*+?{":
            return self.quantifier(char, previous)
        return char

    def open_group(self) -> str:
        self.groups.append([False, self.src.startswith("?>", self.pos)])
        if self.src.startswith("?<", self.pos) and self.peek(2) not in ("=", "!"):
            self.pos += 1
            return "(?P"
        return "("

    def close_group(self) -> str:
        if len(self.groups) == 1:
            raise _Unsupported("unbalanced parenthesis")
        closed = self.groups.pop()
        if closed[0] and not closed[1]:
            self.groups[-1][0] = True
        self.last_group = closed
        return ")"

    def quantifier(self, char: str, group: list[bool] | None) -> str:
        text = char
        unbounded = char in "*+"
        if char == "{":
            end = self.src.find("}", self.pos)
            body = self.src[self.pos : end] if end >= 0 else ""
            if not re.fullmatch(r"\d+(,\d*)?", body):
                return r"\{"  # a literal brace, as Python reads it
            text = "{" + body + "}"
            self.pos = end + 1
            unbounded = body.endswith(",")
        possessive = self.peek() == "+"
        if self.peek() in ("?", "+"):
            text += self.peek()
            self.pos += 1
        if unbounded and not possessive:
            if group is not None and group[0] and not group[1]:
                raise _Unsupported(
                    "it nests unbounded repetition, which can take exponential time; "
                    "use a possessive quantifier (a++) or an atomic group (?>...)"
                )
            self.groups[-1][0] = True
        return text

    def escape(self, in_class: bool) -> str:
        char = self.peek()
        if not char:
            raise _Unsupported("trailing backslash")
        self.pos += 1
        if char in "pP" and self.peek() == "{":
            end = self.src.find("}", self.pos)
            if end < 0:
                raise _Unsupported("unterminated property")
            body = _property_class(self.src[self.pos + 1 : end])
            self.pos = end + 1
            if char == "P" and in_class:
                raise _Unsupported("negated property inside a class")
            if in_class:
                return body
            return f"[^{body}]" if char == "P" else f"[{body}]"
        simple = {"i": _XML_NAME_START, "c": _XML_NAME, "h": _HORIZONTAL}
        if char in simple:
            return simple[char] if in_class else f"[{simple[char]}]"
        if char in "ICH" and not in_class:
            return f"[^{simple[char.lower()]}]"
        if char == "z":
            return r"\Z"
        if char == "Z" and not in_class:
            return r"(?=\n?\Z)"
        if char == "R" and not in_class:
            return r"(?:\r\n|[\n\x0b\f\r\x85\u2028\u2029])"
        if char == "e":
            return r"\x1b"
        if char == "Q":
            end = self.src.find("\\E", self.pos)
            end = len(self.src) if end < 0 else end
            literal = self.src[self.pos : end]
            self.pos = min(end + 2, len(self.src))
            return re.escape(literal)
        if char == "x" and self.peek() == "{":
            end = self.src.find("}", self.pos)
            digits = self.src[self.pos + 1 : end] if end > 0 else ""
            if not re.fullmatch(r"[0-9a-fA-F]{1,6}", digits) or int(digits, 16) > sys.maxunicode:
                raise _Unsupported("bad \\x{...} escape")
            self.pos = end + 1
            return f"\\U{int(digits, 16):08x}"
        if char == "k" and self.peek() == "<" and not in_class:
            end = self.src.find(">", self.pos)
            if end < 0:
                raise _Unsupported("unterminated group name")
            name = self.src[self.pos + 1 : end]
            self.pos = end + 1
            return f"(?P={name})"
        return "\\" + char

    def char_class(self) -> str:
        out = ["["]
        if self.peek() == "^":
            out.append("^")
            self.pos += 1
        first = True
        while True:
            char = self.peek()
            if not char:
                raise _Unsupported("unterminated character class")
            self.pos += 1
            if char == "]" and not first:
                break
            first = False
            if char == "\\":
                out.append(self.escape(in_class=True))
            elif char == "-" and self.peek() == "[":
                self.pos += 1
                subtracted = self.char_class()
                if self.peek() != "]":
                    raise _Unsupported("class subtraction must end the class")
                self.pos += 1
                return f"(?:(?!{subtracted}){''.join(out)}])"
            elif char == "-" and self.peek() == "-":
                out.append(r"\-")
            elif char in "[&~|":
                out.append("\\" + char)
            else:
                out.append(char)
        return "".join(out) + "]"


def _flags(flags: str) -> tuple[int, bool]:
    value = 0
    for flag in flags:
        if flag == "s":
            value |= re.DOTALL
        elif flag == "m":
            value |= re.MULTILINE
        elif flag == "i":
            value |= re.IGNORECASE
        elif flag == "x":
            value |= re.VERBOSE
        elif flag != "q":
            fail(f"Invalid regular expression flag '{flag}'")
    return value, "q" in flags


@lru_cache(maxsize=512)  # bounded: patterns may come from variables
def _compile(pattern: str, flags: str) -> re.Pattern[str]:
    value, literal = _flags(flags)
    if literal:
        return re.compile(re.escape(pattern), value & re.IGNORECASE)
    try:
        source = _Translator(
            pattern, bool(value & re.DOTALL), bool(value & re.MULTILINE)
        ).translate()
        return re.compile(source, value)
    except (_Unsupported, re.error, OverflowError, RecursionError) as error:
        fail(f"Invalid pattern '{pattern[:200]}': {error}")


def compile_pattern(pattern: str, flags: str = "") -> re.Pattern[str]:
    if len(pattern) > MAX_PATTERN:
        fail(f"The pattern is longer than {MAX_PATTERN} characters")
    return _compile(pattern, flags)


def check_input(text: str) -> str:
    if len(text) > MAX_INPUT:
        fail(f"The input is longer than {MAX_INPUT} characters, the limit for regular expressions")
    return text


def _replacement(template: str, groups: int) -> Callable[[re.Match[str]], str]:
    """Java/XPath replacement text: ``$1``, ``${name}``, ``\\$``, ``\\\\``."""
    parts: list[str | int] = []
    literal: list[str] = []
    index = 0
    while index < len(template):
        char = template[index]
        if char == "\\":
            if index + 1 >= len(template) or template[index + 1] not in "\\$":
                fail("Invalid replacement: '\\' must be followed by '\\' or '$'")
            literal.append(template[index + 1])
            index += 2
        elif char == "$":
            match = re.match(r"\{(\w+)\}|(\d)", template[index + 1 :])
            if match is None:
                fail("Invalid replacement: '$' must be followed by a group number")
            parts.append("".join(literal))
            literal = []
            if match.group(1) is not None:
                parts.append(_NamedGroup(match.group(1)))
                index += 1 + len(match.group(0))
                continue
            number = int(match.group(2))
            index += 2
            while index < len(template) and template[index].isdigit():
                candidate = number * 10 + int(template[index])
                if candidate > groups:
                    break
                number = candidate
                index += 1
            if number > groups:
                fail(f"Invalid replacement: no group {number}")
            parts.append(number)
        else:
            literal.append(char)
            index += 1
    parts.append("".join(literal))

    def expand(match: re.Match[str]) -> str:
        out = []
        for part in parts:
            if isinstance(part, _NamedGroup):
                out.append(match.group(str(part)) or "")
            elif isinstance(part, int):
                out.append(match.group(part) or "")
            else:
                out.append(part)
        return "".join(out)

    return expand


class _NamedGroup(str):
    pass


def replace(text: str, pattern: str, replacement: str, flags: str = "") -> str:
    compiled = compile_pattern(pattern, flags)
    expand = _replacement(replacement, compiled.groups)
    try:
        return compiled.sub(expand, check_input(text))
    except (IndexError, re.error) as error:
        fail(f"Invalid replacement: {error}")


def split(text: str, pattern: str) -> list[str]:
    """Java's ``String.split(regex, -1)``: trailing empty strings kept, no leading one from a
    zero-width match at the start."""
    compiled = compile_pattern(pattern)
    parts: list[str] = []
    last = 0
    for match in compiled.finditer(check_input(text)):
        if match.end() == 0:
            continue
        parts.append(text[last : match.start()])
        last = match.end()
    parts.append(text[last:])
    return parts
