"""Load the base lexicons from files that ship inside installed packages (nothing is
downloaded), and compile them with each language's rules once per process."""

from functools import cache
from importlib.resources import files

from app.listening.sentiment import lexicon_en, lexicon_fr
from app.listening.sentiment.engine import CompiledRules, compile_rules
from app.listening.sentiment.rules import LanguageRules

SUPPORTED_LANGS = ("en", "fr")
_RULES: dict[str, LanguageRules] = {"en": lexicon_en.RULES, "fr": lexicon_fr.RULES}


def _vader_english() -> dict[str, float]:
    # vader_lexicon.txt: "token<TAB>mean valence<TAB>std<TAB>raw ratings", MIT, in the wheel.
    text = files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8")
    entries = (line.split("\t") for line in text.splitlines() if line.strip())
    return {fields[0]: float(fields[1]) for fields in entries}


def _vader_french() -> dict[str, float]:
    # fr_lexicon.txt: "token->valence", vendored from vaderSentiment-fr (see LICENSE-vader-fr).
    path = files("app.listening.sentiment").joinpath("data", "fr_lexicon.txt")
    entries = (line.rsplit("->", 1) for line in path.read_text(encoding="utf-8").splitlines())
    return {word: float(value) for word, value in entries if word}


_BASE = {"en": _vader_english, "fr": _vader_french}


@cache
def compiled_rules(lang: str, *, domain: bool = True) -> CompiledRules:
    """Compiled rules for `lang`; `domain=False` gives the bare lexicon, for comparisons."""
    rules = _RULES[lang]
    if not domain:
        rules = LanguageRules(
            lang=rules.lang, negators=rules.negators, ne_particles=rules.ne_particles,
            ne_negators=rules.ne_negators, boosters=rules.boosters,
            postposed_boosters=frozenset(), contrasts=rules.contrasts, expected={},
            absence_after=frozenset(), post_negators=frozenset(), persistence=frozenset(),
            ironic_closers=frozenset(),
            domain={}, elision=rules.elision,
        )
    return compile_rules(rules, _BASE[lang]())
