"""Parser: valid queries and their canonical form; invalid ones and where the error is."""

import pytest

from app.listening.query import (
    And,
    Filter,
    Not,
    Or,
    Phrase,
    Prefix,
    QuerySyntaxError,
    Term,
    highlight_terms,
    parse,
    to_string,
)

CANONICAL = [
    ("vigie", "vigie"),
    ("  Vigie  ", "Vigie"),
    ("vigie agence", "vigie agence"),
    ("vigie AND agence", "vigie agence"),
    ("vigie and agence", "vigie agence"),
    ("vigie ET agence", "vigie agence"),
    ("vigie OR agence", "vigie OR agence"),
    ("vigie or agence", "vigie OR agence"),
    ("vigie OU agence", "vigie OR agence"),
    ("vigie NOT spam", "vigie -spam"),
    ("vigie SAUF spam", "vigie -spam"),
    ("vigie AND NOT spam", "vigie -spam"),
    ("vigie -spam", "vigie -spam"),
    ('vigie -"bad buzz"', 'vigie -"bad buzz"'),
    ("vigie -(spam OR pub)", "vigie -(spam OR pub)"),
    ("vigie -(spam pub)", "vigie -(spam pub)"),
    ("vigie --agence", "vigie --agence"),
    ("NOT spam vigie", "-spam vigie"),
    # NOT > AND > OR
    ("a b OR c", "(a b) OR c"),
    ("a OR b c", "a OR (b c)"),
    ("a OR b -c", "a OR (b -c)"),
    ("a (b OR c)", "a (b OR c)"),
    ("(a OR b) (c OR d)", "(a OR b) (c OR d)"),
    # associativity is flattened, redundant parentheses dropped
    ("((a OR b) OR c) d", "(a OR b OR c) d"),
    ("a AND (b AND c)", "a b c"),
    ("((vigie))", "vigie"),
    ("(a)(b)", "a b"),
    # phrases
    ('"vigie app"', '"vigie app"'),
    ('"  vigie   app "', '"vigie app"'),
    ("“vigie app”", '"vigie app"'),
    ("«vigie app»", '"vigie app"'),
    ('vigie"app"', 'vigie "app"'),
    ('"and"', '"and"'),
    # words with punctuation inside are phrases; punctuation around them is dropped
    ("e-commerce", '"e-commerce"'),
    ("l'oréal", "\"l'oréal\""),
    ("vigie.fr", '"vigie.fr"'),
    ("12:30", '"12:30"'),
    ("+vigie!", "vigie"),
    # hashtags, mentions, wildcards
    ("#vigie", "#vigie"),
    ("@Agence", "@Agence"),
    ("#vigie-app", '"vigie-app"'),
    ("@vigie@mastodon.social", '"vigie@mastodon.social"'),
    ("vig*", "vig*"),
    ("#vig*", "#vig*"),
    ("café*", "café*"),
    # filters: names case-insensitive, values normalised
    ("vigie lang:fr", "vigie lang:fr"),
    ("vigie LANG:FR", "vigie lang:fr"),
    ("vigie lang:pt_BR", "vigie lang:pt-br"),
    ("vigie site:Example.COM", "vigie site:example.com"),
    ("vigie site:example.com.", "vigie site:example.com"),
    ("vigie site:*.example.com", "vigie site:example.com"),
    ("vigie source:Reddit", "vigie source:reddit"),
    ("vigie -lang:en -site:spam.com", "vigie -lang:en -site:spam.com"),
    ("vigie (lang:fr OR lang:en)", "vigie (lang:fr OR lang:en)"),
    # French operators with mixed case
    ("Vigie Ou (café SAUF thé)", "Vigie OR (café -thé)"),
    ("(vigie OR \"vigie app\" OR #vigie) agence* -spam lang:fr",
     '(vigie OR "vigie app" OR #vigie) agence* -spam lang:fr'),
]


@pytest.mark.parametrize(("text", "canonical"), CANONICAL)
def test_canonical_form(text: str, canonical: str) -> None:
    query = parse(text)
    assert to_string(query) == canonical
    assert parse(canonical) == query


TREES = [
    ("vigie", Term("vigie")),
    ("#vigie", Term("vigie", "#")),
    ("@vigie", Term("vigie", "@")),
    ("vig*", Prefix("vig")),
    ('"vigie app"', Phrase("vigie app")),
    ("a b OR c", Or((And((Term("a"), Term("b"))), Term("c")))),
    ("a -b", And((Term("a"), Not(Term("b"))))),
    ("a NOT b OR c", Or((And((Term("a"), Not(Term("b")))), Term("c")))),
    ("a lang:fr", And((Term("a"), Filter("lang", "fr")))),
    ("a OR (b OR c)", Or((Term("a"), Term("b"), Term("c")))),
]


