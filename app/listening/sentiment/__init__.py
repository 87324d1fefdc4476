"""Sentiment of mentions, behind a replaceable interface.

    from app.listening.sentiment import get_analyzer
    get_analyzer().analyze("Toujours pas de remboursement 😡", "fr")
    # Sentiment(score=-0.8..., label='negative')

To plug in a better model, implement `SentimentAnalyzer` and return it from
`get_analyzer`; nothing else in Vigie depends on the lexicon implementation.
"""

import threading

from app.listening.sentiment.base import LABELS, Label, Sentiment, SentimentAnalyzer, Thresholds
from app.listening.sentiment.lexicon_analyzer import LexiconSentimentAnalyzer

__all__ = [
    "LABELS", "Label", "LexiconSentimentAnalyzer", "Sentiment", "SentimentAnalyzer",
    "Thresholds", "get_analyzer",
]

_default: SentimentAnalyzer | None = None
_lock = threading.Lock()


def get_analyzer() -> SentimentAnalyzer:
    """The process-wide default analyzer, built on first use (lexicons load once)."""
    global _default
    with _lock:
        if _default is None:
            _default = LexiconSentimentAnalyzer()
        return _default
