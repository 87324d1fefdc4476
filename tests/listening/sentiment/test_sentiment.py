"""Behaviours of the default sentiment analyzer, and a regression guard on its accuracy."""

import socket
from pathlib import Path

import pytest

from app.listening import language
from app.listening.sentiment import (
    LexiconSentimentAnalyzer,
    Sentiment,
    SentimentAnalyzer,
    Thresholds,
    get_analyzer,
)
from app.listening.sentiment.evaluation import evaluate, load_examples
from app.listening.sentiment.lexicons import compiled_rules

DATA = Path(__file__).parent / "data"
# Goals from the issue, on the held-out sets (never used for tuning).
GOALS = {"fr": 0.75, "en": 0.80}
# What the analyzer measured on them (fr 0.788, en 0.854 since the English discourse cues and
# the dev2/dev3 batches; en was 0.771 before), less a little slack: the regression guard.
FLOORS = {"fr": 0.78, "en": 0.84}


@pytest.fixture(autouse=True)
def _isolate() -> None:
    """These tests touch neither PostgreSQL nor Redis: skip the suite's per-test truncate and
    flush (about a second each), which would otherwise dominate their run time."""


@pytest.fixture(scope="module")
def analyzer() -> LexiconSentimentAnalyzer:
    return LexiconSentimentAnalyzer()


def score(analyzer: LexiconSentimentAnalyzer, text: str, lang: str | None) -> float:
    return analyzer.analyze(text, lang).score


def label(analyzer: LexiconSentimentAnalyzer, text: str, lang: str | None) -> str:
    return analyzer.analyze(text, lang).label


@pytest.mark.parametrize(("lang", "plain", "negated"), [
    ("fr", "Le burger est bon", "Le burger n'est pas bon"),
    ("fr", "Je recommande cette banque", "Je ne recommande pas cette banque"),
    ("fr", "Je recommande cette banque", "Je recommande pas cette banque"),
    ("fr", "Livraison rapide", "Livraison jamais rapide"),
    ("en", "The app is good", "The app is not good"),
    ("en", "I recommend them", "I don't recommend them"),
    ("en", "Support was helpful", "Support was never helpful"),
])
def test_negation_flips_polarity(analyzer, lang, plain, negated):
    assert score(analyzer, plain, lang) > 0 > score(analyzer, negated, lang)


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "pas mal du tout"), ("fr", "Aucun souci avec la livraison"),
    ("en", "not bad at all"), ("en", "No complaints about the delivery"),
])
def test_negated_negative_is_positive(analyzer, lang, text):
    assert label(analyzer, text, lang) == "positive"


@pytest.mark.parametrize(("lang", "base", "stronger"), [
    ("fr", "C'est bon", "C'est très bon"),
    ("fr", "C'est bon", "C'est vraiment bon"),
    ("fr", "Je kiffe", "Je kiffe grave"),
    ("fr", "C'est nul", "C'est trop nul"),
    ("en", "It is good", "It is very good"),
    ("en", "It is bad", "It is extremely bad"),
    ("en", "It is good", "It is so good"),
    ("en", "It is good", "It is good!!!"),
    ("en", "the staff was rude, sadly", "the staff was RUDE, sadly"),
])
def test_intensifiers_exclamations_and_capitals_strengthen(analyzer, lang, base, stronger):
    assert abs(score(analyzer, stronger, lang)) > abs(score(analyzer, base, lang))


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("fr", "C'est une arnaque", "negative"),
    ("fr", "Escroquerie totale", "negative"),
    ("fr", "Toujours pas de remboursement", "negative"),
    ("fr", "Le remboursement arrive demain", "neutral"),
    ("fr", "Le SAV de Domia ouvre à 9h", "neutral"),
    ("fr", "Le service client est joignable par chat", "neutral"),
    ("fr", "Box en panne depuis hier", "negative"),
    ("fr", "Appel au boycott de la marque", "negative"),
    ("fr", "Rappel produit sur les mixeurs", "negative"),
    ("fr", "Livraison au top", "positive"),
    ("fr", "Colis reçu, nickel", "positive"),
    ("fr", "Je recommande", "positive"),
    ("fr", "Ça marche plus depuis la mise à jour", "negative"),
    ("en", "This is a scam", "negative"),
    ("en", "Still no refund", "negative"),
    ("en", "Refund requested today", "neutral"),
    ("en", "Customer service opens at 9am", "neutral"),
    ("en", "Total rip-off", "negative"),
    ("en", "Another outage tonight", "negative"),
    ("en", "Product recall announced for the blenders", "negative"),
    ("en", "Highly recommend", "positive"),
    ("en", "10/10", "positive"),
    ("en", "0/10 would not order again", "negative"),
    ("en", "The router stopped working", "negative"),
    ("en", "The router is working again", "neutral"),
    ("en", "The router is not working", "negative"),
])
def test_domain_lexicon(analyzer, lang, text, expected):
    assert label(analyzer, text, lang) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Livraison 😡", "negative"), ("Livraison 🤬", "negative"), ("Livraison 👎", "negative"),
    ("Livraison 😍", "positive"), ("Livraison 🔥", "positive"), ("Livraison 👏", "positive"),
    ("Livraison 🙏", "positive"), ("Livraison :(", "negative"), ("Livraison :)", "positive"),
])
def test_emojis_and_emoticons(analyzer, text, expected):
    assert label(analyzer, text, "fr") == expected


