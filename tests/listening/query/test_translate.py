"""Translation into each network's search syntax: exact strings for representative queries."""

import pytest

from app.listening.query import SOURCES, TARGETS, SourceQuery, parse, sources_for, translate

TYPICAL = '(vigie OR "vigie app" OR #vigie) agence* -spam -"bad buzz" lang:fr'
BRANDS = '("vigie app" agence) OR (vigilance -sommeil) OR @vigie_hq'
CNF = "(vigie OR veille) (agence OR client) site:example.com"

EXPECTED = [
    # (query, target, q or None)
    ("vigie", "hackernews", "vigie"),
    ('vigie "agence web"', "hackernews", 'vigie "agence web"'),
    (TYPICAL, "hackernews", "vigie"),  # vigie OR "vigie app" OR #vigie: vigie is common
    (BRANDS, "hackernews", None),  # no word common to all alternatives: no OR to say it
    (CNF, "hackernews", None),
    ("vigie (agence OR client)", "hackernews", "vigie"),
    ("vig*", "hackernews", None),
    ("vigie source:hackernews", "hackernews", "vigie"),
    (TYPICAL, "reddit", 'vigie OR "vigie app"'),
    (BRANDS, "reddit", '("vigie app" AND agence) OR vigilance OR vigie_hq'),
    (CNF, "reddit", "(vigie OR veille) AND (agence OR client) AND site:example.com"),
    ("vigie (agence OR client*)", "reddit", "vigie"),
    ("(vigie source:reddit) OR (veille source:youtube)", "reddit", "vigie"),
    (TYPICAL, "mastodon", "vigie"),
    ('"vigie app" agence', "mastodon", "vigie app agence"),
    (TYPICAL, "bluesky", "vigie"),
    ('"vigie app" -spam', "bluesky", '"vigie app"'),
    (TYPICAL, "youtube", "vigie"),
    (BRANDS, "youtube", '"vigie app"|vigilance|vigie_hq agence|vigilance|vigie_hq'),
    (CNF, "youtube", "vigie|veille agence|client"),
    ("vigie OR veille", "youtube", "vigie|veille"),
    (TYPICAL, "google_news", "vigie"),
    (CNF, "google_news", "site:example.com (vigie OR veille) (agence OR client)"),
    ("vigie OR (veille site:example.com)", "google_news", "(vigie OR veille)"),
    (BRANDS, "bing_news",
     '("vigie app" OR vigilance OR vigie_hq) (agence OR vigilance OR vigie_hq)'),
    (CNF, "bing_news", "site:example.com (vigie OR veille) (agence OR client)"),
]


@pytest.mark.parametrize(("query", "target", "expected"), EXPECTED)
def test_translation(query: str, target: str, expected: str | None) -> None:
    result = translate(parse(query), target)
    assert (result.q if result else None) == expected


EXCLUSIONS = [
    (TYPICAL, "reddit", '(vigie OR "vigie app") NOT spam NOT "bad buzz"'),
    (TYPICAL, "bluesky", 'vigie -spam -"bad buzz"'),
    (TYPICAL, "youtube", 'vigie -spam -"bad buzz"'),
    (TYPICAL, "google_news", 'vigie -spam -"bad buzz"'),
    (TYPICAL, "bing_news", 'vigie NOT spam NOT "bad buzz"'),
    (TYPICAL, "hackernews", "vigie"),
    (TYPICAL, "mastodon", "vigie"),
    # a tagged exclusion would drop plain mentions of the word: never sent
    ("vigie -#promo -@bot", "google_news", "vigie"),
    # exclusions inside a group are not sent either
    ("vigie OR (agence -spam)", "reddit", "vigie OR agence"),
]


@pytest.mark.parametrize(("query", "target", "expected"), EXCLUSIONS)
def test_translation_with_exclusions(query: str, target: str, expected: str) -> None:
    result = translate(parse(query), target, exclusions=True)
    assert result is not None and result.q == expected


def test_bluesky_sends_a_required_language_as_parameter() -> None:
    assert translate(parse(TYPICAL), "bluesky") == SourceQuery("vigie", {"lang": "fr"})
    assert translate(parse("vigie lang:pt-br"), "bluesky") == SourceQuery("vigie",
                                                                          {"lang": "pt-br"})
    # a language in one alternative only is not required: not sent
    either = parse("((vigie lang:fr) OR (veille lang:en)) agence")
    assert translate(either, "bluesky") == SourceQuery("agence")
    assert translate(parse("vigie -lang:en"), "bluesky") == SourceQuery("vigie")


def test_mastodon_lists_hashtags_and_may_have_only_them() -> None:
    result = translate(parse(TYPICAL), "mastodon")
    assert result == SourceQuery("vigie", hashtags=("vigie",))
    only_tags = translate(parse("#Vigie OR VigieApp OR @vigie_hq"), "mastodon")
    assert only_tags == SourceQuery("", hashtags=("vigie", "vigieapp"))
    assert translate(parse('"vigie app" OR vig*'), "mastodon") is None


def test_params_never_leak_between_sources() -> None:
    for target in TARGETS:
        result = translate(parse("vigie lang:fr"), target)
        assert result is not None
        assert result.params == ({"lang": "fr"} if target == "bluesky" else {})


def test_source_filters_rule_networks_out() -> None:
    query = parse("vigie (source:reddit OR source:hackernews)")
    assert sources_for(query) == ("hackernews", "reddit")
    assert translate(query, "youtube") is None
    assert translate(query, "reddit") == SourceQuery("vigie")
    assert translate(query, "google_news") == SourceQuery("vigie")  # news: any source
    assert sources_for(parse("vigie -source:reddit")) == tuple(
        s for s in SOURCES if s != "reddit")
    assert sources_for(parse("vigie")) == SOURCES


def test_feeds_and_pages_have_no_search() -> None:
    assert translate(parse("vigie"), "rss") is None
    assert translate(parse("vigie"), "web") is None


def test_unknown_target_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown search target"):
        translate(parse("vigie"), "twitter")
