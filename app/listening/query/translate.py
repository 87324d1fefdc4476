"""A watch query in each network's own search syntax.

The translation may be broader than the query, never narrower: whatever a network cannot
express is dropped (see broaden.py) and the local matcher sorts the results. `None` means
"no useful search": the network cannot express any part of the query without narrowing it
(the collector then falls back to a broad search of the positive terms), or `source:`
filters rule the network out.

What each network receives (`q` goes in the parameter named below, `params` as they are):

- hackernews  Algolia `query`: the words and "phrases" every match contains, space-separated
              (Algolia ANDs them; it has no OR). None when an OR leaves no common word.
- reddit      `q`: the whole positive tree with AND, OR, parentheses, "phrases", site:.
- mastodon    `/api/v2/search` `q`: the words every match contains (phrases split into their
              words: plain search has no phrase syntax); `hashtags` lists the query's plain
              and hashtag words for tag timelines. `q` is "" when only hashtags help.
- bluesky     searchPosts `q`: required words and "phrases"; a `lang:` every match needs
              becomes the `lang` parameter.
- youtube     search `q`: an AND of OR-clauses, `a "b c"|d` (`|` is YouTube's OR).
- google_news RSS `q`: an AND of OR-clauses, `a ("b c" OR d) site:x.com`; `when:` is the
              collector's business. bing_news: the same syntax (Bing RSS `q`).

`#tag` and `@name` are sent as the plain word, which finds them too. Wildcards, exclusions
and `lang:` (except Bluesky) are never sent: no network documents prefix search, and a
remote exclusion matched with the network's own stemming could drop an item we would keep.
`exclusions=True` opts into sending the top-level `-word`/`-"phrase"` where the syntax has
it, trading that risk for fewer irrelevant results.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from app.listening.query.broaden import (
    Clause,
    Expr,
    Profile,
    clauses,
    possible_for,
    reduce,
    required_atoms,
    top_level_exclusions,
)
from app.listening.query.nodes import (
    SOURCES,
    And,
    Atom,
    Filter,
    Or,
    Phrase,
    Query,
    Term,
    positive_atoms,
)

TARGETS: tuple[str, ...] = ("hackernews", "reddit", "mastodon", "bluesky", "youtube",
                            "google_news", "bing_news")


@dataclass(frozen=True)
class SourceQuery:
    """`q` in the network's syntax, extra request `params`, and for Mastodon the
    `hashtags` whose timelines can hold matches."""

    q: str
    params: dict[str, str] = field(default_factory=dict)
    hashtags: tuple[str, ...] = ()


def translate(query: Query, source: str, *, exclusions: bool = False) -> SourceQuery | None:
    """The search to send to `source` (a collector name or google_news / bing_news)."""
    if source in ("rss", "web"):
        return None  # feeds and pages are fetched, not searched
    if source not in _TRANSLATORS:
        raise ValueError(f"unknown search target {source!r}; expected one of {TARGETS}")
    if source in SOURCES and possible_for(query, source) is False:
        return None
    return _TRANSLATORS[source](query, exclusions)


def _atom(atom: Atom) -> str:
    if isinstance(atom, Phrase):
        return f'"{atom.text}"'
    if isinstance(atom, Filter):
        return f"{atom.name}:{atom.value}"
    assert isinstance(atom, Term)
    return atom.word


def _excluded(query: Query, profile: Profile, wanted: bool, operator: str) -> str:
    if not wanted:
        return ""
    return "".join(f" {operator}{_atom(atom)}" for atom in top_level_exclusions(query, profile))


def _and_only(query: Query, profile: Profile) -> str | None:
    atoms = required_atoms(reduce(query, profile))
    return " ".join(_atom(atom) for atom in atoms) if atoms else None


def _hackernews(query: Query, exclude: bool) -> SourceQuery | None:
    q = _and_only(query, Profile(source="hackernews"))
    return SourceQuery(q) if q else None


def _mastodon(query: Query, exclude: bool) -> SourceQuery | None:
    q = _and_only(query, Profile(phrases=False, source="mastodon"))
    tags: dict[str, None] = {}
    for atom in positive_atoms(query):
        if isinstance(atom, Term) and atom.tag != "@" and not atom.word.isdigit():
            tags.setdefault(atom.word.casefold())  # Mastodon links no all-digit hashtag
    if not q and not tags:
        return None
    return SourceQuery(q or "", hashtags=tuple(tags))


def _bluesky(query: Query, exclude: bool) -> SourceQuery | None:
    profile = Profile(source="bluesky")
    q = _and_only(query, profile)
    if not q:
        return None
    items = query.items if isinstance(query, And) else (query,)
    langs = [item.value for item in items if isinstance(item, Filter) and item.name == "lang"]
    params = {"lang": langs[0]} if len(set(langs)) == 1 else {}
    return SourceQuery(q + _excluded(query, profile, exclude, "-"), params)


def _reddit(query: Query, exclude: bool) -> SourceQuery | None:
    profile = Profile(site=True, source="reddit")
    reduced = reduce(query, profile)
    if isinstance(reduced, bool):
        return None
    core = _tree(reduced)
    excluded = _excluded(query, profile, exclude, "NOT ")
    if excluded and isinstance(reduced, Or):
        core = f"({core})"
    return SourceQuery(core + excluded)


def _tree(expr: Query) -> str:
    # Every mixed group is parenthesised: no reliance on the engine's precedence.
    if isinstance(expr, And):
        return " AND ".join(_group(item, Or) for item in expr.items)
    if isinstance(expr, Or):
        return " OR ".join(_group(item, And) for item in expr.items)
    assert isinstance(expr, Term | Phrase | Filter)
    return _atom(expr)


def _group(expr: Query, kind: type[And] | type[Or]) -> str:
    return f"({_tree(expr)})" if isinstance(expr, kind) else _tree(expr)


def _cnf(query: Query, profile: Profile, either: str, exclude: str | None
         ) -> SourceQuery | None:
    found = _cnf_clauses(reduce(query, profile))
    if not found:
        return None
    q = " ".join(_clause(clause, either) for clause in found)
    return SourceQuery(q + _excluded(query, profile, exclude is not None, exclude or ""))


def _cnf_clauses(expr: Expr) -> list[Clause]:
    # A site: inside an OR is not reliably understood; dropping the clause only broadens.
    return [c for c in clauses(expr)
            if len(c) == 1 or not any(isinstance(atom, Filter) for atom in c)]


def _clause(clause: Clause, either: str) -> str:
    if len(clause) == 1:
        return _atom(clause[0])
    joined = either.join(_atom(atom) for atom in clause)
    # Parentheses where the syntax has them; read flat, the string only gets broader.
    return joined if either == "|" else f"({joined})"


_NEWS = Profile(site=True)
_TRANSLATORS: dict[str, Callable[[Query, bool], SourceQuery | None]] = {
    "hackernews": _hackernews,
    "reddit": _reddit,
    "mastodon": _mastodon,
    "bluesky": _bluesky,
    "youtube": lambda q, ex: _cnf(q, Profile(source="youtube"), "|", "-" if ex else None),
    "google_news": lambda q, ex: _cnf(q, _NEWS, " OR ", "-" if ex else None),
    "bing_news": lambda q, ex: _cnf(q, _NEWS, " OR ", "NOT " if ex else None),
}