def test_persistence_before_a_negation_is_a_complaint(analyzer):
    assert label(analyzer, "Three weeks and the bank still hasn't unblocked my card", "en") == \
        "negative"
    assert label(analyzer, "Mon dossier ? Toujours rien.", "fr") == "negative"
    assert label(analyzer, "Toujours aussi rapide, merci", "fr") == "positive"


def test_lone_praise_closing_a_complaint_reads_as_irony(analyzer):
    assert label(analyzer, "Update installed, app crashes at launch. Great...", "en") == "negative"
    assert label(analyzer, "Colis arrivé cassé. Génial.", "fr") == "negative"
    # not when the rest is positive, nor for thanks, which often are sincere
    assert label(analyzer, "Arrived early and well packed. Great!", "en") == "positive"
    assert label(analyzer, "Petit retard mais tout est arrivé. Merci !", "fr") == "positive"


def test_laughter_is_weak_evidence(analyzer):
    # "mdr"/"lol" often mock: they must not outweigh a complaint
    assert label(analyzer, "encore en panne mdr", "fr") == "negative"
    assert label(analyzer, "down again lol", "en") == "negative"


def test_french_elision_accents_and_elongation(analyzer):
    assert label(analyzer, "J'adore", "fr") == "positive"
    assert label(analyzer, "L'appli n'est pas géniale", "fr") == "negative"
    assert score(analyzer, "tellement decu", "fr") == score(analyzer, "tellement déçu", "fr")
    assert label(analyzer, "nuuuuul", "fr") == "negative"
    assert label(analyzer, "merciiii", "fr") == "positive"


def test_mentions_urls_and_hashtags(analyzer):
    text = "@SuperMarket ouvre samedi https://great.example/love"
    assert label(analyzer, text, "fr") == "neutral"
    assert label(analyzer, "#BoycottNovafone", "fr") == "negative"
    assert label(analyzer, "Hôtel 4 étoiles à Lyon", "fr") == "neutral"
    assert label(analyzer, "5 étoiles pour le resto", "fr") == "positive"


@pytest.mark.parametrize("text", [
    "", "   ", "NUL NUL NUL 😡😡😡🤬🤬 !!!!!!", "GÉNIAL TOP PARFAIT 😍😍😍🔥🔥 !!!!!",
    "worst scam ever, disgusting, horrible 🤮🤮", "best best best love 💯💯💯",
])
def test_score_is_bounded_and_labelled(analyzer, text):
    for lang in ("fr", "en", None):
        result = analyzer.analyze(text, lang)
        assert -1.0 <= result.score <= 1.0
        assert result.label in ("negative", "neutral", "positive")


def test_long_texts_average_their_sentences(analyzer):
    neutral = "La boutique ouvre à 9h et ferme à 19h du lundi au samedi. " * 12
    assert label(analyzer, neutral + "Le café était froid.", "fr") == "neutral"
    assert label(analyzer, neutral + "Arnaque totale ! Fuyez ! " * 12, "fr") == "negative"


