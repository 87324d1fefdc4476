"""Query text -> tokens: parentheses, phrases, operators, exclusion dashes and raw words.

Words are classified (term, prefix, filter...) by the parser's atom builders, which know how
to explain what is wrong with one.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.listening.query.errors import QuerySyntaxError

# Operators are case-insensitive; the French ones are there for French-speaking users.
KEYWORDS = {"and": "AND", "et": "AND", "or": "OR", "ou": "OR", "not": "NOT", "sauf": "NOT"}
# Curly and French quotes too: text pasted from a word processor or typed on a phone has them.
QUOTES = "\"“”«»„"
_STOP = "()" + QUOTES


@dataclass(frozen=True, slots=True)
class Token:
    """`kind` is one of ( ) phrase word AND OR NOT - end; `text` is the phrase's inside for
    a phrase, else the token as written. `pos`/`length` span the whole token."""

    kind: str
    text: str
    pos: int
    length: int

    @property
    def end(self) -> int:
        return self.pos + self.length


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "()":
            tokens.append(Token(c, c, i, 1))
            i += 1
        elif c in QUOTES:
            i = _phrase(text, i, tokens)
        elif c == "-":
            i = _dash(text, i, tokens)
        else:
            i = _word(text, i, tokens)
    tokens.append(Token("end", "", n, 0))
    return tokens


def _phrase(text: str, start: int, tokens: list[Token]) -> int:
    end = next((j for j in range(start + 1, len(text)) if text[j] in QUOTES), -1)
    if end < 0:
        raise QuerySyntaxError(
            f"Missing closing quote for the phrase that starts at position {start}",
            start, len(text) - start)
    tokens.append(Token("phrase", text[start + 1:end], start, end - start + 1))
    return end + 1


def _dash(text: str, start: int, tokens: list[Token]) -> int:
    following = text[start + 1:start + 2]
    if not following or following.isspace() or following == ")":
        raise QuerySyntaxError(
            "A '-' must be attached to what it excludes, like -spam or -\"bad buzz\"", start, 1)
    tokens.append(Token("-", "-", start, 1))
    return start + 1


def _word(text: str, start: int, tokens: list[Token]) -> int:
    end = start
    while end < len(text) and not text[end].isspace() and text[end] not in _STOP:
        end += 1
    raw = text[start:end]
    tokens.append(Token(KEYWORDS.get(raw.casefold(), "word"), raw, start, end - start))
    return end