@pytest.mark.parametrize(("text", "tree"), TREES)
def test_tree(text: str, tree: object) -> None:
    assert parse(text) == tree


ERRORS = [
    # (query, start of the message, position, length)
    ("", "The query is empty", 0, 0),
    ("   ", "The query is empty", 0, 3),
    ("x " * 501, "The query is too long (1002 characters", 1000, 2),
    ("(" * 21 + "a" + ")" * 21, "The query is nested too deeply", 20, 1),
    ("-" * 21 + "a b", "The query is nested too deeply", 20, 1),
    ("vigie (agence", "Missing ')' to close the '(' at position 6", 6, 1),
    ("(vigie (agence)", "Missing ')' to close the '(' at position 0", 0, 1),
    ("vigie agence)", "Unexpected ')'", 12, 1),
    ("()", "Empty parentheses", 0, 2),
    ("vigie ( )", "Empty parentheses", 6, 3),
    ("vigie AND", "'AND' needs something after it", 6, 3),
    ("vigie OR", "'OR' needs something after it", 6, 2),
    ("vigie NOT", "'NOT' needs something after it", 6, 3),
    ("(vigie OR)", "'OR' needs something after it", 7, 2),
    ("OR vigie", "'OR' needs a word or phrase before it", 0, 2),
    ("vigie (AND agence)", "'AND' needs a word or phrase before it", 7, 3),
    ("vigie OR AND agence", "'OR' is followed by 'AND'", 9, 3),
    ("vigie -", "A '-' must be attached to what it excludes", 6, 1),
    ("vigie - spam", "A '-' must be attached to what it excludes", 6, 1),
    ('""', "Empty phrase", 0, 2),
    ('vigie "  "', "Empty phrase", 6, 4),
    ('vigie "!!"', "This phrase has no letters or digits", 6, 4),
    ('vigie "agence', "Missing closing quote for the phrase that starts at position 6", 6, 7),
    ("vigie !!!", "'!!!' has no letters or digits", 6, 3),
    ("vigie foo:bar", "Unknown filter 'foo:'", 6, 4),
    ("re:invent", "Unknown filter 're:'", 0, 3),
    ("vigie lang:", "'lang:' needs a value right after the colon, like lang:fr", 6, 5),
    ("vigie lang:french", "'french' is not a language code", 11, 6),
    ("vigie site:https://example.com/x", "site: takes a domain name only", 11, 21),
    ("vigie site:localhost", "'localhost' is not a domain name", 11, 9),
    ("vigie source:twitter", "Unknown source 'twitter'; the sources are rss, hackernews", 13, 7),
    ("ca*fe", "'*' is only allowed at the end of a word", 2, 1),
    ("vigie *", "A '*' must end a word", 6, 1),
    ("v*", "Put at least 2 letters or digits before '*'", 0, 2),
    ("e-com*", "A '*' can only end a single word", 0, 6),
    ("-spam", "The query only excludes or filters", 0, 5),
    ("lang:fr", "The query only excludes or filters", 0, 7),
    ("-spam lang:fr", "The query only excludes or filters", 0, 13),
    ("vigie OR -spam", "This OR alternative only excludes or filters", 9, 5),
    ("vigie OR (lang:fr -spam)", "This OR alternative only excludes or filters", 9, 15),
]


@pytest.mark.parametrize(("text", "message", "position", "length"), ERRORS)
def test_syntax_errors(text: str, message: str, position: int, length: int) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse(text)
    error = caught.value
    assert error.message.startswith(message), error.message
    assert (error.position, error.length) == (position, length)
    assert len(error.message.split()) >= 4  # a sentence, not a code


def test_error_is_a_value_error_naming_the_position() -> None:
    with pytest.raises(ValueError, match="at position 6"):
        parse("vigie (agence")


def test_limits_are_inclusive() -> None:
    parse("x" * 1000)
    parse("(" * 20 + "a" + ")" * 20)
    parse("-" * 19 + "a b")  # 19 NOT levels inside none


def test_nodes_are_immutable_and_hashable() -> None:
    query = parse("vigie (a OR b) -c")
    assert hash(query) == hash(parse("vigie (a OR b) -c"))
    with pytest.raises(AttributeError):
        query.items = ()  # type: ignore[misc, union-attr]


HIGHLIGHTS = [
    ("vigie", ["vigie"]),
    ('(Vigie OR "vigie app" OR #vigie) agence* -spam lang:fr',
     ["Vigie", "vigie app", "#vigie", "agence*"]),
    ("a -(b -c)", ["a", "c"]),  # c is excluded from an exclusion: wanted again
    ("a OR a", ["a"]),
    ("e-commerce -buzz", ["e-commerce"]),
]


@pytest.mark.parametrize(("text", "terms"), HIGHLIGHTS)
def test_highlight_terms(text: str, terms: list[str]) -> None:
    assert highlight_terms(parse(text)) == terms