def test_empty_text_is_neutral(analyzer):
    assert analyzer.analyze("", "fr") == Sentiment(0.0, "neutral")
    assert analyzer.analyze("  \n", None) == Sentiment(0.0, "neutral")


def test_thresholds_decide_the_label():
    thresholds = Thresholds(positive=0.2, negative=0.1)
    assert thresholds.label(0.2) == "positive"
    assert thresholds.label(0.19) == "neutral"
    assert thresholds.label(-0.1) == "negative"
    assert thresholds.label(-0.09) == "neutral"
    strict = LexiconSentimentAnalyzer(thresholds={"fr": Thresholds(0.99, 0.99)})
    assert strict.analyze("C'est bien", "fr").label == "neutral"


def test_unknown_or_missing_language_falls_back_sensibly(analyzer):
    french = "Le service client de Novafone est vraiment nul, aucune réponse depuis une semaine"
    assert analyzer.analyze(french, None) == analyzer.analyze(french, "fr")
    assert analyzer.analyze(french, "fr-FR") == analyzer.analyze(french, "fr")
    # too short to detect: both lexicons are tried and the one that recognises words wins
    assert label(analyzer, "nul 👎", None) == "negative"
    assert label(analyzer, "top !", None) == "positive"
    assert label(analyzer, "scam", None) == "negative"
    # a language without a lexicon still gets an answer, from emojis and shared words
    assert label(analyzer, "Der Kundenservice ist furchtbar 😡", "de") == "negative"


def test_batch_equals_single(analyzer):
    texts = ["Toujours pas de remboursement 😡", "Highly recommend!", "Nouveau magasin à Lille",
             "nul", "", "Service client au top, merci"]
    langs = ["fr", "en", "fr", None, None, "fr"]
    assert analyzer.analyze_many(texts, langs) == [
        analyzer.analyze(t, lang) for t, lang in zip(texts, langs, strict=True)]
    assert analyzer.analyze_many(texts) == [analyzer.analyze(t) for t in texts]
    with pytest.raises(ValueError):
        analyzer.analyze_many(texts, ["fr"])


def test_default_analyzer_is_shared_and_replaceable():
    assert get_analyzer() is get_analyzer()
    assert isinstance(get_analyzer(), SentimentAnalyzer)


def test_lexicons_load_without_network(monkeypatch):
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    compiled_rules.cache_clear()
    language._model.cache_clear()
    fresh = LexiconSentimentAnalyzer()
    assert fresh.analyze("Service client vraiment nul, je suis très déçu", None).label == "negative"


def test_evaluation_sets_are_well_formed():
    for lang in ("fr", "en"):
        dev, held_out = (load_examples(DATA / f"{kind}_{lang}.csv") for kind in ("dev", "eval"))
        assert len(dev) >= 100 and len(held_out) >= 220
        assert not {e.text for e in dev} & {e.text for e in held_out}
        assert {e.label for e in held_out} == {"negative", "neutral", "positive"}
    # the later English tuning batches: fresh texts, in none of the other sets
    seen = {e.text for kind in ("dev", "eval") for e in load_examples(DATA / f"{kind}_en.csv")}
    for kind, size in (("dev2", 200), ("dev3", 100)):
        batch = load_examples(DATA / f"{kind}_en.csv")
        texts = {e.text for e in batch}
        assert len(batch) >= size and len(texts) == len(batch) and not texts & seen
        seen |= texts


def held_out_accuracy(analyzer: LexiconSentimentAnalyzer, lang: str) -> float:
    return evaluate(analyzer, load_examples(DATA / f"eval_{lang}.csv"), lang).accuracy


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_held_out_accuracy_does_not_regress(analyzer, lang):
    accuracy = held_out_accuracy(analyzer, lang)
    assert accuracy >= FLOORS[lang], f"{lang}: held-out accuracy {accuracy:.3f}"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_goal_is_met(analyzer, lang):
    accuracy = held_out_accuracy(analyzer, lang)
    assert accuracy >= GOALS[lang], f"{lang}: held-out accuracy {accuracy:.3f}"
