"""Deliberately naive models for the property tests, written without the optimisations (or
the code) of the module under test.

`evaluate` is the query semantics spelled out on a document. `search_matches` reads a
translated search string the way a network might: the atoms by the same word semantics, the
operators with a chosen precedence, parentheses honoured or ignored.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from app.listening.query import And, Filter, MatchDoc, Not, Or, Phrase, Prefix, Query, Term


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")).casefold()


def fold_words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


@dataclass
class Doc:
    doc: MatchDoc
    fields: list[list[str]]
    tags: list[str]

    @classmethod
    def of(cls, doc: MatchDoc) -> "Doc":
        texts = [t for t in (doc.title, doc.text) if t is not None]
        tags = [tag for t in texts for tag in re.findall(r"(?<!\w)[#@]\w+", fold(t))]
        return cls(doc, [fold_words(t) for t in texts], tags)

    def has_sequence(self, seq: list[str]) -> bool:
        return any(field[i:i + len(seq)] == seq
                   for field in self.fields for i in range(len(field) - len(seq) + 1))

    def has_prefix(self, stem: str) -> bool:
        return any(word.startswith(stem) for field in self.fields for word in field)


def lang_ok(doc: MatchDoc, value: str) -> bool:
    lang = (doc.lang or "").strip().lower().replace("_", "-")
    return bool(lang) and (lang == value or lang.startswith(value + "-"))


def site_ok(doc: MatchDoc, value: str) -> bool:
    url = doc.url or ""
    try:
        host = (urlsplit(url if "//" in url else "//" + url).hostname or "").rstrip(".")
    except ValueError:
        return False
    return host == value or host.endswith("." + value)


def evaluate(node: Query, doc: Doc) -> bool:
    if isinstance(node, Not):
        return not evaluate(node.item, doc)
    if isinstance(node, And):
        return all(evaluate(item, doc) for item in node.items)
    if isinstance(node, Or):
        return any(evaluate(item, doc) for item in node.items)
    if isinstance(node, Term):
        if node.tag:
            return node.tag + fold(node.word) in doc.tags
        return doc.has_sequence(fold_words(node.word))
    if isinstance(node, Phrase):
        return doc.has_sequence(fold_words(node.text))
    if isinstance(node, Prefix):
        stem = fold(node.stem)
        if node.tag:
            return any(tag.startswith(node.tag + stem) for tag in doc.tags)
        return doc.has_prefix(stem)
    assert isinstance(node, Filter)
    if node.name == "lang":
        return lang_ok(doc.doc, node.value)
    if node.name == "site":
        return site_ok(doc.doc, node.value)
    return doc.doc.source == node.value


# --- search strings -------------------------------------------------------------------

_TOKEN_RE = re.compile(r'"[^"]*"|[()|]|[^\s()|"]+')


def _tokens(q: str, flat: bool) -> list[str]:
    out: list[str] = []
    for token in _TOKEN_RE.findall(q):
        if token in ("(", ")") and flat:
            continue
        if token.startswith("-"):  # -word, or a lone - before a "phrase"
            out.append("NOT")
            token = token[1:]
            if not token:
                continue
        out.append("OR" if token == "|" else token)
    return [*out, "<end>"]


class _Reader:
    """Recursive descent over a search string; `or_tighter` reads `a b OR c` as
    a AND (b OR c), the way Google does, instead of (a AND b) OR c."""

    def __init__(self, q: str, doc: Doc, or_tighter: bool, flat: bool) -> None:
        self.tokens, self.i, self.doc, self.or_tighter = _tokens(q, flat), 0, doc, or_tighter

    def peek(self) -> str:
        return self.tokens[self.i]

    def take(self) -> str:
        self.i += 1
        return self.tokens[self.i - 1]

    def top(self) -> bool:
        return self.conj(self.disj) if self.or_tighter else self.disj(self.conj)

    def disj(self, inner: Callable[[], bool] | None = None) -> bool:
        inner = inner or self.unary
        values = [inner()]
        while self.peek() == "OR":
            self.take()
            values.append(inner())
        return any(values)

    def conj(self, inner: Callable[[], bool] | None = None) -> bool:
        inner = inner or self.unary
        values = [inner()]
        stops = (")", "<end>") if self.or_tighter else ("OR", ")", "<end>")
        while self.peek() not in stops:
            if self.peek() == "AND":
                self.take()
            values.append(inner())
        return all(values)

    def unary(self) -> bool:
        token = self.take()
        if token == "NOT":
            return not self.unary()
        if token == "(":
            value = self.top()
            assert self.take() == ")"
            return value
        return self.atom(token)

    def atom(self, token: str) -> bool:
        assert token not in ("OR", "AND", ")", "<end>"), token
        if token.startswith("site:"):
            return site_ok(self.doc.doc, token[5:])
        return self.doc.has_sequence(fold_words(token.strip('"')))


def search_matches(q: str, doc: Doc, *, or_tighter: bool = False, flat: bool = False) -> bool:
    reader = _Reader(q, doc, or_tighter, flat)
    value = reader.top()
    assert reader.peek() == "<end>", q
    return value
