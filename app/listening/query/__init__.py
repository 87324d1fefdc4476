"""The watch query language: parse, print, match locally, translate for each network.

    (vigie OR "vigie app" OR #vigie) agence* -spam lang:fr site:example.com source:reddit

Pure Python, no I/O: the API validates with `parse` (QuerySyntaxError -> 422 with the
position), workers match with `compile_query(q).matches(doc)` and search with `translate`.
"""

from app.listening.query.broaden import sources_for
from app.listening.query.errors import QuerySyntaxError
from app.listening.query.matcher import MatchDoc, Matcher, compile_query, matches
from app.listening.query.nodes import (
    FILTERS,
    SOURCES,
    And,
    Filter,
    Not,
    Or,
    Phrase,
    Prefix,
    Query,
    Term,
)
from app.listening.query.parser import MAX_DEPTH, MAX_LENGTH, parse
from app.listening.query.printer import highlight_terms, to_string
from app.listening.query.suggest import add_exclusion, suggest_exclusions
from app.listening.query.translate import TARGETS, SourceQuery, translate

__all__ = [
    "FILTERS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "SOURCES",
    "TARGETS",
    "And",
    "Filter",
    "MatchDoc",
    "Matcher",
    "Not",
    "Or",
    "Phrase",
    "Prefix",
    "Query",
    "QuerySyntaxError",
    "SourceQuery",
    "Term",
    "add_exclusion",
    "compile_query",
    "highlight_terms",
    "matches",
    "parse",
    "sources_for",
    "suggest_exclusions",
    "to_string",
    "translate",
]
