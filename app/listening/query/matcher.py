"""Local matching: does a collected document satisfy a query?

Every collected item passes here, so a query is compiled once into nested closures over a
per-document view that folds and tokenizes the text only once, and only as far as the query
needs (a `lang:` check never tokenizes; a words-only query never builds the phrase string).

Text semantics: case- and accent-insensitive whole words; `#vigie` and `@vigie` in a text
are the word vigie too, while the term `#vigie` wants the hashtag itself. Phrases are the
words in sequence, punctuation between them ignored, never spanning title and body.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from app.listening.query import text as textlib
from app.listening.query.nodes import And, Filter, Not, Phrase, Prefix, Query, Term


@dataclass(frozen=True, slots=True)
class MatchDoc:
    text: str
    title: str | None = None
    lang: str | None = None
    url: str | None = None
    source: str = "web"


class _View:
    """One document's folded forms, each computed on first use."""

    __slots__ = ("_joined", "_tags", "_tags_joined", "_tokens", "_words", "doc")

    def __init__(self, doc: MatchDoc) -> None:
        self.doc = doc
        self._tokens: list[str] | None = None
        self._words: set[str] | None = None
        self._joined: str | None = None
        self._tags: set[str] | None = None
        self._tags_joined: str | None = None

    def raw(self) -> str:
        doc = self.doc
        return doc.text if doc.title is None else doc.title + textlib.FIELD_SEPARATOR + doc.text

    def tokens(self) -> list[str]:
        if self._tokens is None:
            self._tokens = textlib.doc_tokens(self.raw())
        return self._tokens

    def words(self) -> set[str]:
        if self._words is None:
            self._words = set(self.tokens())
        return self._words

    def joined(self) -> str:
        # Spaces around every word make " le cafe " a whole-word, in-sequence search.
        if self._joined is None:
            self._joined = f" {' '.join(self.tokens())} "
        return self._joined

    def tags(self) -> set[str]:
        if self._tags is None:
            raw = self.raw()
            found = textlib.tags(raw) if "#" in raw or "@" in raw else []
            self._tags = set(found)
            self._tags_joined = f" {' '.join(found)} "
        return self._tags

    def tags_joined(self) -> str:
        self.tags()
        assert self._tags_joined is not None
        return self._tags_joined


Check = Callable[[_View], bool]


class Matcher:
    """A query compiled for fast matching; stateless, so one can serve many threads."""

    __slots__ = ("_check", "query")

    def __init__(self, query: Query) -> None:
        self.query = query
        self._check = _compile(query)

    def matches(self, doc: MatchDoc) -> bool:
        return self._check(_View(doc))


@lru_cache(maxsize=256)
def compile_query(query: Query) -> Matcher:
    return Matcher(query)


def matches(query: Query, doc: MatchDoc) -> bool:
    return compile_query(query).matches(doc)


def _compile(node: Query) -> Check:
    if isinstance(node, Term):
        return _term(node)
    if isinstance(node, Phrase):
        return _in_joined(textlib.words(node.text))
    if isinstance(node, Prefix):
        return _prefix(node)
    if isinstance(node, Filter):
        return _FILTERS[node.name](node.value)
    if isinstance(node, Not):
        inner = _compile(node.item)
        return lambda view: not inner(view)
    return _and(node.items) if isinstance(node, And) else _or(node.items)


def _never(view: _View) -> bool:
    return False


def _term(node: Term) -> Check:
    folded = textlib.words(node.word)
    if not folded:  # only a hand-built node can lack a word; parse() refuses it
        return _never
    if len(folded) > 1:  # a compatibility character split the word (½ -> 1 2)
        return _in_joined(folded)
    if node.tag:
        tagged = node.tag + folded[0]
        return lambda view: tagged in view.tags()
    word = folded[0]
    return lambda view: word in view.words()


def _in_joined(folded: list[str]) -> Check:
    if not folded:
        return _never
    needle = f" {' '.join(folded)} "
    return lambda view: needle in view.joined()


def _prefix(node: Prefix) -> Check:
    folded = textlib.words(node.stem)
    if not folded:
        return _never
    needle = " " + node.tag + folded[0]
    if node.tag:
        return lambda view: needle in view.tags_joined()
    return lambda view: needle in view.joined()


def _plain_word(node: Query) -> str | None:
    if isinstance(node, Term) and not node.tag:
        folded = textlib.words(node.word)
        if len(folded) == 1:
            return folded[0]
    return None


def _split(items: tuple[Query, ...]) -> tuple[frozenset[str], list[Check], list[Check]]:
    """Plain words become one set operation, run after the filters (which need no
    tokenizing) and before phrases, prefixes and groups (which need more)."""
    plain = {word for item in items if (word := _plain_word(item)) is not None}
    rest = sorted((item for item in items if _plain_word(item) is None), key=_cost)
    filters = [_compile(item) for item in rest if isinstance(item, Filter)]
    others = [_compile(item) for item in rest if not isinstance(item, Filter)]
    return frozenset(plain), filters, others


def _cost(node: Query) -> int:
    if isinstance(node, Filter):
        return 0
    if isinstance(node, Term):
        return 1
    return 2 if isinstance(node, Phrase | Prefix) else 3


def _and(items: tuple[Query, ...]) -> Check:
    required, filters, others = _split(items)

    def check(view: _View) -> bool:
        for one in filters:
            if not one(view):
                return False
        if required and not required <= view.words():
            return False
        return all(one(view) for one in others)

    return check


def _or(items: tuple[Query, ...]) -> Check:
    any_of, filters, others = _split(items)

    def check(view: _View) -> bool:
        for one in filters:
            if one(view):
                return True
        if any_of and not any_of.isdisjoint(view.words()):
            return True
        return any(one(view) for one in others)

    return check


def _lang(value: str) -> Check:
    prefix = value + "-"

    def check(view: _View) -> bool:
        lang = view.doc.lang
        if not lang:
            return False
        lang = lang.strip().casefold().replace("_", "-")
        return lang == value or lang.startswith(prefix)

    return check


def _site(value: str) -> Check:
    suffix = "." + value

    def check(view: _View) -> bool:
        host = _host(view.doc.url)
        return host == value or host.endswith(suffix)

    return check


def _source(value: str) -> Check:
    return lambda view: view.doc.source == value


def _host(url: str | None) -> str:
    if not url:
        return ""
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:  # a malformed URL names no host
        return ""
    return (host or "").rstrip(".")


_FILTERS: dict[str, Callable[[str], Check]] = {"lang": _lang, "site": _site, "source": _source}
