"""Local matching: accents, case, word boundaries, phrases, wildcards, tags, filters."""

import pytest

from app.listening.query import MatchDoc, Matcher, compile_query, matches, parse

TEXT = [
    # (query, text, expected)
    ("cafe", "Le Café!", True),
    ("café", "le CAFE de la gare", True),
    ("CAFÉ", "cafe\u0301 decomposed", True),
    ("cafe", "la cafeteria", False),
    ("cafe", "décafé", False),
    ("cafe*", "la cafétéria", True),
    ("caf*", "un café", True),
    ("cafe*", "décaféiné", False),
    ("naive", "Naïve question", True),
    ("strasse", "Hauptstraße ist nicht Straße", True),
    ("vigie", "\uff36\uff29\uff27\uff29\uff25 en pleine largeur", True),  # full-width
    ("istanbul", "İstanbul", True),
    ("oreal", "L'Oréal Paris", True),
    ("l'oréal", "chez L\u2019Oreal, rien", True),  # typographic apostrophe
    ("e-commerce", "le E-Commerce français", True),
    ("e-commerce", "le e commerce", True),
    ("e-commerce", "ecommerce", False),
    ("2024", "en 2024.", True),
    # phrases: consecutive words, punctuation in between ignored
    ('"vigie app"', "La Vigie-App est sortie", True),
    ('"vigie app"', "vigie, app", True),
    ('"vigie app"', "app vigie", False),
    ('"vigie app"', "vigie mobile app", False),
    ('"le cafe"', "Boire le... café !", True),
    # hashtags and mentions
    ("vigie", "On parle de #Vigie", True),
    ("vigie", "merci @vigie !", True),
    ("#vigie", "On parle de #Vigie", True),
    ("#vigie", "On parle de vigie", False),
    ("#vigie", "merci @vigie", False),
    ("@vigie", "merci @vigie", True),
    ("@vigie", "écrivez à contact@vigie.fr", False),
    ("vigie", "écrivez à contact@vigie.fr", True),
    ("#vig*", "#VigieApp en test", True),
    ("#vig*", "VigieApp en test", False),
    ("#cafe", "vive le #café", True),
    # boolean structure and precedence
    ("vigie agence", "agence Vigie", True),
    ("vigie agence", "vigie seule", False),
    ("vigie OR agence", "une agence", True),
    ("vigie -spam", "vigie sans pourriel", True),
    ("vigie -spam", "vigie SPAM", False),
    ('vigie -"bad buzz"', "vigie bad buzz", False),
    ('vigie -"bad buzz"', "vigie bad, good buzz", True),
    ("a b OR c", "c", True),
    ("a b OR c", "a", False),
    ("a OR b c", "a", True),
    ("a OR b c", "b", False),
    ("a OR b -c", "a c", True),
    ("a OR b -c", "b c", False),
    ("a NOT b OR c", "a b", False),
    ("a NOT b OR c", "a b c", True),
    ("vigie -(spam OR pub)", "vigie pub", False),
    ("vigie --agence", "vigie agence", True),
    ("vigie --agence", "vigie", False),
]


@pytest.mark.parametrize(("query", "text", "expected"), TEXT)
def test_text_matching(query: str, text: str, expected: bool) -> None:
    assert matches(parse(query), MatchDoc(text=text)) is expected


def test_title_is_searched_but_phrases_do_not_span_title_and_text() -> None:
    doc = MatchDoc(text="app est sortie", title="La vigie")
    assert matches(parse("vigie sortie"), doc)
    assert matches(parse('"est sortie"'), doc)
    assert not matches(parse('"vigie app"'), doc)


FILTERS = [
    # (query, doc fields, expected)
    ("vigie lang:fr", {"lang": "fr"}, True),
    ("vigie lang:fr", {"lang": "FR"}, True),
    ("vigie lang:fr", {"lang": "fr-CA"}, True),
    ("vigie lang:fr", {"lang": "fr_CA"}, True),
    ("vigie lang:fr", {"lang": "en"}, False),
    ("vigie lang:fr", {"lang": "frr"}, False),
    ("vigie lang:fr", {"lang": None}, False),
    ("vigie -lang:en", {"lang": None}, True),
    ("vigie lang:pt-br", {"lang": "pt"}, False),
    ("vigie lang:pt-br", {"lang": "pt-BR"}, True),
    ("vigie site:example.com", {"url": "https://example.com/a"}, True),
    ("vigie site:example.com", {"url": "https://www.example.com/a"}, True),
    ("vigie site:example.com", {"url": "http://a.b.Example.COM./x?y"}, True),
    ("vigie site:example.com", {"url": "https://notexample.com/"}, False),
    ("vigie site:example.com", {"url": "https://example.com.evil.net/"}, False),
    ("vigie site:example.com", {"url": "example.com/path"}, True),
    ("vigie site:example.com", {"url": None}, False),
    ("vigie site:example.com", {"url": "http://[::1/"}, False),
    ("vigie site:www.example.com", {"url": "https://example.com/"}, False),
    ("vigie source:reddit", {"source": "reddit"}, True),
    ("vigie source:reddit", {"source": "mastodon"}, False),
    ("vigie (source:reddit OR source:hackernews)", {"source": "hackernews"}, True),
    ("vigie -source:rss", {"source": "rss"}, False),
]


@pytest.mark.parametrize(("query", "fields", "expected"), FILTERS)
def test_filters(query: str, fields: dict[str, str | None], expected: bool) -> None:
    doc = MatchDoc(text="Vigie", **fields)  # type: ignore[arg-type]
    assert matches(parse(query), doc) is expected


def test_compiled_matcher_is_reusable_and_cached() -> None:
    query = parse('(vigie OR "vigie app") agence* -spam lang:fr')
    matcher = compile_query(query)
    assert isinstance(matcher, Matcher)
    assert compile_query(parse('(vigie OR "vigie app") agence* -spam lang:fr')) is matcher
    docs = [MatchDoc(text="Vigie et les agences", lang="fr"),
            MatchDoc(text="Vigie et les agences", lang="en"),
            MatchDoc(text="la vigie app, agence spam", lang="fr"),
            MatchDoc(text="", lang="fr")]
    assert [matcher.matches(doc) for doc in docs] == [True, False, False, False]
    assert [matcher.matches(doc) for doc in docs] == [True, False, False, False]


def test_empty_and_odd_texts() -> None:
    query = parse("vigie")
    for text in ("", "   ", "\x1f", "🔥🔥", "vigie\x1fvigie"):
        assert matches(query, MatchDoc(text=text)) is (text == "vigie\x1fvigie")
