"""Over-approximations of a query that a network's search can express.

A network's search must never return less than the query matches, since the local matcher
runs on every collected item anyway. So what a network cannot express is replaced by "true"
(dropped), never guessed: exclusions, wildcards and unknown filters disappear, and whatever
remains is implied by the query.

`clauses` turns the result into conjunctive normal form (an AND of ORs of atoms), the
shape that flat search boxes read the same whichever precedence they give OR.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

from app.listening.query.nodes import (
    SOURCES,
    And,
    Atom,
    Filter,
    Not,
    Or,
    Phrase,
    Prefix,
    Query,
    Term,
)
from app.listening.query.text import WORD_RE, words

Expr: TypeAlias = Query | bool
Clause: TypeAlias = tuple[Atom, ...]
# Enough for real queries; dropping a clause only broadens the search, so a cap is safe.
MAX_CLAUSES = 8
MAX_CLAUSE_ATOMS = 20


@dataclass(frozen=True, slots=True)
class Profile:
    """What a network's search understands."""

    phrases: bool = True  # "quoted phrases"
    site: bool = False  # site:example.com
    source: str | None = None  # the `source:` of its documents, when it is a collector


def reduce(node: Query, profile: Profile) -> Expr:
    """A positive expression implied by `node` that uses only what `profile` supports."""
    if isinstance(node, Term):
        return Term(node.word)  # the word finds its hashtag too
    if isinstance(node, Phrase):
        return node if profile.phrases else _conjoin([Term(w) for w in WORD_RE.findall(node.text)])
    if isinstance(node, Filter):
        return _filter(node, profile)
    if isinstance(node, Prefix | Not):
        return True
    reduced = [reduce(item, profile) for item in node.items]
    return _conjoin(reduced) if isinstance(node, And) else _disjoin(reduced)


def _filter(node: Filter, profile: Profile) -> Expr:
    if node.name == "site" and profile.site:
        return node
    if node.name == "source" and profile.source:
        return node.value == profile.source
    return True


def _conjoin(items: list[Expr]) -> Expr:
    if any(item is False for item in items):
        return False
    kept = [item for item in items if item is not True]
    return _combine(And, kept, empty=True)


def _disjoin(items: list[Expr]) -> Expr:
    if any(item is True for item in items):
        return True
    kept = [item for item in items if item is not False]
    return _combine(Or, kept, empty=False)


def _combine(kind: type[And] | type[Or], items: Sequence[Expr], empty: bool) -> Expr:
    flat: list[Query] = []
    for item in items:
        assert not isinstance(item, bool)
        flat.extend(item.items if isinstance(item, And | Or) and isinstance(item, kind)
                    else (item,))
    # `#vigie OR @Vigie` reduces to `vigie OR Vigie`: one is enough.
    unique: dict[object, Query] = {}
    for item in flat:
        unique.setdefault(_key(item), item)
    flat = list(unique.values())
    if not flat:
        return empty
    return flat[0] if len(flat) == 1 else kind(tuple(flat))


def _key(node: Query) -> object:
    return _folded(node) if isinstance(node, Term | Phrase) else node


def clauses(expr: Expr) -> list[Clause]:
    """Clauses whose AND is implied by `expr` (none for `True`), shortest first."""
    if expr is True or expr is False:
        return []
    assert not isinstance(expr, bool)
    if isinstance(expr, And):
        return _prune([c for item in expr.items for c in clauses(item)])
    if isinstance(expr, Or):
        result: list[Clause] = [()]
        for item in expr.items:  # (a b) OR c = (a OR c) (b OR c)
            result = _prune([_merge(left, right) for left in result for right in clauses(item)])
        return result
    assert not isinstance(expr, Not)
    return [(expr,)]


def _merge(left: Clause, right: Clause) -> Clause:
    return left + tuple(atom for atom in right if atom not in left)


def _prune(found: list[Clause]) -> list[Clause]:
    kept: list[Clause] = []
    for clause in sorted((_simplify(c) for c in found), key=len):
        if len(clause) > MAX_CLAUSE_ATOMS:
            continue
        if any(_clause_implies(other, clause) for other in kept):
            continue  # a shorter clause already kept says as much
        kept.append(clause)
    return kept[:MAX_CLAUSES]


def _simplify(clause: Clause) -> Clause:
    """Drops the atoms that imply another one: `vigie OR "vigie app"` is just `vigie`."""
    kept: list[Atom] = []
    for index, atom in enumerate(clause):
        if not any(_implies(atom, other) and (not _implies(other, atom) or j < index)
                   for j, other in enumerate(clause) if j != index):
            kept.append(atom)
    return tuple(kept)


def _clause_implies(first: Clause, second: Clause) -> bool:
    return all(any(a == b or _implies(a, b) for b in second) for a in first)


def _implies(a: Atom, b: Atom) -> bool:
    """Whether every text containing `a` contains `b`: `b`'s words appear in a row in `a`'s."""
    if not isinstance(a, Term | Phrase) or not isinstance(b, Term | Phrase):
        return False
    inner, outer = _folded(b), _folded(a)
    return any(outer[i:i + len(inner)] == inner for i in range(len(outer) - len(inner) + 1))


def _folded(atom: Term | Phrase) -> tuple[str, ...]:
    return tuple(words(atom.word if isinstance(atom, Term) else atom.text))


def required_atoms(expr: Expr) -> list[Atom]:
    """Atoms every match contains: the AND-only form for searches without OR."""
    return [clause[0] for clause in clauses(expr) if len(clause) == 1]


def top_level_exclusions(node: Query, profile: Profile) -> list[Term | Phrase]:
    """Words and phrases the query excludes outright (`vigie -spam`), which a search may
    exclude too. A tagged term is not one: `-#vigie` must keep texts saying plain vigie."""
    items = node.items if isinstance(node, And) else (node,)
    found: list[Term | Phrase] = []
    for item in items:
        if not isinstance(item, Not):
            continue
        inner = item.item
        if (isinstance(inner, Term) and not inner.tag) or (
                isinstance(inner, Phrase) and profile.phrases):
            found.append(inner)
    return found


def possible_for(node: Query, source: str) -> bool | None:
    """Three-valued: False when no document of `source` can match (`source:` filters say
    so), True when all can as far as filters go, None when the text decides."""
    if isinstance(node, Filter):
        return node.value == source if node.name == "source" else None
    if isinstance(node, Term | Phrase | Prefix):
        return None
    if isinstance(node, Not):
        inner = possible_for(node.item, source)
        return None if inner is None else not inner
    values = [possible_for(item, source) for item in node.items]
    if isinstance(node, And):
        return False if False in values else (True if all(values) else None)
    return True if True in values else (False if all(v is False for v in values) else None)


def sources_for(query: Query) -> tuple[str, ...]:
    """The collectors whose documents the query can match, so others are not even asked."""
    return tuple(source for source in SOURCES if possible_for(query, source) is not False)
