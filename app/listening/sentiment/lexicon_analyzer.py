"""The default analyzer: VADER-style lexicon scoring in French and English."""

import re
from collections.abc import Mapping, Sequence

from app.listening.language import detect_language, detect_languages
from app.listening.sentiment.base import Sentiment, Thresholds
from app.listening.sentiment.engine import CompiledRules, Scored, score_text
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
# Sentences end at white space after .!?… and at line breaks: `_sentences` splits the text
# as `_SENTENCE_END.split` does, but a pattern that opens with a lookbehind is tried at
# every character, while one that opens with a character class is not.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_SENTENCE_CUT = re.compile(r"[.!?…\n](?:(?<=[.!?…])(\s+)|(?<=\n)\n*)")


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
        self._rules: dict[str, CompiledRules] = {}  # compiled_rules, without its key building

    def analyze(self, text: str, lang: str | None = None) -> Sentiment:
        lang = _code(lang)
        if _blank(text):
            return Sentiment(0.0, "neutral")
        return self._analyze(text, detect_language(text) if lang is None else lang)

    def analyze_many(
        self, texts: Sequence[str], langs: Sequence[str | None] | None = None
    ) -> list[Sentiment]:
        if langs is not None and len(langs) != len(texts):
            raise ValueError("langs must be as long as texts")
        codes = [_code(lang) for lang in langs] if langs is not None else [None] * len(texts)
        # the missing languages are detected in one batch: the same answers, for less
        missing = [i for i, code in enumerate(codes) if code is None and not _blank(texts[i])]
        detected = detect_languages([texts[i] for i in missing]) if missing else []
        for i, lang in zip(missing, detected, strict=True):
            codes[i] = lang
        return [Sentiment(0.0, "neutral") if _blank(text) else self._analyze(text, code)
                for text, code in zip(texts, codes, strict=True)]

    def _analyze(self, text: str, lang: str | None) -> Sentiment:
        """Score a text that is not blank; `lang` is None when detection found none."""
        if lang in SUPPORTED_LANGS:
            return self._sentiment(self._score(text, lang).score, lang)  # type: ignore[arg-type]
        return self._best_reading(text)

    def _score(self, text: str, lang: str) -> Scored:
        rules = self._rules.get(lang)
        if rules is None:
            rules = self._rules[lang] = compiled_rules(lang, domain=self._domain)
        if len(text) <= LONG_TEXT:
            return score_text(text, rules)
        parts = [score_text(s, rules) for s in _sentences(text) if s.strip()]
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
        thresholds = self._thresholds.get(lang) or _DEFAULT_CUTOFFS
        return Sentiment(round(score, 4), thresholds.label(score))


_DEFAULT_CUTOFFS = Thresholds()
_NORMALISED: dict[str, str] = {}  # the codes callers actually send, normalised once


def _sentences(text: str) -> list[str]:
    """`_SENTENCE_END.split(text)`: the white space after the punctuation is the cut, or
    the whole run of line breaks."""
    parts: list[str] = []
    last = 0
    for match in _SENTENCE_CUT.finditer(text):
        start, end = match.span(1) if match.group(1) is not None else match.span()
        parts.append(text[last:start])
        last = end
    parts.append(text[last:])
    return parts


def _blank(text: str) -> bool:
    return not text or not text.strip()


def _code(lang: str | None) -> str | None:
    """The normalised code of `lang`, None when there is none."""
    return (_NORMALISED.get(lang) or _normalise(lang)) if lang else None


def _normalise(lang: str) -> str:
    """"fr-FR", "FR", "fr_CA" -> "fr"."""
    code = lang.replace("_", "-").split("-")[0].lower()
    if len(_NORMALISED) < 1_000:
        _NORMALISED[lang] = code
    return code
