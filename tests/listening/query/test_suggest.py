"""Exclusion suggestions from mentions marked irrelevant."""

import pytest

from app.listening.query import (
    QuerySyntaxError,
    add_exclusion,
    parse,
    suggest_exclusions,
    to_string,
)

IRRELEVANT = [
    "Le match de foot ce soir: la vigie du stade a sifflé",
    "Foot: la vigie de l'équipe de Marseille",
    "Vigie du Football club, billets en vente",
    "Vigie météo: alerte orange orages sur la Bretagne",
    "Météo France place la vigie orange",
    "Le phare et sa vigie, balade en Bretagne",
    "#foot #vigie le stade est plein",
]
RELEVANT = [
    "Vigie, la plateforme de veille pour agences, lance sa nouvelle version",
    "J'ai testé Vigie pour la veille de marque: top pour les agences",
    "Vigie app: le social listening à la française",
    "Notre agence utilise Vigie pour le reporting client",
    "Vigie ajoute Bluesky à ses sources de veille",
    "Découvrez Vigie, outil de veille et de publication pour agences",
    "La Bretagne accueille le salon des agences, Vigie y sera",
]


def test_words_of_irrelevant_mentions_come_first() -> None:
    found = suggest_exclusions(IRRELEVANT, RELEVANT, parse("vigie"), limit=10)
    assert found[0] == "foot"  # in three irrelevant mentions, no relevant one
    assert set(found) == {"foot", "stade", "orange", "météo"}


def test_words_seen_in_relevant_mentions_are_not_offered() -> None:
    # Bretagne: two irrelevant mentions, but one relevant mention would be lost.
    found = suggest_exclusions(IRRELEVANT, RELEVANT, parse("vigie"), limit=10)
    assert "bretagne" not in found


def test_stop_words_and_the_query_s_own_words_are_not_offered() -> None:
    query = parse('vigie OR "stade plein" -orange mét*')
    found = suggest_exclusions(IRRELEVANT, RELEVANT, query, limit=10)
    assert found == ["foot"]
    for stop in ("la", "de", "le", "du", "en", "sur"):
        assert stop not in found


def test_a_word_needs_two_mentions() -> None:
    spam = ["vigie casino casino casino casino", "vigie bonus", "vigie bonus"]
    assert suggest_exclusions(spam, [], parse("vigie")) == ["bonus"]


def test_limit_and_empty_inputs() -> None:
    query = parse("vigie")
    assert len(suggest_exclusions(IRRELEVANT, RELEVANT, query, limit=2)) == 2
    assert suggest_exclusions(IRRELEVANT, RELEVANT, query, limit=0) == []
    assert suggest_exclusions([], RELEVANT, query) == []
    assert suggest_exclusions(["", "  ", "!!"], [], query) == []


def test_ties_are_broken_alphabetically_and_results_are_stable() -> None:
    irrelevant = ["vigie zeta alpha", "vigie alpha zeta"]
    assert suggest_exclusions(irrelevant, ["vigie"], parse("vigie")) == ["alpha", "zeta"]


def test_the_most_common_spelling_is_offered_and_it_parses() -> None:
    irrelevant = ["Météo du jour", "la météo", "METEO locale", "météo marine"]
    found = suggest_exclusions(irrelevant, ["vigie agence"], parse("vigie"))
    assert found[0] == "météo"
    for word in found:
        parse(f"vigie -{word}")


@pytest.mark.parametrize(("query", "text", "expected"), [
    ("vigie", "foot", "vigie -foot"),
    ("vigie OR veille", "foot", "(vigie OR veille) -foot"),
    ("vigie agence", "bad buzz", 'vigie agence -"bad buzz"'),
    ("vigie", "or", 'vigie -"or"'),
    ("vigie", 'l"oréal', 'vigie -"l oréal"'),
])
def test_add_exclusion_keeps_the_meaning_of_the_query(query: str, text: str,
                                                      expected: str) -> None:
    updated = add_exclusion(parse(query), text)
    assert to_string(updated) == expected
    assert parse(expected) == updated


def test_add_exclusion_needs_a_word() -> None:
    with pytest.raises(QuerySyntaxError):
        add_exclusion(parse("vigie"), " !! ")
