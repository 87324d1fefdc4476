"""Word folding and tokenizing shared by queries and documents.

Both sides go through the same functions, so a query word matches a document word exactly
when their folded forms are equal: casefolded, NFKD-decomposed, combining marks removed
(`Café` == `cafe`, `Straße` == `strasse`, full-width letters == ASCII ones).

Speed matters (every collected item is matched): ASCII text is only lowercased and split;
other text is lowercased, split, and each word folded through a cache, since the words of a
language repeat far more than texts do.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache

# Combining diacritics stay inside a word so decomposed input ("e" + U+0301) is not cut in
# two; the rarer marks of other scripts split words, identically in queries and documents.
_WORD_CHARS = r"\w\u0300-\u036f"
WORD_RE = re.compile(rf"[{_WORD_CHARS}]+")
# \x1f separates title from text so that a phrase never spans both.
DOC_TOKEN_RE = re.compile(rf"[{_WORD_CHARS}]+|\x1f")
TAG_RE = re.compile(rf"(?<![{_WORD_CHARS}])([#@])([{_WORD_CHARS}]+)")
FIELD_SEPARATOR = "\x1f"


@lru_cache(maxsize=1)
def _marks_re() -> re.Pattern[str]:
    # Built once per process (~0.1 s): a character class of every combining mark. Only used
    # on single words, where its cost does not show.
    marks = [c for c in map(chr, range(sys.maxunicode + 1)) if unicodedata.category(c)[0] == "M"]
    return re.compile("[" + "".join(re.escape(c) for c in marks) + "]+")


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():
        return decomposed
    return _marks_re().sub("", decomposed)


@lru_cache(maxsize=65536)
def fold_word(word: str) -> tuple[str, ...]:
    """The folded word(s) of one token: a compatibility form may split it (`½` -> 1, 2)."""
    if word.isascii():
        return (word.lower(),)
    folded = _strip_marks(word.casefold()).casefold()
    return tuple(WORD_RE.findall(folded))


class _FoldCache(dict[str, str]):
    """Lowercased token -> its folded word(s) joined by spaces, filled on first sight.

    A plain dict lookup per token is the cheapest fold there is; clearing it when full keeps
    a long-running worker's memory bounded without the cost of LRU bookkeeping.
    """

    LIMIT = 200_000

    def __init__(self) -> None:
        super().__init__()
        self.splitting: set[str] = set()  # tokens that fold to several words (rare)

    def __missing__(self, token: str) -> str:
        if len(self) >= self.LIMIT:
            self.clear()
        folded = fold_word(token)
        value = " ".join(folded)
        if len(folded) != 1:
            self.splitting.add(token)
        self[token] = value
        return value


_FOLDED = _FoldCache()


def _fold_tokens(tokens: list[str]) -> list[str]:
    folded = [_FOLDED[token] for token in tokens]
    if _FOLDED.splitting and not _FOLDED.splitting.isdisjoint(tokens):
        return [word for value in folded for word in value.split(" ") if word]
    return folded


def words(text: str) -> list[str]:
    """The folded words of a text, in order."""
    lowered = text.lower()
    found = WORD_RE.findall(lowered)
    return found if lowered.isascii() else _fold_tokens(found)


def doc_tokens(text: str) -> list[str]:
    """Like `words`, keeping the field separators."""
    lowered = text.lower()
    found = DOC_TOKEN_RE.findall(lowered)
    return found if lowered.isascii() else _fold_tokens(found)


def tags(text: str) -> list[str]:
    """Hashtags and mentions, folded, with their sigil: `#vigie`, `@agence`."""
    out: list[str] = []
    for sigil, word in TAG_RE.findall(text):
        folded = fold_word(word)
        if folded:
            out.append(sigil + folded[0])
    return out


def trim(token: str) -> str:
    """The token without the punctuation around it (`+vigie!` -> `vigie`)."""
    spans = [m.span() for m in WORD_RE.finditer(token)]
    return token[spans[0][0]:spans[-1][1]] if spans else ""
