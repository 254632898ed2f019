"""FEEL text to syntax tree: a precedence-climbing parser over the token list.

Recursion happens only per nesting level (parentheses, brackets, nested special forms), never
per operator of a chain, and nesting deeper than ``MAX_DEPTH`` is refused with a
``FeelSyntaxError`` rather than a ``RecursionError``.
"""

from __future__ import annotations

import re
from decimal import Decimal

from . import _ast as A
from ._cursor import TokenCursor, describe
from ._errors import FeelSyntaxError
from ._lexer import END, ERROR, KEYWORDS, NAME, NUMBER, OP, STRING, TEMPORAL, Token
from ._names import spaced_names

_OR, _AND, _CMP, _ADD, _MUL, _POW = 1, 2, 3, 4, 5, 6
_INFIX = {
    "or": _OR,
    "and": _AND,
    "=": _CMP,
    "!=": _CMP,
    "<": _CMP,
    "<=": _CMP,
    ">": _CMP,
    ">=": _CMP,
    "between": _CMP,
    "in": _CMP,
    "instance": _CMP,
    "+": _ADD,
    "-": _ADD,
    "*": _MUL,
    "/": _MUL,
    "**": _POW,
}
_COMPARISONS = frozenset({"=", "!=", "<", "<=", ">", ">="})
_CLAUSE_WORDS = frozenset({"then", "else", "return", "satisfies", "and", "or", "in", "between"})
_SPECIAL_FORMS = frozenset({"if", "for", "some", "every", "function"})
# A context key written without quotes: anything up to the colon but these.
_RAW_KEY = re.compile(r'[^:{}\[\](),"`]*')


