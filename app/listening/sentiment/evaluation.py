"""Scoring an analyzer against a labelled set: shared by the regression test and the
benchmark, so both report exactly the same numbers."""

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.listening.sentiment.base import LABELS, Label, SentimentAnalyzer


@dataclass(frozen=True)
class Example:
    text: str
    label: Label


def load_examples(path: Path) -> list[Example]:
    """Read a `text,label` CSV (header row, UTF-8)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    examples = [Example(row["text"], row["label"]) for row in rows]  # type: ignore[arg-type]
    unknown = {e.label for e in examples} - set(LABELS)
    if unknown:
        raise ValueError(f"{path}: unknown labels {sorted(unknown)}")
    return examples


@dataclass
class Report:
    gold: list[Label]
    predicted: list[Label]
    confusion: dict[Label, dict[Label, int]] = field(init=False)

    def __post_init__(self) -> None:
        self.confusion = {g: dict.fromkeys(LABELS, 0) for g in LABELS}
        for g, p in zip(self.gold, self.predicted, strict=True):
            self.confusion[g][p] += 1

    @property
    def accuracy(self) -> float:
        hits = sum(g == p for g, p in zip(self.gold, self.predicted, strict=True))
        return hits / len(self.gold) if self.gold else 0.0

    def precision(self, label: Label) -> float:
        column = sum(self.confusion[g][label] for g in LABELS)
        return self.confusion[label][label] / column if column else 0.0

    def recall(self, label: Label) -> float:
        row = sum(self.confusion[label].values())
        return self.confusion[label][label] / row if row else 0.0

    def f1(self, label: Label) -> float:
        p, r = self.precision(label), self.recall(label)
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def macro_f1(self) -> float:
        return sum(self.f1(label) for label in LABELS) / len(LABELS)


def evaluate(analyzer: SentimentAnalyzer, examples: Sequence[Example],
             lang: str | None) -> Report:
    """Score `examples` in one batch; `lang=None` lets the analyzer detect the language."""
    sentiments = analyzer.analyze_many([e.text for e in examples], [lang] * len(examples))
    return Report([e.label for e in examples], [s.label for s in sentiments])
