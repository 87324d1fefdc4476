"""The default analyzer: VADER-style lexicon scoring in French and English."""

import re
from collections.abc import Mapping, Sequence

from app.listening.language import detect_language
from app.listening.sentiment.base import Sentiment, Thresholds
from app.listening.sentiment.engine import Scored, score_text
from app.listening.sentiment.lexicons import SUPPORTED_LANGS, compiled_rules

# Label cut-offs tuned on tests/listening/sentiment/data/dev_*.csv only (see the benchmark).
# The dev grid was flat between 0.05 and 0.15, so VADER's published cut-off is kept.
DEFAULT_THRESHOLDS: dict[str, Thresholds] = {
    "en": Thresholds(positive=0.05, negative=0.05),
    "fr": Thresholds(positive=0.05, negative=0.05),
}
# VADER is built for a post or a sentence: past this length (articles, web pages) its sum
# saturates at +/-1 and one "mais" would reweigh the whole page, so sentences are scored
# one by one and averaged, as VADER's authors advise for paragraphs.
LONG_TEXT = 400
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")


class LexiconSentimentAnalyzer:
    """Scores with the VADER lexicons plus Vigie's brand / customer-service layer.

    `lang=None` detects the language; when that fails (short or mixed posts) or the language
    is neither French nor English, the text is scored with both lexicons and the reading
    that recognised more words wins, which keeps "nul 👎" or "top !" usable.
    """

    def __init__(self, *, thresholds: Mapping[str, Thresholds] | None = None,
                 domain: bool = True) -> None:
        self._thresholds = dict(thresholds or DEFAULT_THRESHOLDS)
        self._domain = domain

    def analyze(self, text: str, lang: str | None = None) -> Sentiment:
        lang = _normalise(lang) if lang else None
        if not text or not text.strip():
            return Sentiment(0.0, "neutral")
        if lang is None:
            lang = detect_language(text)
        if lang in SUPPORTED_LANGS:
            return self._sentiment(self._score(text, lang).score, lang)
        return self._best_reading(text)

    def analyze_many(
        self, texts: Sequence[str], langs: Sequence[str | None] | None = None
    ) -> list[Sentiment]:
        if langs is not None and len(langs) != len(texts):
            raise ValueError("langs must be as long as texts")
        chosen = langs if langs is not None else [None] * len(texts)
        return [self.analyze(text, lang) for text, lang in zip(texts, chosen, strict=True)]

    def _score(self, text: str, lang: str) -> Scored:
        rules = compiled_rules(lang, domain=self._domain)
        if len(text) <= LONG_TEXT:
            return score_text(text, rules)
        parts = [score_text(s, rules) for s in _SENTENCE_END.split(text) if s.strip()]
        if not parts:
            return Scored(0.0, 0)
        return Scored(sum(p.score for p in parts) / len(parts), sum(p.hits for p in parts))

    def _best_reading(self, text: str) -> Sentiment:
        readings = {lang: self._score(text, lang) for lang in SUPPORTED_LANGS}
        most = max(r.hits for r in readings.values())
        best = [lang for lang, r in readings.items() if r.hits == most]
        score = sum(readings[lang].score for lang in best) / len(best)
        return self._sentiment(score, best[0])

    def _sentiment(self, score: float, lang: str) -> Sentiment:
        thresholds = self._thresholds.get(lang, Thresholds())
        return Sentiment(round(score, 4), thresholds.label(score))


def _normalise(lang: str) -> str:
    """"fr-FR", "FR", "fr_CA" -> "fr"."""
    return lang.replace("_", "-").split("-")[0].lower()
