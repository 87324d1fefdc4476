"""The immutable syntax tree of a watch query.

Nodes keep the user's spelling (case and accents) so the canonical form and the highlighted
terms read as the user wrote them; folding for matching happens when a query is compiled.
`And`/`Or` are n-ary and never directly nest a node of their own kind (the parser flattens),
so two queries that mean the same thing through associativity compare equal.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, TypeAlias

Tag = Literal["", "#", "@"]

# The `source:` values, one per collector (app/connectors/base.py lists the same names).
SOURCES: tuple[str, ...] = ("rss", "hackernews", "reddit", "mastodon", "bluesky", "youtube",
                            "web")
FILTERS: tuple[str, ...] = ("lang", "site", "source")


@dataclass(frozen=True, slots=True)
class Term:
    """One word; with a tag it matches only that hashtag (`#`) or mention (`@`)."""

    word: str
    tag: Tag = ""


@dataclass(frozen=True, slots=True)
class Phrase:
    """Consecutive words; punctuation between them is ignored."""

    text: str


@dataclass(frozen=True, slots=True)
class Prefix:
    """A word starting with `stem` (`stem*`)."""

    stem: str
    tag: Tag = ""


@dataclass(frozen=True, slots=True)
class Filter:
    """`name:value` on the document's metadata, with `value` already normalised."""

    name: str
    value: str


@dataclass(frozen=True, slots=True)
class Not:
    item: Query


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Query, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Query, ...]


Atom: TypeAlias = Term | Phrase | Prefix | Filter
Query: TypeAlias = Term | Phrase | Prefix | Filter | Not | And | Or
TEXT_ATOMS = (Term, Phrase, Prefix)


def has_positive(node: Query) -> bool:
    """Whether every match needs some word to be present, i.e. the query can be searched for.

    A filter or an exclusion alone would match nearly every document of a network.
    """
    if isinstance(node, TEXT_ATOMS):
        return True
    if isinstance(node, And):
        return any(has_positive(item) for item in node.items)
    if isinstance(node, Or):
        return all(has_positive(item) for item in node.items)
    return False


def positive_atoms(node: Query, negated: bool = False) -> Iterator[Atom]:
    """Atoms under an even number of negations, in reading order."""
    if isinstance(node, Not):
        yield from positive_atoms(node.item, not negated)
    elif isinstance(node, And | Or):
        for item in node.items:
            yield from positive_atoms(item, negated)
    elif not negated:
        yield node


def all_atoms(node: Query) -> Iterator[Atom]:
    if isinstance(node, Not):
        yield from all_atoms(node.item)
    elif isinstance(node, And | Or):
        for item in node.items:
            yield from all_atoms(item)
    else:
        yield node
