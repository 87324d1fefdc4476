"""Canonical text of a query, and its positive terms.

The canonical form is what watches store and show: adjacency for AND, `OR` in capitals, `-`
for exclusion, and parentheses only where they change the meaning or help reading (an AND
group inside an OR is parenthesised, since `a b OR c` is read differently by some tools).
`parse(to_string(q)) == q` for every parsed query.
"""

from __future__ import annotations

from app.listening.query.nodes import (
    And,
    Filter,
    Not,
    Or,
    Phrase,
    Prefix,
    Query,
    Term,
    positive_atoms,
)


def to_string(query: Query) -> str:
    if isinstance(query, Term):
        return query.tag + query.word
    if isinstance(query, Prefix):
        return f"{query.tag}{query.stem}*"
    if isinstance(query, Phrase):
        return f'"{query.text}"'
    if isinstance(query, Filter):
        return f"{query.name}:{query.value}"
    if isinstance(query, Not):
        return "-" + _grouped(query.item, isinstance(query.item, And | Or))
    if isinstance(query, And):
        return " ".join(_grouped(item, isinstance(item, Or)) for item in query.items)
    return " OR ".join(_grouped(item, isinstance(item, And)) for item in query.items)


def _grouped(query: Query, parenthesise: bool) -> str:
    text = to_string(query)
    return f"({text})" if parenthesise else text


def highlight_terms(query: Query) -> list[str]:
    """The words, prefixes (`vig*`) and phrases a match may contain, as written, without
    duplicates: what the UI highlights in a mention and full-text search looks for."""
    seen: dict[str, None] = {}
    for atom in positive_atoms(query):
        if isinstance(atom, Term):
            seen.setdefault(atom.tag + atom.word)
        elif isinstance(atom, Prefix):
            seen.setdefault(f"{atom.tag}{atom.stem}*")
        elif isinstance(atom, Phrase):
            seen.setdefault(atom.text)
    return list(seen)
