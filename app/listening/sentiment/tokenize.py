"""Turn a social-media post into scored-ready tokens.

URLs and @mentions are dropped (a handle like @SuperU must not read as "super"), hashtags
are split into words (#BoycottNovafone -> boycott novafone), emojis, emoticons and ratings
become tokens with a fixed valence, and punctuation closes a clause so that a negation or
an intensifier never reaches across a comma or a full stop.
"""

import re
import unicodedata
from collections.abc import Container
from dataclasses import dataclass
from functools import lru_cache

from app.listening.sentiment import signals

# French elided words, as written before the apostrophe, and the word they stand for.
_ELIDED = {
    "c": "ce", "d": "de", "j": "je", "l": "le", "m": "me", "n": "ne", "qu": "que", "s": "se",
    "t": "te", "jusqu": "jusque", "lorsqu": "lorsque", "puisqu": "puisque", "quoiqu": "quoique",
}
# Apostrophes that belong to the word rather than mark an elision.
_WHOLE_WORDS = frozenset({"aujourd'hui", "prud'hommes", "presqu'ile", "quelqu'un"})

# The alternatives of one token, in the order they are tried; each optional one with a
# cheap test that the text could contain it at all. Only the alternatives with letters are
# case-insensitive: IGNORECASE on the word class makes every character slower to match.
_ALTERNATIVES: tuple[tuple[str, str, re.Pattern[str] | None], ...] = (
    ("url", r"(?P<url>(?i:https?://|www\.)\S+)", re.compile(r"http|www\.", re.IGNORECASE)),
    ("mention", r"(?P<mention>@\w+)", re.compile("@")),
    ("rating", rf"(?P<rating>{signals.RATING_PATTERN})", re.compile("/")),
    ("stars", rf"(?P<stars>(?i:{signals.STARS_PATTERN}))",
     re.compile("étoile|star", re.IGNORECASE)),
    ("emoticon", rf"(?<![\w])(?P<emoticon>(?i:{signals.EMOTICON_PATTERN}))(?![\w])",
     re.compile(r"[:;=<]|xd", re.IGNORECASE)),
    ("emoji", rf"(?P<emoji>{signals.EMOJI_PATTERN})", re.compile(signals.EMOJI_PATTERN)),
    ("hashtag", r"\#(?P<hashtag>\w+)", re.compile("#")),
    ("word", r"(?P<word>[^\W_](?:[\w'\u2019-]*[^\W_])?)", None),
    ("punct", r"(?P<punct>[.!?;:,…\n]+)", None),
)


@lru_cache(maxsize=128)
def _token_re(kinds: frozenset[str]) -> re.Pattern[str]:
    return re.compile("|".join(p for name, p, _ in _ALTERNATIVES if name in kinds))


def _token_pattern(text: str) -> re.Pattern[str]:
    """The token pattern without the alternatives that cannot match anywhere in `text`:
    the same tokens, since the dropped ones never win, but most posts (words and
    punctuation only) no longer try eight alternatives at every character."""
    return _token_re(frozenset(name for name, _, needed in _ALTERNATIVES
                               if needed is None or needed.search(text)))


_TOKEN_RE = _token_re(frozenset(name for name, _, _ in _ALTERNATIVES))
# A short quoted span in straight or curly quotes; inner apostrophes ("doesn't") are kept.
_QUOTED_RE = re.compile(
    "(?<!\\w)(?:\"([^\"\\n]{1,60})\"|\u201c([^\u201d\\n]{1,60})\u201d"
    "|['\u2018]((?:[^'\u2018\u2019\\n]|['\u2019](?=\\w)){1,60}?)['\u2019](?!\\w))"
)
_QUOTES = re.compile("[\"'\u2018\u201c]")
_STAR_CLASSED = frozenset({"hotel", "hotels", "palace", "camping", "restaurant"})
_CAMEL_RE = re.compile(r"[A-ZÀ-Ý]?[a-zà-ÿ]+|[A-ZÀ-Ý]+(?![a-zà-ÿ])|\d+")


