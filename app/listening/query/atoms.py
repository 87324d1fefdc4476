"""Raw words and phrases -> validated atoms (Term, Prefix, Phrase, Filter).

Leniency where intent is clear (`+vigie!` is the word vigie, `e-commerce` the phrase
"e-commerce", `LANG:FR` is lang:fr), an error that says how to fix it everywhere else.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from app.listening.query.errors import QuerySyntaxError
from app.listening.query.lexer import KEYWORDS, Token
from app.listening.query.nodes import FILTERS, SOURCES, Atom, Filter, Phrase, Prefix, Tag, Term
from app.listening.query.text import WORD_RE, trim, words

# A shorter stem (`a*`) would match a large share of all words.
MIN_STEM = 2
_FILTER_RE = re.compile(r"([A-Za-z]+):(.*)")
_LANG_RE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")
_HOST_RE = re.compile(r"(?:[\w-]+\.)+[\w-]+")
_EXAMPLES = {"lang": "lang:fr", "site": "site:example.com", "source": "source:reddit"}


def phrase_atom(token: Token) -> Phrase:
    text = " ".join(token.text.split())
    if not text:
        raise QuerySyntaxError("Empty phrase: put at least one word between the quotes",
                               token.pos, token.length)
    if not words(text):
        raise QuerySyntaxError("This phrase has no letters or digits to search for",
                               token.pos, token.length)
    return Phrase(text)


def word_atom(token: Token) -> Atom:
    raw = token.text
    match = _FILTER_RE.fullmatch(raw)
    if match:
        return _filter(match, token)
    if "*" in raw:
        return _prefix(raw, token)
    tag, body = _split_tag(raw)
    found = words(body)
    if not found:
        raise QuerySyntaxError(f"'{raw}' has no letters or digits to search for",
                               token.pos, token.length)
    if len(found) > 1:  # e-commerce, l'oréal, vigie.fr: the words in sequence
        return Phrase(trim(raw))
    word = trim(body)
    if not tag and word.casefold() in KEYWORDS:  # `!or` means the word "or"; printed quoted
        return Phrase(word)
    return Term(word, tag)


def _split_tag(raw: str) -> tuple[Tag, str]:
    # The sigil counts only when it touches the word, as in a post: `#vigie`, `@agence`.
    if raw[:1] == "#" and WORD_RE.match(raw, 1):
        return "#", raw[1:]
    if raw[:1] == "@" and WORD_RE.match(raw, 1):
        return "@", raw[1:]
    return "", raw


def _prefix(raw: str, token: Token) -> Prefix:
    star = raw.index("*")
    if star != len(raw) - 1:
        raise QuerySyntaxError("'*' is only allowed at the end of a word, like vig*",
                               token.pos + star, 1)
    tag, body = _split_tag(raw[:-1])
    found = words(body)
    if not found:
        raise QuerySyntaxError("A '*' must end a word, like vig*", token.pos + star, 1)
    if len(found) > 1:
        raise QuerySyntaxError("A '*' can only end a single word, like vig* (not a phrase)",
                               token.pos, token.length)
    if len(found[0]) < MIN_STEM:
        raise QuerySyntaxError(f"Put at least {MIN_STEM} letters or digits before '*'",
                               token.pos, token.length)
    return Prefix(trim(body), tag)


def _filter(match: re.Match[str], token: Token) -> Filter:
    written, value = match.group(1), match.group(2)
    name = written.casefold()
    if name not in FILTERS:
        raise QuerySyntaxError(
            f"Unknown filter '{written}:'; the filters are lang:, site: and source: "
            "(to search for this text, put it in quotes)", token.pos, len(written) + 1)
    if not value:
        raise QuerySyntaxError(
            f"'{name}:' needs a value right after the colon, like {_EXAMPLES[name]}",
            token.pos, token.length)
    return Filter(name, _VALIDATORS[name](value, token.pos + match.start(2)))


def _lang(value: str, pos: int) -> str:
    code = value.casefold().replace("_", "-")
    if not _LANG_RE.fullmatch(code):
        raise QuerySyntaxError(
            f"'{value}' is not a language code; use a code like lang:fr or lang:pt-br",
            pos, len(value))
    return code


def _site(value: str, pos: int) -> str:
    host = value.casefold().rstrip(".")
    host = host.removeprefix("*.")  # subdomains are always included
    if "/" in host or ":" in host:
        raise QuerySyntaxError(
            "site: takes a domain name only, like site:example.com (no https:// and no path)",
            pos, len(value))
    if not _HOST_RE.fullmatch(host):
        raise QuerySyntaxError(
            f"'{value}' is not a domain name; use one like site:example.com", pos, len(value))
    return host


def _source(value: str, pos: int) -> str:
    source = value.casefold()
    if source not in SOURCES:
        raise QuerySyntaxError(
            f"Unknown source '{value}'; the sources are {', '.join(SOURCES)}", pos, len(value))
    return source


_VALIDATORS: dict[str, Callable[[str, int], str]] = {
    "lang": _lang, "site": _site, "source": _source}
