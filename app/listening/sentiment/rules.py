"""Per-language rule set consumed by the scoring engine.

The modifier constants are VADER's own (empirically derived by its authors), imported
rather than copied so both languages score on the same scale as the English original.
"""

from dataclasses import dataclass

from vaderSentiment.vaderSentiment import B_DECR, B_INCR, C_INCR, N_SCALAR

from app.listening.sentiment.cues import Cues

__all__ = ["B_DECR", "B_INCR", "C_INCR", "N_SCALAR", "LanguageRules"]


@dataclass(frozen=True)
class LanguageRules:
    """Everything language-specific; keys may carry accents and capitals (folded on load)."""

    lang: str
    negators: frozenset[str]
    # French "ne ... pas": the particle before the verb, the negator after it.
    ne_particles: frozenset[str]
    ne_negators: frozenset[str]
    boosters: dict[str, float]
    postposed_boosters: frozenset[str]
    contrasts: frozenset[str]
    # word -> (valence when present, valence when negated/absent)
    expected: dict[str, tuple[float, float]]
    # words after an expected one that mark it absent: "covers nothing", "rembourse rien"
    absence_after: frozenset[str]
    # negators that follow the word they negate in informal speech: "je recommande pas"
    post_negators: frozenset[str]
    # "still"/"toujours" right before a negation is a complaint in itself: "still hasn't"
    persistence: frozenset[str]
    # praise that, alone at the end of a complaint, is read as irony: "App crashes. Great..."
    ironic_closers: frozenset[str]
    # overrides and additions to the base lexicon, single words and phrases
    domain: dict[str, float]
    # split French elisions (l', j', c', qu', n') into words
    elision: bool
    # questions, announcements, scare quotes, sarcasm, grievance shapes (see cues.py)
    cues: Cues | None = None
