"""Recursive-descent parser of the watch query language.

    query    = or_expr ;
    or_expr  = and_expr { OR and_expr } ;
    and_expr = unary { [ AND ] unary } ;          (* adjacency is AND; "a NOT b" = a AND NOT b *)
    unary    = ( NOT | "-" ) unary | primary ;
    primary  = "(" or_expr ")" | PHRASE | FILTER | PREFIX | TERM ;

Precedence NOT > AND > OR. Node spans are kept beside the tree (not in it, so equal queries
compare equal) for the checks that run once the whole tree is known.
"""

from __future__ import annotations

from app.listening.query.atoms import phrase_atom, word_atom
from app.listening.query.errors import QuerySyntaxError
from app.listening.query.lexer import Token, tokenize
from app.listening.query.nodes import And, Not, Or, Query, has_positive

MAX_LENGTH = 1000
MAX_DEPTH = 20
_OPERATORS = ("AND", "OR", "NOT", "-")


def parse(text: str) -> Query:
    """The query's syntax tree, or QuerySyntaxError pointing at the first problem."""
    if len(text) > MAX_LENGTH:
        raise QuerySyntaxError(
            f"The query is too long ({len(text)} characters; the limit is {MAX_LENGTH})",
            MAX_LENGTH, len(text) - MAX_LENGTH)
    if not text.strip():
        raise QuerySyntaxError("The query is empty: write at least one word to look for",
                               0, len(text))
    tokens = tokenize(text)
    _check_parentheses(tokens)
    parser = _Parser(tokens)
    node = parser.or_expr(0)
    _check_searchable(node, parser.spans)
    return node


def _check_parentheses(tokens: list[Token]) -> None:
    # Checked up front: a parser deep in the tree can only say what it expected, not which
    # '(' lacks its ')'.
    open_at: list[Token] = []
    for token in tokens:
        if token.kind == "(":
            open_at.append(token)
        elif token.kind == ")":
            if not open_at:
                raise QuerySyntaxError("Unexpected ')': there is no '(' for it to close",
                                       token.pos, 1)
            open_at.pop()
    if open_at:
        last = open_at[-1]
        raise QuerySyntaxError(f"Missing ')' to close the '(' at position {last.pos}",
                               last.pos, 1)


def _check_searchable(node: Query, spans: dict[int, tuple[int, int]]) -> None:
    if has_positive(node):
        return
    if isinstance(node, Or):
        branch = next(item for item in node.items if not has_positive(item))
        start, end = spans[id(branch)]
        raise QuerySyntaxError(
            "This OR alternative only excludes or filters; each alternative needs a word or "
            "phrase to look for", start, end - start)
    start, end = spans[id(node)]
    raise QuerySyntaxError(
        "The query only excludes or filters; add a word or phrase to look for, "
        "like vigie -spam", start, end - start)


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.index = 0
        self.spans: dict[int, tuple[int, int]] = {}

    def peek(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def mark(self, node: Query, start: int, end: int) -> Query:
        self.spans[id(node)] = (start, end)
        return node

    def or_expr(self, depth: int) -> Query:
        items = [self.and_expr(depth)]
        while self.peek().kind == "OR":
            self.advance()
            items.append(self.and_expr(depth))
        return self.combine(Or, items)

    def and_expr(self, depth: int) -> Query:
        items = [self.unary(depth)]
        while self.peek().kind not in ("OR", ")", "end"):
            if self.peek().kind == "AND":
                self.advance()
            items.append(self.unary(depth))
        return self.combine(And, items)

    def combine(self, kind: type[And] | type[Or], items: list[Query]) -> Query:
        if len(items) == 1:
            return items[0]
        flat: list[Query] = []
        for item in items:  # (a OR b) OR c is a OR b OR c: one canonical tree
            flat.extend(item.items if isinstance(item, And | Or) and isinstance(item, kind)
                        else (item,))
        start, end = self.spans[id(items[0])][0], self.spans[id(items[-1])][1]
        return self.mark(kind(tuple(flat)), start, end)

    def unary(self, depth: int) -> Query:
        token = self.peek()
        if token.kind not in ("NOT", "-"):
            return self.primary(depth)
        self.check_depth(token, depth + 1)
        self.advance()
        item = self.unary(depth + 1)
        return self.mark(Not(item), token.pos, self.spans[id(item)][1])

    def primary(self, depth: int) -> Query:
        token = self.advance()
        if token.kind == "word":
            return self.mark(word_atom(token), token.pos, token.end)
        if token.kind == "phrase":
            return self.mark(phrase_atom(token), token.pos, token.end)
        if token.kind != "(":
            raise self.missing_operand(token)
        self.check_depth(token, depth + 1)
        if self.peek().kind == ")":
            raise QuerySyntaxError("Empty parentheses: put words between '(' and ')'",
                                   token.pos, self.peek().end - token.pos)
        node = self.or_expr(depth + 1)
        close = self.advance()  # parentheses are balanced, so this is the ')'
        return self.mark(node, token.pos, close.end)

    def check_depth(self, token: Token, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise QuerySyntaxError(
                f"The query is nested too deeply (more than {MAX_DEPTH} levels of parentheses "
                "and NOT)", token.pos, token.length)

    def missing_operand(self, token: Token) -> QuerySyntaxError:
        before = self.tokens[self.index - 2] if self.index >= 2 else None
        if token.kind in ("end", ")") and before is not None and before.kind in _OPERATORS:
            return QuerySyntaxError(
                f"'{before.text}' needs something after it: a word, a phrase or a group in "
                "parentheses", before.pos, before.length)
        if before is None or before.kind == "(":
            return QuerySyntaxError(f"'{token.text}' needs a word or phrase before it",
                                    token.pos, token.length)
        return QuerySyntaxError(
            f"'{before.text}' is followed by '{token.text}': put a word or phrase between "
            "them", token.pos, token.length)
