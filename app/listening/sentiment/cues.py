"""Discourse cues that a word-by-word sum misses, applied after the VADER pass.

Each is a linguistic habit of brand talk, not a list of posts:
- a question asks rather than judges: "Which plan is best for travel?" praises nothing,
  while a negative question is usually a rhetorical complaint, so only praise is damped;
- an announcement written in no one's voice ("X launches its award-winning app") carries
  marketing words, not the writer's opinion;
- scare quotes around praise contest it ("a 'quick' oil change", "so-called 'fresh'");
- a few fixed expressions mark sarcasm ("oh great", "just what we needed", 🙃): then the
  praise in the post means its opposite;
- complaints often carry no opinion word at all, only the shape of a grievance: a wait
  measured in days ("3 weeks and counting", "for 9 days"), a repetition ("for the 3rd
  time"), indignant punctuation ("??", "?!").
The cue lists are per language (`Cues` in each lexicon module); a language without them is
scored exactly as before.
"""

import re
from dataclasses import dataclass

from app.listening.sentiment.tokenize import Token, Tokenized

_SEPARATOR = " | "  # between clauses in the joined text, so that no pattern spans two


@dataclass(frozen=True)
class Cues:
    # clause openers that ask without a question mark: "anyone know if ...", "how do i"
    question_openers: re.Pattern[str]
    # share of a positive valence kept inside a question
    question_scale: float
    # announcement phrasing: "launches", "now available", "will open"
    announcement: re.Pattern[str]
    # words of a writer telling their own experience or opinion: an announcement no longer
    personal: frozenset[str]
    announcement_scale: float
    announcement_negative_scale: float
    # fixed sarcastic expressions; emojis that mark irony are listed apart
    irony: re.Pattern[str]
    irony_emojis: frozenset[str]
    irony_scale: float  # applied to praise in an ironic post (negative: it flips)
    # (pattern, valence) pairs: the shape of a grievance, counted once per post
    complaints: tuple[tuple[re.Pattern[str], float], ...]
    # "??", "?!": indignation, when the post says nothing else
    indignation: float
    # words in scare quotes ('in transit', 'processing') contest a claim, when no praise is left
    scare_quotes: float


def joined_words(tokens: list[Token]) -> str:
    parts: list[str] = []
    clause = tokens[0].clause if tokens else 0
    for token in tokens:
        if token.clause != clause:
            parts.append(_SEPARATOR.strip())
            clause = token.clause
        parts.append(token.text)
    return " ".join(parts)


def apply_cues(text: str, tokenized: Tokenized, tokens: list[Token], valences: list[float],
               cues: Cues) -> float:
    """Rescale `valences` in place; return the valence the post's shape adds on its own."""
    joined = joined_words(tokens)
    ironic = bool(cues.irony.search(joined)) or any(
        t.fixed is not None and t.text[0] in cues.irony_emojis for t in tokens)
    asked = set(tokenized.asked) | _opened_questions(tokens, cues)
    announced = bool(cues.announcement.search(joined)) and not any(
        t.text in cues.personal for t in tokens)
    for i, token in enumerate(tokens):
        if valences[i] < 0 and announced:
            valences[i] *= cues.announcement_negative_scale
        if valences[i] <= 0:
            continue
        if ironic or (token.quoted and token.fixed is None):
            valences[i] *= cues.irony_scale
        elif token.clause in asked:
            valences[i] *= cues.question_scale
        elif announced:
            valences[i] *= cues.announcement_scale
    extra = sum(valence for pattern, valence in cues.complaints if pattern.search(joined))
    if not any(valences) and not extra and ("??" in text or "?!" in text):
        extra = cues.indignation
    if any(t.quoted for t in tokens) and not any(v > 0 for v in valences):
        extra += cues.scare_quotes
    return extra


def _opened_questions(tokens: list[Token], cues: Cues) -> set[int]:
    clauses: set[int] = set()
    start = 0
    while start < len(tokens):
        clause = tokens[start].clause
        end = start
        while end < len(tokens) and tokens[end].clause == clause:
            end += 1
        head = " ".join(t.text for t in tokens[start:start + 3])
        if cues.question_openers.match(head):
            clauses.add(clause)
        start = end
    return clauses