@dataclass(slots=True)
class Token:
    text: str  # lower-cased, accents folded
    clause: int
    caps: bool = False  # written in capitals ("NUL"), an emphasis when the rest is not
    fixed: float | None = None  # valence already known (emoji, emoticon, rating)
    quoted: bool = False  # inside quotation marks: "upgraded", 'quick'


@dataclass(slots=True)
class Tokenized:
    tokens: list[Token]
    exclamations: int
    questions: int
    asked: frozenset[int] = frozenset()  # clauses closed by a question mark


@lru_cache(maxsize=65536)  # posts reuse the same few thousand words
def fold(word: str) -> str:
    """Lower-case, strip accents and normalise apostrophes, as users type without them."""
    decomposed = unicodedata.normalize("NFKD", word.lower().replace("\u2019", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokenize(text: str, *, elision: bool, known: Container[str]) -> Tokenized:
    """Split *text*; `known` is the lexicon, used to keep "rip-off" whole but split "mois-ci"."""
    tokens: list[Token] = []
    clause = 0
    asked: set[int] = set()
    spans = [m.span() for m in _QUOTED_RE.finditer(text)] if _QUOTES.search(text) else []
    for match in _token_pattern(text).finditer(text):
        kind, value = match.lastgroup, match.group(match.lastgroup or 0)
        before = len(tokens)
        if kind == "word":  # most tokens: tested first
            parts, caps = _word_parts(value, elision, known)
            tokens.extend([Token(part, clause, caps) for part in parts])
        elif kind == "punct":
            if "?" in value:
                asked.add(clause)
            clause += 1
        elif kind == "stars" and tokens and tokens[-1].text in _STAR_CLASSED:
            continue  # "hôtel 4 étoiles" is a category, not a review
        elif kind in ("rating", "stars"):
            tokens.append(Token("<rating>", clause, fixed=signals.rating_valence(value)))
        elif kind == "emoticon":
            tokens.append(Token(value, clause, fixed=signals.EMOTICON_VALENCE.get(value, 0.0)))
        elif kind == "emoji":
            tokens.append(Token(value, clause, fixed=signals.emoji_valence(value)))
        elif kind == "hashtag":
            for part in _CAMEL_RE.findall(value) or [value]:
                tokens.append(Token(fold(part), clause))
        if spans and any(start < match.start() < end for start, end in spans):
            for token in tokens[before:]:
                token.quoted = True
    return Tokenized(tokens, min(text.count("!"), 4), text.count("?"), frozenset(asked))


# raw word -> (the lexicon it was split against, its parts, written in capitals). Posts
# reuse the same few thousand words, and folding and splitting cost more than a lookup.
_WORD_CACHE: dict[tuple[str, bool, int], tuple[Container[str], tuple[str, ...], bool]] = {}
_WORD_CACHE_SIZE = 50_000  # a few MB; cleared whole when full


def _word_parts(raw: str, elision: bool, known: Container[str]) -> tuple[tuple[str, ...], bool]:
    key = (raw, elision, id(known))
    cached = _WORD_CACHE.get(key)
    if cached is not None and cached[0] is known:
        return cached[1], cached[2]
    if len(_WORD_CACHE) >= _WORD_CACHE_SIZE:
        _WORD_CACHE.clear()
    caps = raw.isupper() and len(raw) > 1
    folded = fold(raw)
    split = [folded]
    if elision and "'" in folded and folded not in _WHOLE_WORDS:
        split = _split_elision(folded)
    parts: list[str] = []
    for part in split:
        if "-" in part and part not in known:
            parts.extend(p for p in part.split("-") if p)
        else:
            parts.append(part)
    _WORD_CACHE[key] = (known, tuple(parts), caps)
    return tuple(parts), caps


def split_words(phrase: str, elision: bool) -> list[str]:
    """The words of an already folded phrase, elisions split as in running text."""
    words: list[str] = []
    for word in phrase.split():
        elided = elision and "'" in word and word not in _WHOLE_WORDS
        words.extend(_split_elision(word) if elided else [word])
    return words


def _split_elision(word: str) -> list[str]:
    head, _, rest = word.partition("'")
    words = [_ELIDED.get(head, head)] if head else []
    if rest:
        words.extend(_split_elision(rest) if "'" in rest else [rest])
    return words
