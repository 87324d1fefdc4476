"""Discourse cues of the English analyzer (app/listening/sentiment/cues.py): questions,
announcements, scare quotes, sarcasm, grievance shapes and remedies. French has no cues and
must score exactly as the bare engine does."""

import pytest

from app.listening.sentiment import LexiconSentimentAnalyzer
from app.listening.sentiment.lexicons import compiled_rules
from app.listening.sentiment.tokenize import tokenize


@pytest.fixture(autouse=True)
def _isolate() -> None:
    """No database or Redis here: skip the suite's per-test truncate and flush."""


@pytest.fixture(scope="module")
def analyzer() -> LexiconSentimentAnalyzer:
    return LexiconSentimentAnalyzer()


def label(analyzer: LexiconSentimentAnalyzer, text: str, lang: str = "en") -> str:
    return analyzer.analyze(text, lang).label


@pytest.mark.parametrize(("text", "expected"), [
    # a question asks: its praise words judge nothing, but a rhetorical complaint stays one
    ("Which Acme plan is best for students?", "neutral"),
    ("anyone know if the Acme gift card works online", "neutral"),
    ("Why is my Acme bill twice what it was?", "negative"),
    ("Is it just me or is the Acme app crashing nonstop?", "negative"),
    ("Anyone tried the new Acme menu? It is amazing", "positive"),
])
def test_questions(analyzer, text, expected):
    assert label(analyzer, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # marketing words in an announcement are not the writer's opinion
    ("Acme launches its award-winning loyalty app next week 🎉", "neutral"),
    ("Excited to announce that Acme is now available in Canada!", "neutral"),
    ("Acme opening a new store downtown, grand opening Saturday", "neutral"),
    # unless the writer speaks for themselves
    ("Acme launches its new app and I love it", "positive"),
    ("Product recall announced for Acme kettles", "negative"),
])
def test_announcements(analyzer, text, expected):
    assert label(analyzer, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Acme sold me a 'premium' plan that drops every evening", "negative"),
    ('my "express" Acme delivery took a week', "negative"),
    ("Oh great, another Acme outage.", "negative"),
    ("Love waiting 40 minutes on hold with Acme. Great service", "negative"),
    ("just what we needed, an Acme price hike", "negative"),
    ("Acme update bricked my laptop 🙃 perfect", "negative"),
    # a sarcastic phrase needs something to be sarcastic about
    ("Oh great, my Acme order arrived early!", "positive"),
    ("Thanks a lot for the quick help, Acme!", "positive"),
])
def test_scare_quotes_and_sarcasm(analyzer, text, expected):
    assert label(analyzer, text) == expected


@pytest.mark.parametrize("text", [
    "Acme ticket open for 3 weeks and counting",
    "my Acme parcel has been 'in transit' for 9 days",
    "Acme cancelled my booking for the third time",
    "Acme app keeps logging me out",
    "no one at Acme picks up the phone",
    "Acme keeps billing me for a plan I never ordered",
    "Acme wants $60 to move my seat??",
])
def test_grievances_without_opinion_words(analyzer, text):
    assert label(analyzer, text) == "negative"


@pytest.mark.parametrize(("text", "expected"), [
    ("Acme replaced my broken charger in a day, no fuss", "positive"),
    ("Acme refunded my cancelled order right away", "positive"),
    ("Acme made the move way less stressful", "positive"),
    ("The new Acme router is even slower", "negative"),
])
def test_remedies_and_comparatives(analyzer, text, expected):
    assert label(analyzer, text) == expected


def test_quotes_and_questions_are_tokenized():
    tokenized = tokenize("It's 'quick', they say. Really? sure", elision=False, known={})
    assert [t.text for t in tokenized.tokens if t.quoted] == ["quick"]
    assert tokenized.asked == {2}


def test_french_has_no_cues():
    # French is scored exactly as before the cues existed; the bare lexicon has none either
    assert compiled_rules("fr").cues is None
    assert compiled_rules("en", domain=False).cues is None
    assert compiled_rules("en").cues is not None
