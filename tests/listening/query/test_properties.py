"""Properties over random queries and documents: printing round-trips, the fast matcher
agrees with a naive model, and no translation ever loses a matching document."""

import dataclasses

from hypothesis import event, given, settings
from hypothesis import strategies as st

from app.listening.query import (
    SOURCES,
    TARGETS,
    MatchDoc,
    Query,
    QuerySyntaxError,
    compile_query,
    parse,
    to_string,
    translate,
)
from tests.listening.query import reference
from tests.listening.query.strategies import docs_for, queries

# No deadline: the first fold of a non-ASCII word builds a table once (~0.1 s).
PROPERTY = settings(max_examples=400, deadline=None)

PIECES = ["vigie", "café", " ", " ", " ", "(", ")", '"', "-", "*", "#", "@", ":", "OR", "AND",
          "NOT", "ou", "sauf", "lang:", "site:", "source:", "fr", "example.com", "reddit",
          "e-commerce", "!", "\u201c", "\u00bb", "x", "vig*"]


@PROPERTY
@given(queries)
def test_canonical_form_round_trips(query: Query) -> None:
    text = to_string(query)
    assert parse(text) == query
    assert to_string(parse(text)) == text


@PROPERTY
@given(st.lists(st.sampled_from(PIECES), max_size=24).map("".join))
def test_any_text_parses_or_fails_cleanly(text: str) -> None:
    try:
        query = parse(text)
    except QuerySyntaxError as error:
        assert error.message
        assert 0 <= error.position <= len(text)
        assert error.position + error.length <= len(text)
    else:
        assert parse(to_string(query)) == query


@PROPERTY
@given(st.data())
def test_matcher_agrees_with_the_naive_model(data: st.DataObject) -> None:
    query = data.draw(queries)
    doc = data.draw(docs_for(query))
    expected = reference.evaluate(query, reference.Doc.of(doc))
    event("matches" if expected else "does not match")
    assert compile_query(query).matches(doc) is expected


# How a network may read our string: flat search boxes might honour parentheses or not, and
# give OR or AND the higher precedence; AND-only and Reddit strings are read as documented.
READINGS = {
    "youtube": [(False, False), (True, False), (False, True), (True, True)],
    "google_news": [(False, False), (True, False), (False, True), (True, True)],
    "bing_news": [(False, False), (True, False), (False, True), (True, True)],
}
NEWS_SOURCES = ("rss", "web")


@settings(PROPERTY, max_examples=800)
@given(st.data(), st.sampled_from(TARGETS), st.booleans())
def test_translation_is_never_narrower(data: st.DataObject, target: str,
                                       exclusions: bool) -> None:
    query = data.draw(queries)
    doc = data.draw(docs_for(query))
    source = target if target in SOURCES else data.draw(st.sampled_from(NEWS_SOURCES))
    doc = dataclasses.replace(doc, source=source)
    model = reference.Doc.of(doc)
    if not reference.evaluate(query, model):
        event("no match: nothing to check")
        return
    translated = translate(query, target, exclusions=exclusions)
    if translated is None:
        event("no translation: collector searches broadly")
        return
    event(f"checked {target}")
    _assert_found(translated.q, translated.params, model, target)


def _assert_found(q: str, params: dict[str, str], model: reference.Doc, target: str) -> None:
    if "lang" in params:
        assert reference.lang_ok(model.doc, params["lang"])
    if not q:  # Mastodon with hashtags only: timelines, not a search
        assert target == "mastodon"
        return
    for or_tighter, flat in READINGS.get(target, [(False, False)]):
        assert reference.search_matches(q, model, or_tighter=or_tighter, flat=flat), (
            q, or_tighter, flat)


def test_the_model_reads_precedence_as_asked() -> None:
    model = reference.Doc.of(MatchDoc(text="a"))
    assert reference.search_matches("a OR b c", model)
    assert not reference.search_matches("a OR b c", model, or_tighter=True)
    assert reference.search_matches("a|b -c", model)
    assert not reference.search_matches('a -"a"', model)
    assert reference.search_matches("(b OR a) (a)", model, flat=True)
