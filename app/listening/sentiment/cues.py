"""Discourse cues that a word-by-word sum misses, applied after the VADER pass.

Each is a linguistic habit of brand talk, not a list of posts:
- a question asks rather than judges: "Which plan is best for travel?" praises nothing,
  while a negative question is usually a rhetorical complaint, so only praise is damped;
- an announcement written in no one's voice ("X launches its award-winning app") carries
  marketing words, not the writer's opinion;
- scare quotes around praise contest it ("a 'quick' oil change", "so-called 'fresh'");
- a few fixed expressions mark sarcasm ("oh great", "just what we needed", 🙃): in a post
  that also complains, the praise means its opposite;
- a defect that is the object of a remedy ("refunded my cancelled tickets") was put right;
- complaints often carry no opinion word at all, only the shape of a grievance: a wait
  measured in days ("3 weeks and counting", "for 9 days"), a repetition ("for the 3rd
  time"), indignant punctuation ("??", "?!").
The cue lists are per language (`Cues` in each lexicon module); a language without them is
scored exactly as before.
"""

import re
from dataclasses import dataclass

from app.listening.sentiment.tokenize import Token, Tokenized

_CLAUSE_BREAK = "|"  # between clauses in the joined text, so that no pattern spans two


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
    # verbs whose object is a defect put right: "replaced my broken kettle" is no complaint
    remedies: frozenset[str]
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
            parts.append(_CLAUSE_BREAK)
            clause = token.clause
        parts.append(token.text)
    return " ".join(parts)


def apply_cues(text: str, tokenized: Tokenized, tokens: list[Token], valences: list[float],
               cues: Cues) -> float:
    """Rescale `valences` in place; return the valence the post's shape adds on its own.

    The sentence-level tests only run when there is a valence they could change."""
    _remedied(tokens, valences, cues)
    joined = joined_words(tokens)
    extra = sum(valence for pattern, valence in cues.complaints if pattern.search(joined))
    if any(valences):
        _rescale(tokenized, tokens, valences, joined, cues, grievance=extra < 0)
    if not any(valences) and not extra and ("??" in text or "?!" in text):
        extra = cues.indignation
    if any(t.quoted for t in tokens) and not any(v > 0 for v in valences):
        extra += cues.scare_quotes
    return extra


def _rescale(tokenized: Tokenized, tokens: list[Token], valences: list[float], joined: str,
             cues: Cues, *, grievance: bool) -> None:
    announced = bool(cues.announcement.search(joined)) and not any(
        t.text in cues.personal for t in tokens)
    if announced:
        for i, valence in enumerate(valences):
            if valence < 0:
                valences[i] = valence * cues.announcement_negative_scale
    if not any(v > 0 for v in valences):
        return
    # a sarcastic phrase needs something to be sarcastic about: "Oh great, it arrived!" is glad
    complaint = grievance or any(v < 0 for v in valences)
    ironic = (complaint and bool(cues.irony.search(joined))) or any(
        t.fixed is not None and t.text[0] in cues.irony_emojis for t in tokens)
    asked = set(tokenized.asked) | _opened_questions(tokens, cues)
    for i, token in enumerate(tokens):
        if valences[i] <= 0:
            continue
        if ironic or (token.quoted and token.fixed is None):
            valences[i] *= cues.irony_scale
        elif token.clause in asked:
            valences[i] *= cues.question_scale
        elif announced:
            valences[i] *= cues.announcement_scale


def _remedied(tokens: list[Token], valences: list[float], cues: Cues) -> None:
    for i, valence in enumerate(valences):
        if valence < 0 and any(t.text in cues.remedies and t.clause == tokens[i].clause
                               for t in tokens[max(0, i - 3):i]):
            valences[i] = 0.0


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
