"""Turn a social-media post into scored-ready tokens.

URLs and @mentions are dropped (a handle like @SuperU must not read as "super"), hashtags
are split into words (#BoycottNovafone -> boycott novafone), emojis, emoticons and ratings
become tokens with a fixed valence, and punctuation closes a clause so that a negation or
an intensifier never reaches across a comma or a full stop.
"""

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Container
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain
from typing import NamedTuple

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


@dataclass(slots=True)
class Scan:
    """The tokens of `tokenize` as parallel data, which the scoring engine works on: most
    tokens are a plain lower-case word, so the rare properties are kept by token index
    rather than as one object per token."""

    words: list[str]  # each token's text (Token.text)
    clauses: list[int]  # each token's clause, non-decreasing
    caps: set[int]  # tokens written in capitals
    fixed: dict[int, float]  # tokens whose valence is already known
    quoted: set[int]  # tokens inside quotation marks
    exclamations: int
    questions: int
    asked: frozenset[int]  # clauses closed by a question mark


@lru_cache(maxsize=65536)  # posts reuse the same few thousand words
def fold(word: str) -> str:
    """Lower-case, strip accents and normalise apostrophes, as users type without them."""
    decomposed = unicodedata.normalize("NFKD", word.lower().replace("\u2019", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokenize(text: str, *, elision: bool, known: Container[str]) -> Tokenized:
    """Split *text*; `known` is the lexicon, used to keep "rip-off" whole but split "mois-ci"."""
    s = scan(text, elision=elision, known=known, chunks=ChunkCache())
    tokens = [Token(word, clause, i in s.caps, s.fixed.get(i), i in s.quoted)
              for i, (word, clause) in enumerate(zip(s.words, s.clauses, strict=True))]
    return Tokenized(tokens, s.exclamations, s.questions, s.asked)


class _Marked(NamedTuple):
    """A token that is not a plain lower-case word: capitals, emoji, emoticon, rating."""

    text: str
    caps: bool
    fixed: float | None


class _Break(NamedTuple):
    """The end of a clause: punctuation."""

    question: bool  # closed by a question mark


# What tokenizing yields, in order: a str is a plain token, a _Break closes a clause, a
# _Marked is any other token. Most items are plain words: a flat list of them is built with
# C-level iteration and only the others are looked at one by one (see `_assemble`).
_Item = str | _Marked | _Break
_BREAK, _ASKED = _Break(False), _Break(True)
# In every rating with a space: a digit before " /", or "/ " before 5, 10, 20 or 100.
_SPACED_RATING = re.compile(r"\d /|/ [125]")
_STARS_RE = re.compile(f"(?i:{signals.STARS_PATTERN})")
_CHUNK_CACHE_SIZE = 50_000  # per lexicon; a few MB, replaced whole when full


class ChunkCache:
    """What each space-separated chunk of text tokenizes to, for one `elision` and `known`
    (callers keep one per lexicon): posts reuse the same chunks ("remboursement,", "l'app").

    Chunks with a slash, a quote that may open a span, or what may be a star count are also
    flagged: a text with none of them needs neither the regex nor the search for quoted
    spans. Both are kept in one tuple, replaced rather than cleared when full, so that a
    thread still reading the old one sees each chunk with its flag."""

    def __init__(self) -> None:
        self._state: tuple[dict[str, tuple[_Item, ...]], set[str]] = ({}, set())

    def entries(self, pieces: list[str], elision: bool,
                known: Container[str]) -> tuple[list[tuple[_Item, ...]], bool]:
        """The items of each chunk, and whether no chunk is flagged (False when unsure)."""
        items, flagged = self._state
        entries = list(map(items.get, pieces))
        if None not in entries:  # most posts
            return entries, flagged.isdisjoint(pieces)
        if len(items) >= _CHUNK_CACHE_SIZE:
            self._state = items, flagged = {}, set()
        for k, piece in enumerate(pieces):
            if entries[k] is None:
                if "/" in piece or _may_quote(piece) or _may_star(piece):
                    flagged.add(piece)  # before the items: whoever finds them finds it
                entries[k] = items[piece] = tuple(_match_items(piece, (), elision, known)[0])
        return entries, False


def scan(text: str, *, elision: bool, known: Container[str], chunks: ChunkCache) -> Scan:
    """Tokenize *text* into a `Scan`.

    A text is tokenized chunk by chunk (between spaces), each chunk once per lexicon (see
    `ChunkCache`): no token but a rating or a star count can hold a space, and the token
    pattern's lookarounds and word boundaries see a space as they see the edge of a string.
    Texts with such a rating, or with a star count (read in context: "hôtel 4 étoiles"),
    are tokenized by the regex alone; in a text with quoted spans, the chunks they cover
    are tokenized again to know where each token starts."""
    pieces = text.split(" ")
    entries, plain = chunks.entries(pieces, elision, known)
    quoted: list[int] = []
    if not plain:
        if _needs_regex(text):
            spans = [m.span() for m in _QUOTED_RE.finditer(text)] if _may_quote(text) else []
            return _assemble(text, *_match_items(text, spans, elision, known))
        if _may_quote(text):
            quoted = _quoted_items(text, pieces, entries, elision, known)
    return _assemble(text, list(chain.from_iterable(entries)), quoted)


def _quoted_items(text: str, pieces: list[str], entries: list[tuple[_Item, ...]],
                  elision: bool, known: Container[str]) -> list[int]:
    """Positions, among the items of all `entries`, of the tokens that start inside a quoted
    span: the chunks a span covers are tokenized again, with their offsets."""
    spans = [m.span() for m in _QUOTED_RE.finditer(text)]
    if not spans:
        return []
    offsets = list(accumulate([len(piece) + 1 for piece in pieces], initial=0))
    firsts = list(accumulate(map(len, entries), initial=0))  # each chunk's first item
    covered = sorted({k for start, end in spans
                      for k in range(bisect_right(offsets, start) - 1, bisect_left(offsets, end))})
    quoted: list[int] = []
    for k in covered:
        local = [(start - offsets[k], end - offsets[k]) for start, end in spans]
        quoted += [firsts[k] + i for i in _match_items(pieces[k], local, elision, known)[1]]
    return quoted


def _assemble(text: str, items: list[_Item], quoted: list[int]) -> Scan:
    """Take the clause breaks out of `items`, and the flags out of its `_Marked` tokens;
    `quoted` are positions in `items`."""
    words: list = []  # of str, and of _Marked until their flags are taken out
    clauses: list[int] = []
    breaks: list[int] = []  # their positions in items
    asked: list[int] = []
    marked: list[tuple[int, _Marked]] = []
    start = 0  # where the current clause starts in items
    for at in [at for at, item in enumerate(items) if item.__class__ is not str]:
        item = items[at]
        if item.__class__ is _Marked:
            marked.append((len(words) + at - start, item))  # type: ignore[arg-type]
            continue
        words += items[start:at]
        clauses += [len(breaks)] * (at - start)
        if item.question:  # type: ignore[union-attr]
            asked.append(len(breaks))
        breaks.append(at)
        start = at + 1
    words += items[start:]
    clauses += [len(breaks)] * (len(items) - start)
    caps: set[int] = set()
    fixed: dict[int, float] = {}
    for i, (word, capitals, valence) in marked:
        words[i] = word
        if capitals:
            caps.add(i)
        if valence is not None:
            fixed[i] = valence
    return Scan(words, clauses, caps, fixed, {at - bisect_left(breaks, at) for at in quoted},
                min(text.count("!"), 4), text.count("?"), frozenset(asked))


def _match_items(text: str, spans: list[tuple[int, int]], elision: bool,
                 known: Container[str]) -> tuple[list[_Item], list[int]]:
    """The items of *text*, and the positions of those inside a quoted span."""
    items: list[_Item] = []
    quoted: list[int] = []
    last = ""  # the last token's text
    for match in _token_pattern(text).finditer(text):
        kind = match.lastgroup or ""  # every alternative is a named group
        if kind == "stars" and last in _STAR_CLASSED:
            continue  # "hôtel 4 étoiles" is a category, not a review
        new = _items(kind, match.group(kind), elision, known)
        tokens = [len(items) + k for k, item in enumerate(new) if item.__class__ is not _Break]
        if tokens:
            item = new[tokens[-1] - len(items)]
            last = item.text if item.__class__ is _Marked else item  # type: ignore[union-attr]
        if spans and any(start < match.start() < end for start, end in spans):
            quoted += tokens
        items += new
    return items, quoted


def _may_quote(text: str) -> bool:
    """Whether `_QUOTED_RE` could match: its spans open on a quote that follows no word
    character, and most apostrophes are inside words ("l'app", "don't")."""
    if '"' in text or "\u201c" in text:
        return True
    for quote in ("'", "\u2018"):
        at = text.find(quote)
        while at >= 0:
            if at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_"):  # regex's \w
                return True
            at = text.find(quote, at + 1)
    return False


def _needs_regex(text: str) -> bool:
    """Whether *text* may hold a rating with a space ("3 / 5") or any star count: cheap
    tests first, then the star count's own pattern."""
    if "/" in text and _SPACED_RATING.search(text):
        return True
    return _may_star(text) and _STARS_RE.search(text) is not None


def _may_star(text: str) -> bool:
    """Whether the case-insensitive star count pattern could match: lower-casing finds its
    "star" and "étoile" but for the three letters IGNORECASE also takes for s and i."""
    low = text.lower()
    return "star" in low or "étoile" in low or "\u017f" in text or "\u0130" in text \
        or "\u0131" in text


def _items(kind: str, value: str, elision: bool, known: Container[str]) -> list[_Item]:
    if kind == "word":
        parts, caps = _word_parts(value, elision, known)
        return [_Marked(part, True, None) for part in parts] if caps else list(parts)
    if kind == "punct":
        return [_ASKED if "?" in value else _BREAK]
    if kind in ("rating", "stars"):
        return [_Marked("<rating>", False, signals.rating_valence(value))]
    if kind == "emoticon":
        return [_Marked(value, False, signals.EMOTICON_VALENCE.get(value, 0.0))]
    if kind == "emoji":
        return [_Marked(value, False, signals.emoji_valence(value))]
    if kind == "hashtag":
        return [fold(part) for part in _CAMEL_RE.findall(value) or [value]]
    return []  # URLs and @mentions say nothing about the writer's feelings


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
