"""Pure detection and throttling rules: no database, no clock, tested on known series.

repository.py runs the SQL that produces the counts and rows these functions judge;
service.py wires both together and writes the alerts.
"""

import heapq
import re
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from app.alerts.schemas import NegativeParams, VolumeParams

EVIDENCE_PER_TRIGGER = 20
EVIDENCE_MAX = 50
MINUTES_PER_DAY = 1440


@dataclass(frozen=True)
class WindowCounts:
    """Mentions of a rule's scope around one evaluation (see repository.window_counts)."""

    current: int = 0  # published in the window that ends now
    baseline: int = 0  # published in the `baseline_days` before that window
    new: int = 0  # in the window and collected since the previous evaluation
    current_negative: int = 0
    baseline_negative: int = 0
    new_negative: int = 0


@dataclass(frozen=True)
class Trigger:
    """A rule fired. A new alert gathers `count` mentions; an open one gains `new_count`."""

    count: int
    new_count: int
    evidence: list[uuid.UUID]
    facts: dict[str, Any]


def baseline_average(baseline_count: int, window_minutes: int, baseline_days: int) -> float:
    """Average mentions per window-sized slice of the baseline period."""
    windows = baseline_days * MINUTES_PER_DAY / window_minutes
    return baseline_count / windows


def spike_threshold(average: float, factor: float, min_mentions: int) -> float:
    # min_mentions keeps a quiet watch (baseline near zero) from firing on two mentions.
    return max(float(min_mentions), factor * average)


def _spike(count: int, baseline_count: int, params: VolumeParams) -> dict[str, Any] | None:
    average = baseline_average(baseline_count, params.window_minutes, params.baseline_days)
    threshold = spike_threshold(average, params.factor, params.min_mentions)
    if count < threshold:
        return None
    return {"window_minutes": params.window_minutes, "count": count,
            "baseline": round(average, 2), "threshold": round(threshold, 2),
            "factor": params.factor}


def volume_spike(counts: WindowCounts, params: VolumeParams) -> dict[str, Any] | None:
    """The facts of a volume spike, or None when the window is within its usual range."""
    return _spike(counts.current, counts.baseline, params)


def negative_spike(counts: WindowCounts, params: NegativeParams) -> dict[str, Any] | None:
    """A spike of negative mentions that also make up enough of the window's volume."""
    share = counts.current_negative / counts.current if counts.current else 0.0
    if share < params.min_negative_share:
        return None
    facts = _spike(counts.current_negative, counts.baseline_negative, params)
    if facts is None:
        return None
    return {**facts, "total": counts.current, "negative_share": round(share, 3)}


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})


def fold(text: str) -> str:
    """Lower case without accents, so "Arnaque", "ARNAQUÉ" and "arnaque" compare alike."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _key(phrase: str) -> str:
    return " ".join(fold(phrase).split())


@dataclass(frozen=True)
class KeywordMatcher:
    """Finds a rule's keywords as whole words or phrases, ignoring case and accents."""

    keywords: tuple[str, ...]
    pattern: re.Pattern[str] = field(init=False, repr=False)
    originals: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        originals = {_key(k): k for k in self.keywords}
        # Longest first, so "bad buzz" wins over "bad" at the same position.
        parts = [r"\s+".join(re.escape(w) for w in key.split())
                 for key in sorted(originals, key=len, reverse=True)]
        object.__setattr__(self, "originals", originals)
        object.__setattr__(self, "pattern",
                           re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)"))

    def find(self, *texts: str | None) -> set[str]:
        """The keywords (as the rule spells them) found in the texts."""
        folded = fold("\n".join(t for t in texts if t))
        return {self.originals[_key(m.group(0))] for m in self.pattern.finditer(folded)}


@dataclass
class KeywordScan:
    """Accumulates keyword matches over new mentions, read in chunks."""

    matcher: KeywordMatcher
    count: int = 0
    matched: set[str] = field(default_factory=set)
    _recent: list[tuple[datetime, str]] = field(default_factory=list)

    def add(self, mention_id: uuid.UUID, title: str | None, text: str,
            published_at: datetime) -> None:
        found = self.matcher.find(title, text)
        if not found:
            return
        self.count += 1
        self.matched |= found
        # Keep the most recent mentions as evidence without holding every match.
        item = (published_at, str(mention_id))
        if len(self._recent) < EVIDENCE_PER_TRIGGER:
            heapq.heappush(self._recent, item)
        else:
            heapq.heappushpop(self._recent, item)

    def trigger(self) -> Trigger | None:
        if not self.count:
            return None
        evidence = [uuid.UUID(i) for _, i in sorted(self._recent, reverse=True)]
        facts = {"count": self.count, "keywords": sorted(self.matched, key=str.casefold)}
        return Trigger(self.count, self.count, evidence, facts)


def merge_evidence(new: Iterable[uuid.UUID], old: Iterable[uuid.UUID],
                   limit: int = EVIDENCE_MAX) -> list[uuid.UUID]:
    """Newest evidence first, no duplicates, at most `limit` ids."""
    return list(dict.fromkeys([*new, *old]))[:limit]


def merge_facts(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The latest measures, with every keyword matched since the alert opened."""
    merged = {**old, **new}
    if "keywords" in old or "keywords" in new:
        words = {*old.get("keywords", []), *new.get("keywords", [])}
        merged["keywords"] = sorted(words, key=str.casefold)[:EVIDENCE_MAX]
    return merged


def within_cooldown(last_triggered_at: datetime, now: datetime, cooldown_minutes: int) -> bool:
    """Whether a new trigger still belongs to the same storm as the open alert."""
    return now - last_triggered_at <= timedelta(minutes=cooldown_minutes)


def slack_backoff(attempts: int, base: timedelta = timedelta(seconds=30)) -> timedelta:
    """Delay after `attempts` failed tries of a Slack post: 30 s, 1, 2, 4, 8 minutes."""
    return base * 2 ** max(attempts - 1, 0)


def next_notification_at(*, occurrences: int, notified_occurrences: int,
                         notified_at: datetime | None, cooldown_minutes: int,
                         now: datetime) -> datetime | None:
    """When the alert's next notification may go out; None when nothing is left to tell.

    The first one goes at once; later occurrences wait for the cooldown after the previous
    notification and then go out together, as one summary with their count.
    """
    if occurrences <= notified_occurrences:
        return None
    if notified_at is None:
        return now
    return max(now, notified_at + timedelta(minutes=cooldown_minutes))