class _Parser(TokenCursor):
    def parse_expression(self) -> A.Node:
        if self.peek().kind == END:
            raise self.error("Expected an expression but the text is empty")
        node = self.expression()
        self.finish()
        return node

    def parse_unary_tests(self) -> A.Node:
        token = self.peek()
        if token.kind == END:
            raise self.error("Expected unary tests but the text is empty")
        if self.at("-") and self.peek(1).kind == END:
            self.advance()
            return A.TestAny()
        if self.at_word("not") and self.peek(1).kind == OP and self.peek(1).text == "(":
            start = self.i
            self.i += 2
            try:
                tests = self.test_list()
                self.expect(")")
                if self.peek().kind == END:
                    return A.TestList(tests, negated=True)
            except FeelSyntaxError:
                pass
            self.i = start  # `not(x) or y`: an expression test after all
        tests = self.test_list()
        self.finish()
        return tests[0] if len(tests) == 1 else A.TestList(tests)

    def test_list(self) -> tuple[A.Node, ...]:
        tests = [self.positive_test(full=True)]
        while self.at(","):
            self.advance()
            tests.append(self.positive_test(full=True))
        return tuple(tests)

    def positive_test(self, full: bool) -> A.Node:
        token = self.peek()
        if token.kind == OP and token.text in _COMPARISONS:
            self.advance()
            return A.TestCompare(token.text, self.binary(_ADD))
        before = self.inputs
        expr = self.expression() if full else self.binary(_CMP)
        return A.TestExpr(expr, self.inputs > before)

    def in_test(self) -> A.Node:
        """The right side of ``x in ...``: one positive test or a parenthesised list."""
        if not self.at("("):
            return self.positive_test(full=False)
        self.advance()
        first = self.positive_test(full=True)
        if self.at("..") and isinstance(first, A.TestExpr):
            self.advance()
            end = self.expression()
            closer = self.advance()
            if closer.kind != OP or closer.text not in (")", "]", "["):
                raise self.error("Expected ')' or ']' to close the interval", closer)
            node = A.RangeLit(first.expr, end, False, closer.text == "]")
            return A.TestExpr(node, first.uses_input)
        tests = [first]
        while self.at(","):
            self.advance()
            tests.append(self.positive_test(full=True))
        self.expect(")")
        return tests[0] if len(tests) == 1 else A.TestList(tuple(tests))

    # --- expressions ---------------------------------------------------------------------

    def expression(self) -> A.Node:
        self.enter()
        node = self.binary(_OR)
        self.depth -= 1
        return node

    def binary(self, min_prec: int) -> A.Node:
        left = self.unary()
        while True:
            token = self.tokens[self.i]
            if token.kind == OP or (token.kind == NAME and not token.quoted):
                prec = _INFIX.get(token.text)
            else:
                prec = None
            if prec is None or prec < min_prec:
                return left
            op = token.text
            self.i += 1
            if prec <= _AND:
                right = self.binary(prec + 1)
                if isinstance(left, A.Logic) and left.op == op:
                    left.items.append(right)
                else:
                    left = A.Logic(op, [left, right])
            elif op in _COMPARISONS:
                left = A.Compare(op, left, self.binary(_ADD))
            elif op == "between":
                low = self.binary(_ADD)
                self.expect_word("and")
                left = A.Between(left, low, self.binary(_ADD))
            elif op == "in":
                left = A.In(left, self.in_test())
            elif op == "instance":
                self.expect_word("of")
                left = A.InstanceOf(left, self.type_spec())
            else:
                right = self.binary(prec + 1)
                if isinstance(left, A.Arith) and _INFIX[left.rest[0][0]] == prec:
                    left.rest.append((op, right))
                else:
                    left = A.Arith(left, [(op, right)])

    def unary(self) -> A.Node:
        if self.at("-"):
            self.enter()
            self.advance()
            operand = self.unary()
            self.depth -= 1
            if isinstance(operand, A.Const) and isinstance(operand.value, Decimal):
                return A.Const(-operand.value)
            return A.Negate(operand)
        return self.postfix(self.primary())

    def postfix(self, node: A.Node) -> A.Node:
        while True:
            token = self.tokens[self.i]
            if token.kind != OP:
                return node
            if token.text == ".":
                self.advance()
                node = A.Path(node, self.path_name())
            elif token.text == "[":
                if self._closes_interval():
                    return node  # `(1..10[`: the `[` closes an interval
                self.advance()
                condition = self.expression()
                self.expect("]")
                node = A.Filter(node, condition)
            elif token.text == "(":
                args, names = self.arguments()
                node = A.Call(None, node, args, names)
            else:
                return node

    def _closes_interval(self) -> bool:
        after = self.peek(1)
        if after.kind == END:
            return self.depth > 1  # inside an interval; at the top a filter lacks its condition
        if after.kind == OP and after.text in (")", "]", ",", "}", ":"):
            return True
        if after.kind != NAME or after.quoted or after.text not in _CLAUSE_WORDS:
            return False
        following = self.peek(2)  # `xs[and(...)]` filters with the function and()
        return not (following.kind == OP and following.text == "(")

    def path_name(self) -> str:
        token = self.advance()
        if token.kind != NAME or (token.text in KEYWORDS and not token.quoted) or token.text == "?":
            raise self.error(f"Expected a name after '.' but found {describe(token)}", token)
        if token.quoted:
            return token.text
        words = [token.text]
        while self.plain_word(self.peek()):
            words.append(self.advance().text)
        return " ".join(words)

    def primary(self) -> A.Node:
        token = self.tokens[self.i]
        kind = token.kind
        if kind == NUMBER:
            self.i += 1
            return A.Const(Decimal(token.text))
        if kind == STRING:
            self.i += 1
            return A.Const(token.text)
        if kind == TEMPORAL:
            self.i += 1
            return A.Temporal(token.text)
        if kind == NAME:
            return self.name_or_call(token)
        if kind == OP:
            text = token.text
            if text == "(":
                return self.parenthesised()
            if text == "[":
                return self.bracketed()
            if text == "]":
                return self.interval()
            if text == "{":
                return self.context()
            if text in _COMPARISONS and self.i == 0:
                # `< 3` as a whole expression: a test against the input value
                self.advance()
                return A.TestCompare(text, self.binary(_ADD))
        if kind == END:
            raise self.error("Unexpected end of expression", token)
        if kind == ERROR:
            raise self.error(f"Unexpected character '{token.text}'", token)
        raise self.error(f"Unexpected {describe(token)}", token)

    def name_or_call(self, token: Token) -> A.Node:
        if not token.quoted:
            word = token.text
            if word == "?":
                self.advance()
                self.inputs += 1
                return A.InputValue()
            spaced = self.spaced_name()
            if spaced is not None:
                return self.maybe_call(spaced)
            if word in KEYWORDS:
                return self.keyword(token)
            words = [word]
            self.i += 1
            while self.plain_word(self.peek()):
                words.append(self.advance().text)
            return self.maybe_call(" ".join(words))
        self.i += 1
        return self.maybe_call(token.text)

    def maybe_call(self, name: str) -> A.Node:
        if self.at("("):
            args, names = self.arguments()
            return A.Call(name, None, args, names)
        return A.Name(name)

    def spaced_name(self) -> str | None:
        """Match the longest known name with spaces (``date and time``) before a ``(``."""
        tokens = self.tokens
        for words in spaced_names().get(tokens[self.i].text, ()):  # longest first
            n = len(words)
            if self.i + n >= len(tokens):
                continue
            if all(
                tokens[self.i + k].kind == NAME
                and not tokens[self.i + k].quoted
                and tokens[self.i + k].text == words[k]
                for k in range(n)
            ):
                after = tokens[self.i + n]
                if after.kind == OP and after.text == "(":
                    self.i += n
                    return " ".join(words)
        return None

    def keyword(self, token: Token) -> A.Node:
        word = token.text
        if word == "true" or word == "false":
            self.advance()
            return A.Const(word == "true")
        if word == "null":
            self.advance()
            return A.Const(None)
        if word in ("not", "and", "or") and self.peek(1).kind == OP and self.peek(1).text == "(":
            # the functions not(x), and(list), or(list)
            self.advance()
            args, names = self.arguments()
            return A.Call(word, None, args, names)
        if word in _SPECIAL_FORMS:
            self.advance()
            if word == "if":
                node = self.if_expression()
            elif word == "function":
                node = self.function_definition()
            else:
                node = self.iteration(word)
            return node
        raise self.error(f"Unexpected keyword '{word}'", token)

    def if_expression(self) -> A.Node:
        branches = []
        while True:
            condition = self.expression()
            self.expect_word("then")
            then = self.expression()
            self.expect_word("else")
            branches.append((condition, then))
            if not self.at_word("if"):
                return A.If(tuple(branches), self.expression())
            self.advance()  # `else if`: the chain goes on without nesting deeper

    def iteration(self, word: str) -> A.Node:
        iterators = [self.iterator()]
        while self.at(","):
            self.advance()
            iterators.append(self.iterator())
        if word == "for":
            self.expect_word("return")
            return A.For(tuple(iterators), self.expression())
        self.expect_word("satisfies")
        return A.Quantified(word == "every", tuple(iterators), self.expression())

    def iterator(self) -> A.Iterator:
        name = self.variable_name("an iteration variable")
        self.expect_word("in")
        source = self.binary(_OR)
        end = None
        if self.at(".."):
            self.advance()
            end = self.binary(_OR)
        return A.Iterator(name, source, end)

    def variable_name(self, what: str) -> str:
        token = self.advance()
        if token.kind != NAME or token.text == "?":
            raise self.error(f"Expected {what} but found {describe(token)}", token)
        if token.quoted:
            return token.text
        if token.text in KEYWORDS:
            raise self.error(f"Expected {what} but found keyword '{token.text}'", token)
        words = [token.text]
        while self.plain_word(self.peek()):
            words.append(self.advance().text)
        return " ".join(words)

    def function_definition(self) -> A.Node:
        self.expect("(")
        parameters: list[str] = []
        if not self.at(")"):
            while True:
                parameters.append(self.variable_name("a parameter name"))
                if self.at(":"):
                    self.advance()
                    self.type_spec()
                if not self.at(","):
                    break
                self.advance()
        self.expect(")")
        if self.at_word("external"):
            raise self.error("External functions are not supported")
        return A.FunctionDef(tuple(parameters), self.expression())

    def arguments(self) -> tuple[tuple[A.Node, ...], tuple[str, ...] | None]:
        self.expect("(")
        args: list[A.Node] = []
        names: list[str] | None = None
        if not self.at(")"):
            names = [] if self.named_argument_ahead() else None
            while True:
                if names is not None:
                    names.append(self.argument_name())
                args.append(self.expression())
                if not self.at(","):
                    break
                self.advance()
        self.expect(")")
        return tuple(args), None if names is None else tuple(names)

    def named_argument_ahead(self) -> bool:
        k = self.i
        tokens = self.tokens
        while tokens[k].kind == NAME and tokens[k].text != "?":
            k += 1
        return k > self.i and tokens[k].kind == OP and tokens[k].text == ":"

    def argument_name(self) -> str:
        words = []
        while self.peek().kind == NAME:
            words.append(self.advance().text)
        if not words:
            raise self.error("Expected a parameter name (all arguments must be named)")
        self.expect(":")
        return " ".join(words)

    def parenthesised(self) -> A.Node:
        self.advance()
        node = self.expression()
        if self.at(".."):
            self.advance()
            node = self.interval_end(node, start_included=False)
        else:
            self.expect(")")
        return node

    def bracketed(self) -> A.Node:
        self.advance()
        if self.at("]"):
            self.advance()
            return A.ListLit(())
        first = self.expression()
        if self.at(".."):
            self.advance()
            return self.interval_end(first, start_included=True)
        items = [first]
        while self.at(","):
            self.advance()
            items.append(self.expression())
        self.expect("]")
        return A.ListLit(tuple(items))

    def interval(self) -> A.Node:
        self.advance()
        start = self.expression()
        self.expect("..")
        return self.interval_end(start, start_included=False)

    def interval_end(self, start: A.Node, start_included: bool) -> A.Node:
        end = self.expression()
        closer = self.advance()
        if closer.kind != OP or closer.text not in (")", "]", "["):
            raise self.error(
                f"Expected ')', ']' or '[' to close the interval but found {describe(closer)}",
                closer,
            )
        return A.RangeLit(start, end, start_included, closer.text == "]")

    def context(self) -> A.Node:
        self.advance()
        entries: list[tuple[str, A.Node]] = []
        if not self.at("}"):
            while True:
                key = self.context_key()
                self.expect(":")
                entries.append((key, self.expression()))
                if not self.at(","):
                    break
                self.advance()
        self.expect("}")
        return A.ContextLit(tuple(entries))

    def context_key(self) -> str:
        token = self.peek()
        if token.kind == STRING or (token.kind == NAME and token.quoted):
            self.advance()
            return token.text
        match = _RAW_KEY.match(self.text, token.start)
        assert match is not None
        key = match.group().strip()
        end = match.end()
        if not key or end >= len(self.text) or self.text[end] != ":":
            raise self.error(f"Expected a context key but found {describe(token)}", token)
        while self.tokens[self.i].start < end:
            self.i += 1
        return key

    def type_spec(self) -> A.TypeSpec:
        token = self.peek()
        name = self.type_name()
        if name not in A.TYPE_NAMES:
            raise self.error(f"Unknown type '{name}'", token)
        if not self.at("<"):
            return A.TypeSpec(name)
        self.advance()
        if name == "context":
            fields = []
            while True:
                key = self.variable_name("a context key")
                self.expect(":")
                fields.append((key, self.type_spec()))
                if not self.at(","):
                    break
                self.advance()
            self.expect(">")
            return A.TypeSpec(name, fields=tuple(fields))
        args = [self.type_spec()]
        while self.at(","):
            self.advance()
            args.append(self.type_spec())
        self.expect(">")
        if name == "function":
            self.expect("->")
            args.append(self.type_spec())
        if name not in ("list", "function", "range"):
            raise self.error(f"Type '{name}' takes no parameters", token)
        return A.TypeSpec(name, tuple(args))

    def type_name(self) -> str:
        token = self.peek()
        if token.kind == NAME and not token.quoted:
            for words in _TYPE_NAMES.get(token.text, ()):
                if all(self.peek(k).text == w for k, w in enumerate(words)):
                    self.i += len(words)
                    return " ".join(words)
            if token.text not in KEYWORDS or token.text in ("null", "function"):
                self.advance()
                return token.text
        raise self.error(f"Expected a type name but found {describe(token)}", token)


_TYPE_NAMES = {
    "date": (("date", "and", "time"),),
    "years": (("years", "and", "months", "duration"),),
    "days": (("days", "and", "time", "duration"),),
}


def parse_expression(text: str) -> A.Node:
    try:
        return _Parser(text).parse_expression()
    except RecursionError:
        raise FeelSyntaxError("Expression is nested too deeply", text, 0) from None


def parse_unary_tests(text: str) -> A.Node:
    try:
        return _Parser(text).parse_unary_tests()
    except RecursionError:
        raise FeelSyntaxError("Unary tests are nested too deeply", text, 0) from None
