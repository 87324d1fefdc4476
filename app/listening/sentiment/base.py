"""The sentiment contract the rest of Vigie codes against.

Anything that scores text (this package's lexicon analyzer today, a fine-tuned model
tomorrow) implements `SentimentAnalyzer`; callers never see which one they got.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

Label = Literal["negative", "neutral", "positive"]
LABELS: tuple[Label, ...] = ("negative", "neutral", "positive")


@dataclass(frozen=True, slots=True)
class Sentiment:
    score: float  # -1 (very negative) .. +1 (very positive)
    label: Label


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Scores strictly inside (-negative, positive) are neutral."""

    positive: float = 0.05
    negative: float = 0.05

    def label(self, score: float) -> Label:
        if score >= self.positive:
            return "positive"
        if score <= -self.negative:
            return "negative"
        return "neutral"


@runtime_checkable
class SentimentAnalyzer(Protocol):
    def analyze(self, text: str, lang: str | None = None) -> Sentiment:
        """Score one text; `lang` is an ISO 639-1 code, or None to detect it."""
        ...

    def analyze_many(
        self, texts: Sequence[str], langs: Sequence[str | None] | None = None
    ) -> list[Sentiment]:
        """Score a batch; same results as calling `analyze` on each text."""
        ...
