"""Hypothesis strategies: valid queries in the parser's normal form, and documents drawn
from the same small vocabulary (accents, case, tags, punctuation) so they often match."""

from hypothesis import strategies as st

from app.listening.query import (
    SOURCES,
    And,
    Filter,
    MatchDoc,
    Not,
    Or,
    Phrase,
    Prefix,
    Query,
    Term,
    highlight_terms,
)
from app.listening.query.nodes import all_atoms

WORDS = ["vigie", "Vigie", "café", "CAFE", "agence", "Élan", "naïve", "buzz", "straße", "x2"]
STEMS = ["vig", "caf", "agen", "bu", "na"]
DOC_WORDS = ["vigie", "VIGIE", "Vigies", "café", "Cafe", "cafeteria", "agence", "agences",
             "elan", "NAIVE", "buzz", "STRASSE", "x2", "mot", "autre", "spam"]
SEPARATORS = [" ", " ", " ", ", ", "! ", " - ", "-", "'", "\n", " #", " @", ". ", "..."]
LANGS = [None, "fr", "FR", "fr-CA", "en", "pt-BR", "pt_br", "pt"]
URLS = [None, "https://example.com/a", "https://www.example.com/", "http://news.example.com/x",
        "https://lemonde.fr/y", "https://notexample.com/", "example.com/path"]

tags = st.sampled_from(["", "", "#", "@"])
terms = st.builds(Term, st.sampled_from(WORDS), tags)
prefixes = st.builds(Prefix, st.sampled_from(STEMS), tags)
phrases = st.builds(
    lambda words, sep: Phrase(sep.join(words)),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=3), st.sampled_from([" ", "-", ", "]))
filters = st.one_of(
    st.builds(Filter, st.just("lang"), st.sampled_from(["fr", "en", "pt-br", "pt"])),
    st.builds(Filter, st.just("site"),
              st.sampled_from(["example.com", "news.example.com", "lemonde.fr"])),
    st.builds(Filter, st.just("source"), st.sampled_from(SOURCES)),
)
text_atoms = st.one_of(terms, terms, phrases, prefixes)


def _flat(kind: type[And] | type[Or], items: list[Query]) -> Query:
    out: list[Query] = []
    for item in items:
        out.extend(item.items if isinstance(item, And | Or) and isinstance(item, kind)
                   else (item,))
    return kind(tuple(out))


def _extend(inner: st.SearchStrategy[Query]) -> st.SearchStrategy[Query]:
    """Positive in, positive out: an OR of positives, or a positive AND anything."""
    extras = st.one_of(inner, inner.map(Not), filters, filters.map(Not))
    return st.one_of(
        st.lists(inner, min_size=2, max_size=3).map(lambda items: _flat(Or, items)),
        st.builds(lambda first, rest: _flat(And, [first, *rest]),
                  inner, st.lists(extras, min_size=1, max_size=2)),
    )


queries: st.SearchStrategy[Query] = st.recursive(text_atoms, _extend, max_leaves=6)


def _texts(words: list[str], max_size: int) -> st.SearchStrategy[str]:
    parts = st.lists(st.tuples(st.sampled_from(words), st.sampled_from(SEPARATORS)),
                     max_size=max_size)
    return parts.map(lambda pairs: "".join(word + sep for word, sep in pairs))


def docs_for(query: Query) -> st.SearchStrategy[MatchDoc]:
    """Documents mixing the query's own words and filter values with others: some match,
    some miss by a word, a language or a site."""
    own = [t.rstrip("*") for t in highlight_terms(query)]
    vocabulary = DOC_WORDS + own + [w + "ette" for w in own]
    values = _filter_values(query)
    return st.builds(
        MatchDoc,
        text=st.one_of(_texts(vocabulary, 10), _containing(own, vocabulary)),
        title=st.none() | _texts(vocabulary, 3),
        lang=_favouring(values["lang"], LANGS),
        url=_favouring([f"https://{v}/p" for v in values["site"]], URLS),
        source=st.sampled_from(SOURCES),
    )


def _favouring(wanted: list[str], others: list[str | None]) -> st.SearchStrategy[str | None]:
    """Half the time one of the values the query filters on, when it has any."""
    if not wanted:
        return st.sampled_from(others)
    return st.one_of(st.sampled_from(wanted), st.sampled_from(others))


def _containing(own: list[str], vocabulary: list[str]) -> st.SearchStrategy[str]:
    """All the query's positive terms, shuffled among other words: often a match."""
    return st.builds(lambda noise, order: "".join(w + " " for w in order + noise),
                     st.lists(st.sampled_from(vocabulary), max_size=3), st.permutations(own))


def _filter_values(query: Query) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {"lang": [], "site": []}
    for atom in all_atoms(query):
        if isinstance(atom, Filter) and atom.name in values:
            values[atom.name].append(atom.value)
    return values
