"""Exclusions worth suggesting, learnt from the mentions users marked irrelevant.

Words are ranked by the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi
& Quinn, "Fightin' Words", 2008), z-scored by its variance: unlike a raw frequency ratio, it
neither crowns a word seen twice in a handful of mentions nor ignores how common a word is
overall. The prior is the pooled frequency of both sets, so a word common in both scores
near zero. Counts are per mention (a word repeated in one spam post counts once), so that
one long irrelevant text cannot dominate the suggestions.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from app.listening.query.errors import QuerySyntaxError
from app.listening.query.lexer import KEYWORDS, QUOTES
from app.listening.query.nodes import And, Not, Phrase, Prefix, Query, Term, all_atoms
from app.listening.query.stopwords import STOP_WORDS
from app.listening.query.text import WORD_RE, fold_word, words

MIN_COUNT = 2  # a word from a single irrelevant mention is anecdote, not a pattern
# Total pseudo-count of the prior, spread by pooled frequency: enough to temper a word seen
# in two mentions, small next to the few thousand words of a real sample.
PRIOR_MASS = 30.0
# "Rare in the relevant ones": excluding a word costs the relevant mentions that contain
# it, so it must be at least this many times more common (per mention) in the irrelevant.
MIN_SHARE_RATIO = 4.0


def suggest_exclusions(irrelevant: list[str], relevant: list[str], query: Query,
                       limit: int = 5) -> list[str]:
    """Up to `limit` words to offer as `-word`, most telling first, as users write them."""
    if limit <= 0 or not irrelevant:
        return []
    bad, surfaces = _mention_counts(irrelevant)
    good, _ = _mention_counts(relevant)
    blocked, stems = _query_words(query)
    n_bad, n_good = sum(bad.values()), sum(good.values())
    pooled = n_bad + n_good
    ranked: list[tuple[float, int, str]] = []
    for word, y_bad in bad.items():
        if y_bad < MIN_COUNT or word in blocked or word.startswith(stems):
            continue
        y_good = good.get(word, 0)
        if y_good * len(irrelevant) * MIN_SHARE_RATIO > y_bad * len(relevant):
            continue
        alpha = PRIOR_MASS * (y_bad + y_good) / pooled
        ranked.append((_z_score(y_bad, n_bad, y_good, n_good, alpha), y_bad, word))
    ranked.sort(key=lambda r: (-r[0], -r[1], r[2]))
    return [surfaces[word].most_common(1)[0][0] for _, _, word in ranked[:limit]]


def _z_score(y_i: int, n_i: int, y_j: int, n_j: int, alpha: float) -> float:
    delta = (math.log((y_i + alpha) / (n_i + PRIOR_MASS - y_i - alpha))
             - math.log((y_j + alpha) / (n_j + PRIOR_MASS - y_j - alpha)))
    variance = 1 / (y_i + alpha) + 1 / (y_j + alpha)
    return delta / math.sqrt(variance)


def _mention_counts(texts: Iterable[str]) -> tuple[Counter[str], dict[str, Counter[str]]]:
    """Folded word -> number of mentions containing it, and how each is written."""
    counts: Counter[str] = Counter()
    surfaces: dict[str, Counter[str]] = {}
    for text in texts:
        seen: set[str] = set()
        for surface in WORD_RE.findall(text.casefold()):
            folded = fold_word(surface)
            if len(folded) != 1 or not _candidate(folded[0]):
                continue
            seen.add(folded[0])
            surfaces.setdefault(folded[0], Counter())[surface] += 1
        counts.update(seen)
    return counts, surfaces


def _candidate(word: str) -> bool:
    return len(word) >= 2 and not word.isdigit() and word not in STOP_WORDS


def _query_words(query: Query) -> tuple[set[str], tuple[str, ...]]:
    """Words already in the query, wanted or excluded, and its wildcard stems."""
    blocked: set[str] = set()
    stems: list[str] = []
    for atom in all_atoms(query):
        if isinstance(atom, Term):
            blocked.update(words(atom.word))
        elif isinstance(atom, Phrase):
            blocked.update(words(atom.text))
        elif isinstance(atom, Prefix):
            stems.extend(words(atom.stem))
    return blocked, tuple(stems)


def add_exclusion(query: Query, text: str) -> Query:
    """`query` with `-text` added at the top level: `vigie OR veille` becomes
    `(vigie OR veille) -foot`, where appending " -foot" to the text would only have
    narrowed the last alternative."""
    cleaned = " ".join("".join(" " if c in QUOTES else c for c in text).split())
    if not words(cleaned):
        raise QuerySyntaxError("An exclusion needs a word or phrase", 0, len(text))
    single = WORD_RE.fullmatch(cleaned) and cleaned.casefold() not in KEYWORDS
    excluded = Not(Term(cleaned) if single else Phrase(cleaned))
    items = query.items if isinstance(query, And) else (query,)
    return And((*items, excluded))
