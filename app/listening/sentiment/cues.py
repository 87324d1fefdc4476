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
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache
from typing import Any

from app.listening.sentiment.tokenize import Scan

try:  # the regex engine's own parser, to tell what every match of a pattern contains
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # another Python: every pattern is searched, with the same results
    _parser = None

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


def joined_words(words: list[str], clauses: list[int]) -> str:
    """The words of a post, clauses separated by "|"."""
    parts: list[str] = []
    start = 0
    while start < len(words):
        end = bisect_right(clauses, clauses[start], start)
        parts.append(" ".join(words[start:end]))
        start = end
    return f" {_CLAUSE_BREAK} ".join(parts)


def apply_cues(text: str, tokens: Scan, valences: list[float], cues: Cues) -> float:
    """Rescale `valences` in place; return the valence the post's shape adds on its own.

    `tokens` are the scored tokens, in their lexicon form. The sentence-level tests only
    run when there is a valence they could change."""
    _remedied(tokens, valences, cues)
    joined = joined_words(tokens.words, tokens.clauses)
    extra = sum(valence for pattern, valence in cues.complaints if _found(pattern, joined))
    if any(valences):
        _rescale(tokens, valences, joined, cues, grievance=extra < 0)
    if not any(valences) and not extra and ("??" in text or "?!" in text):
        extra = cues.indignation
    if tokens.quoted and max(valences) <= 0:  # no praise left
        extra += cues.scare_quotes
    return extra


def _rescale(tokens: Scan, valences: list[float], joined: str, cues: Cues, *,
             grievance: bool) -> None:
    words, clauses = tokens.words, tokens.clauses
    # (the cheap tests first: the patterns are long, and most posts have a personal word)
    announced = cues.personal.isdisjoint(words) and _found(cues.announcement, joined)
    if announced:
        for i, valence in enumerate(valences):
            if valence < 0:
                valences[i] = valence * cues.announcement_negative_scale
    if max(valences) <= 0:
        return
    # a sarcastic phrase needs something to be sarcastic about: "Oh great, it arrived!" is glad
    complaint = grievance or min(valences) < 0
    ironic = any(words[i][0] in cues.irony_emojis for i in tokens.fixed) or (
        complaint and _found(cues.irony, joined))
    for i in [i for i, valence in enumerate(valences) if valence > 0]:
        if ironic or (i in tokens.quoted and i not in tokens.fixed):
            valences[i] *= cues.irony_scale
        elif clauses[i] in tokens.asked or _opens_question(words, clauses, clauses[i], cues):
            valences[i] *= cues.question_scale
        elif announced:
            valences[i] *= cues.announcement_scale


def _found(pattern: re.Pattern[str], text: str) -> bool:
    """`pattern.search(text)`, skipped when *text* lacks a string every match contains:
    Python's regex engine tries a pattern that opens with \\b at every position, while a
    substring test is a fast scan, and most posts have none of a pattern's key words."""
    for strings in _required(pattern):
        for string in strings:
            if string in text:
                break
        else:
            return False
    return pattern.search(text) is not None


@cache
def _required(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], ...]:
    """Sets of strings such that every match of `pattern` contains one string of each set
    (longest strings first); empty when not known."""
    if _parser is None or pattern.flags & re.IGNORECASE:
        return ()
    found = _sequence_required(list(_parser.parse(pattern.pattern, pattern.flags)))
    useful = sorted((s for s in found if len(s) <= _MAX_STRINGS and min(map(len, s)) > 1),
                    key=lambda s: -min(map(len, s)))
    return tuple(tuple(sorted(s)) for s in useful)


_MAX_STRINGS = 16  # past this, testing for each string costs about what the search does


def _sequence_required(items: list[tuple[Any, Any]]) -> list[frozenset[str]]:
    """What every match of the sequence `items` contains: its runs of literal characters,
    and what each of its groups, alternations and repeated parts contains. Lookarounds,
    classes and optional parts contribute nothing."""
    assert _parser is not None
    found: list[frozenset[str]] = []
    run = ""
    for op, value in items:
        if op is _parser.LITERAL:
            run += chr(value)
            continue
        if run:
            found.append(frozenset({run}))
            run = ""
        if op is _parser.SUBPATTERN and not value[1] & re.IGNORECASE:  # (group, add, del, items)
            found += _sequence_required(list(value[3]))
        elif op is _parser.BRANCH:  # (None, [items of each alternative])
            each = [_sequence_required(list(alternative)) for alternative in value[1]]
            if all(each):  # one string of each alternative's longest set
                found.append(frozenset().union(
                    *(max(sets, key=lambda s: min(map(len, s))) for sets in each)))
        elif op in (_parser.MAX_REPEAT, _parser.MIN_REPEAT) and value[0] >= 1:  # (min, max, items)
            found += _sequence_required(list(value[2]))
    if run:
        found.append(frozenset({run}))
    return found


def _remedied(tokens: Scan, valences: list[float], cues: Cues) -> None:
    words, clauses = tokens.words, tokens.clauses
    if cues.remedies.isdisjoint(words):
        return
    for i, valence in enumerate(valences):
        if valence < 0 and any(words[j] in cues.remedies and clauses[j] == clauses[i]
                               for j in range(max(0, i - 3), i)):
            valences[i] = 0.0


def _opens_question(words: list[str], clauses: list[int], clause: int, cues: Cues) -> bool:
    """Whether `clause` opens like a question ("anyone know if"): its first three words (the
    next clause's, when it is shorter) match an opener."""
    start = bisect_left(clauses, clause)
    return cues.question_openers.match(" ".join(words[start:start + 3])) is not None
