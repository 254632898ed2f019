"""Walking the token list: lookahead, expectations, positions for errors, the nesting guard."""

from __future__ import annotations

from ._errors import FeelSyntaxError
from ._lexer import END, ERROR, KEYWORDS, NAME, OP, STRING, Token, tokenize

MAX_DEPTH = 100


class TokenCursor:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0
        self.depth = 0
        self.inputs = 0  # how many `?` were parsed: tells tests that use the input

    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[min(self.i + ahead, len(self.tokens) - 1)]

    def advance(self) -> Token:
        token = self.tokens[self.i]
        if token.kind != END:
            self.i += 1
        return token

    def at(self, text: str) -> bool:
        token = self.tokens[self.i]
        return token.kind == OP and token.text == text

    def at_word(self, word: str) -> bool:
        token = self.tokens[self.i]
        return token.kind == NAME and not token.quoted and token.text == word

    def expect(self, text: str) -> Token:
        token = self.tokens[self.i]
        if token.kind == OP and token.text == text:
            self.i += 1
            return token
        raise self.error(f"Expected '{text}' but found {describe(token)}", token)

    def expect_word(self, word: str) -> None:
        if not self.at_word(word):
            token = self.peek()
            raise self.error(f"Expected '{word}' but found {describe(token)}", token)
        self.i += 1

    def error(self, message: str, token: Token | None = None) -> FeelSyntaxError:
        token = token or self.peek()
        return FeelSyntaxError(message, self.text, token.start)

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"Expression is nested too deeply (more than {MAX_DEPTH} levels)")

    def finish(self) -> None:
        token = self.peek()
        if token.kind != END:
            raise self.error(f"Unexpected {describe(token)}", token)

    # --- unary tests ---------------------------------------------------------------------

    @staticmethod
    def plain_word(token: Token) -> bool:
        return (
            token.kind == NAME
            and not token.quoted
            and token.text not in KEYWORDS
            and token.text != "?"
        )


def describe(token: Token) -> str:
    if token.kind == END:
        return "the end of the expression"
    if token.kind == STRING:
        return "a string"
    if token.kind == ERROR:
        return f"character '{token.text}'"
    return f"'{token.text}'"
