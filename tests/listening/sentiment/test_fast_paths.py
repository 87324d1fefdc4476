"""The shortcuts that make sentiment scoring fast must not change a single answer: texts
tokenized chunk by chunk as the whole-text regex does, sentences split as the reference
pattern does, cue patterns skipped only when they cannot match, batches scored as one by
one. Each is checked against the plain computation on tricky and random texts."""

import random

import pytest

from app.listening.sentiment import LexiconSentimentAnalyzer, cues, tokenize
from app.listening.sentiment.lexicon_analyzer import _SENTENCE_END, _sentences
from app.listening.sentiment.lexicons import compiled_rules

TRICKY = [
    "", " ", "  double  spaces ", "Toujours pas de remboursement 😡", "NUL !!! nuuuul",
    "It's 'quick', they say. Really? sure", '"great" service', "“excellent” support",
    "don\u2019t like it", "n\u2019est pas bien", "l'appli ne marche pas", "aujourd'hui c'est top",
    "#BoycottNovafone @SuperU", "https://x.co/a?b=1 www.site.fr/ok", "2/10", "3 / 5 bof",
    "4,5/5", "hôtel 4 étoiles", "hotel 5 stars", "5 étoiles !", "zero stars", "5stars",
    "\u017ftar 3 \u017ftars", "\u00e9to\u0130le", "restart the app", ":) :( xD <3 </3 :P",
    "xDDD", "👍🏽👍🏽 🤦‍♂️", "rip-off mois-ci", "a\nb\n\nc. d!\te", "?!?",
    "word,word;word:word…word",
]
ATOMS = [
    *"abcdeéÉsSiIoOl0123456789 _-'\u2019\u2018“”\".,!?;:…/\n\t#@()<>=",
    "\u017f", "\u0130", "\u0131", "star", "STARS", "étoile", "5 étoiles", "3 / 5", "10/10", "hôtel",
    "http://", "www.", "@brand", "#CamelCase", ":)", ":'(", "xD", "<3", "😡", "👍🏽", "🙃",
    "l'", "qu'", "aujourd'hui", "don't", "NUL", "nuuuul", "  ", " 'quick' ", ' "great" ',
]


@pytest.fixture(autouse=True)
def _isolate() -> None:
    """No database or Redis here: skip the suite's per-test truncate and flush."""


def random_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(ATOMS) for _ in range(rng.randint(0, 25))) for _ in range(count)]


def as_tuples(scanned: tokenize.Scan) -> tuple:
    tokens = [(w, c, i in scanned.caps, scanned.fixed.get(i), i in scanned.quoted)
              for i, (w, c) in enumerate(zip(scanned.words, scanned.clauses, strict=True))]
    return tokens, scanned.exclamations, scanned.questions, scanned.asked


def whole_text(text: str, elision: bool, known: dict[str, float]) -> tokenize.Scan:
    spans = [m.span() for m in tokenize._QUOTED_RE.finditer(text)]
    return tokenize._assemble(text, *tokenize._match_items(text, spans, elision, known))


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("cache_size", [50_000, 7])  # 7: full caches are replaced often
def test_chunks_tokenize_as_the_whole_text(lang, cache_size, monkeypatch):
    monkeypatch.setattr(tokenize, "_CHUNK_CACHE_SIZE", cache_size)
    rules = compiled_rules(lang)
    chunks = tokenize.ChunkCache()
    texts = TRICKY + random_texts(800, seed=len(lang) + cache_size)
    for text in texts + texts:  # the second time from the cache
        fast = tokenize.scan(text, elision=rules.elision, known=rules.lexicon, chunks=chunks)
        assert as_tuples(fast) == as_tuples(whole_text(text, rules.elision, rules.lexicon)), text


def test_quote_and_space_prechecks_are_safe():
    for text in TRICKY + random_texts(3000, seed=3):
        if not tokenize._may_quote(text):
            assert tokenize._QUOTED_RE.search(text) is None, text
        if not tokenize._needs_regex(text):
            assert tokenize._STARS_RE.search(text) is None, text


def test_sentences_split_as_the_reference_pattern():
    rng = random.Random(5)
    alphabet = [*"ab .!?…\n\n\t\r\x0b\x0c\x85\xa0\u2028", "  ", ". ", "!\n", "…\n\n"]
    texts = TRICKY + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
                      for _ in range(10_000)]
    for text in texts:
        assert _sentences(text) == _SENTENCE_END.split(text), repr(text)


def test_cue_patterns_are_skipped_only_when_they_cannot_match():
    english = compiled_rules("en").cues
    assert english is not None
    assert cues._required(english.complaints[0][0]) == (("and counting",),)
    patterns = [p for p, _ in english.complaints] + [english.announcement, english.irony]
    rng = random.Random(7)
    words = ["oh", "great", "and", "counting", "for", "3", "days", "day", "two", "without",
             "every", "time", "3rd", "twice", "keeps", "crashing", "why", "how", "come",
             "launches", "thanks", "a", "lot", "just", "what", "we", "needed", "|", "today"]
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(0, 12)))
             for _ in range(3000)]
    for text in texts:
        for pattern in patterns:
            assert cues._found(pattern, text) == bool(pattern.search(text)), (pattern, text)


def test_a_batch_scores_as_one_by_one():
    analyzer = LexiconSentimentAnalyzer()
    long = "Le service client est nul. " * 20 + "Mais la livraison était rapide ! 👍"
    texts = ["Super produit, je recommande", "Still no refund after 3 weeks and counting",
             "", "   ", "nul 👎", "top !", long, "Great app but it crashes", "Bof.",
             "Genial !!!", "ok"]
    langs = ["fr", "en", None, "fr", None, None, "FR-fr", "en_GB", "de", "", None]
    assert analyzer.analyze_many(texts, langs) == [
        analyzer.analyze(t, lang) for t, lang in zip(texts, langs, strict=True)]
    assert analyzer.analyze_many(texts) == [analyzer.analyze(t) for t in texts]
    with pytest.raises(ValueError, match="as long as texts"):
        analyzer.analyze_many(texts, langs[:2])
