"""VADER-style scoring, shared by every language.

The algorithm follows VADER (Hutto & Gilbert, 2014): per-word valences, shifted by
intensifiers and capitals, flipped by a negation in the three preceding words, weighted
around a contrast ("but"/"mais"), summed, emphasised by "!", and squashed into [-1, 1] with
x / sqrt(x² + 15). It is re-implemented rather than subclassed because vaderSentiment keeps
its negators and boosters in module globals, so one process could not hold two languages.
Additions for brand talk: multi-word entries, French "ne ... pas" around the verb and
spoken French's "je recommande pas", words that only matter when absent ("toujours pas de
remboursement"), "still"/"toujours" before a negation, boosters that count as opinions when
they stand alone ("Super !"), one narrow irony rule (a lone "Great..." after a complaint), and
per-language discourse cues (questions, announcements, scare quotes, sarcasm, grievance
shapes: see cues.py), applied before that irony rule.
"""

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import compress, count, pairwise
from operator import attrgetter
from typing import NamedTuple

from app.listening.sentiment.cues import Cues, apply_cues
from app.listening.sentiment.rules import B_INCR, C_INCR, N_SCALAR, LanguageRules
from app.listening.sentiment.tokenize import ChunkCache, Scan, fold, scan, split_words

_ALPHA = 15.0  # VADER's normalisation constant
_WINDOW = 3  # how many preceding words a negation or an intensifier reaches
_DAMPING = (1.0, 0.95, 0.9)  # an intensifier's weight, one, two and three words away
_REPEATS = re.compile(r"(.)\1{2,}")
_PARTITIVES = frozenset({"de", "du", "des", "d"})
_PERSISTENCE = -1.2  # about "annoying": the negation that follows adds its own evidence
_VOCABULARY_SIZE = 50_000  # distinct token texts described per rule set; cleared when full


@dataclass(frozen=True, slots=True)
class Word:
    """Every role one token text plays in the rules, looked up once per distinct text
    rather than set by set for every token of every post."""

    text: str  # the lexicon form: elongations undone ("nuuuul" -> "nul")
    valence: float  # before any modifier; for an expected word, its valence when present
    expected: tuple[float, float] | None
    # can score at all: every other token scores 0 without running the rules
    active: bool
    booster: bool
    scalar: float  # the booster's shift (0.0 when not a booster)
    postposed: bool  # a booster that follows its word: "good af"
    persistence: bool  # "still", "toujours"
    negator: bool
    ne_particle: bool
    ne_negator: bool
    post_negator: bool
    absence: bool  # marks the expected word before it absent: "covers nothing"
    contrast: bool
    partitive: bool
    # any of the roles that act on a neighbour: intensifying, negating, marking absence
    modifies: bool


_TEXT, _ACTIVE, _CONTRAST = attrgetter("text"), attrgetter("active"), attrgetter("contrast")
_MODIFIES, _NEGATOR, _ABSENCE = attrgetter("modifies"), attrgetter("negator"), attrgetter("absence")
_NE_PARTICLE, _NE_NEGATOR = attrgetter("ne_particle"), attrgetter("ne_negator")


class _Vocabulary(dict[str, Word]):
    """Token text -> its `Word`, described on first sight."""

    def __init__(self, rules: "CompiledRules", *, symbols: bool) -> None:
        super().__init__()
        self._rules = rules
        self._symbols = symbols  # emojis, emoticons, ratings: neither undone nor scored

    def __missing__(self, text: str) -> Word:
        if len(self) >= _VOCABULARY_SIZE:
            self.clear()
        form = text if self._symbols else _lookup(text, self._rules)
        word = self[text] = _describe(form, self._rules, scored=not self._symbols)
        return word


@dataclass(frozen=True)
class CompiledRules:
    lang: str
    lexicon: dict[str, float]
    expected: dict[str, tuple[float, float]]
    absence_after: frozenset[str]
    post_negators: frozenset[str]
    persistence: frozenset[str]
    ironic_closers: frozenset[str]
    negators: frozenset[str]
    ne_particles: frozenset[str]
    ne_negators: frozenset[str]
    boosters: dict[str, float]
    postposed: frozenset[str]
    contrasts: frozenset[str]
    phrases: frozenset[str]
    # (first word, second word) -> longest length of the multi-word entries they open, so
    # that most words skip the join
    phrase_starts: dict[tuple[str, str], int]
    elision: bool
    cues: Cues | None = None
    # caches filled as posts are scored: what each chunk of text tokenizes to (see `scan`),
    # and what each token text is to these rules (see `Word`)
    chunks: ChunkCache = field(init=False, repr=False, compare=False)
    vocabulary: _Vocabulary = field(init=False, repr=False, compare=False)
    symbols: _Vocabulary = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "chunks", ChunkCache())
        object.__setattr__(self, "vocabulary", _Vocabulary(self, symbols=False))
        object.__setattr__(self, "symbols", _Vocabulary(self, symbols=True))


def compile_rules(rules: LanguageRules, base: dict[str, float]) -> CompiledRules:
    """Normalise every key as text is, and lay the domain layer over the base (domain wins)."""

    def key(entry: str) -> str:
        # "c'est du vol" must match the tokens "ce est du vol"
        return " ".join(split_words(fold(entry), rules.elision))

    lexicon = {fold(k): v for k, v in base.items()}
    lexicon.update({key(k): v for k, v in rules.domain.items()})
    negators = frozenset(key(w) for w in rules.negators)
    for word in negators:  # a negator carries no valence of its own ("no" is -1.2 in VADER)
        lexicon.pop(word, None)
    expected = {key(k): v for k, v in rules.expected.items()}
    boosters = {key(k): v for k, v in rules.boosters.items()}
    contrasts = frozenset(key(w) for w in rules.contrasts)
    closers = [key(w) for w in rules.ironic_closers]
    vocabulary = [*lexicon, *expected, *boosters, *negators, *contrasts, *closers]
    phrases = frozenset(w for w in vocabulary if " " in w)
    starts: dict[tuple[str, str], int] = {}
    for phrase in phrases:
        first, second, *_ = words = phrase.split(" ")
        starts[first, second] = max(starts.get((first, second), 0), len(words))
    return CompiledRules(
        lang=rules.lang, lexicon=lexicon, expected=expected, negators=negators,
        absence_after=frozenset(key(w) for w in rules.absence_after),
        post_negators=frozenset(key(w) for w in rules.post_negators),
        persistence=frozenset(key(w) for w in rules.persistence),
        ironic_closers=frozenset(key(w) for w in rules.ironic_closers),
        ne_particles=frozenset(key(w) for w in rules.ne_particles),
        ne_negators=frozenset(key(w) for w in rules.ne_negators), boosters=boosters,
        postposed=frozenset(key(w) for w in rules.postposed_boosters), contrasts=contrasts,
        phrases=phrases, phrase_starts=starts,
        elision=rules.elision, cues=rules.cues,
    )


def _describe(text: str, rules: CompiledRules, *, scored: bool) -> Word:
    expected = rules.expected.get(text)
    valence = expected[0] if expected is not None else rules.lexicon.get(text, 0.0)
    persistence = text in rules.persistence
    roles = {
        "scalar": rules.boosters.get(text, 0.0), "postposed": text in rules.postposed,
        "negator": text in rules.negators or text.endswith("n't"),
        "ne_particle": text in rules.ne_particles, "ne_negator": text in rules.ne_negators,
        "post_negator": text in rules.post_negators, "absence": text in rules.absence_after,
    }
    return Word(
        text=text, valence=valence, expected=expected,
        active=scored and (bool(valence) or expected is not None or persistence),
        booster=text in rules.boosters, persistence=persistence,
        contrast=text in rules.contrasts, partitive=text in _PARTITIVES,
        modifies=any(roles.values()), **roles,
    )


class Scored(NamedTuple):
    score: float  # in [-1, 1]
    hits: int  # tokens that carried a valence: how much evidence the score rests on


def score_text(text: str, rules: CompiledRules) -> Scored:
    tokens = scan(text, elision=rules.elision, known=rules.lexicon, chunks=rules.chunks)
    _merge_phrases(tokens, rules)
    words = _words(tokens, rules)
    emphasis = _caps_emphasis(tokens)
    valences = [0.0] * len(words)
    for i in compress(range(len(words)), map(_ACTIVE, words)):  # most words: no valence
        valences[i] = _valence(i, words, tokens, rules, emphasis)
    for i, value in tokens.fixed.items():
        valences[i] = value
    _weigh_contrast(words, valences)
    shape = 0.0
    if rules.cues:
        tokens.words = list(map(_TEXT, words))  # the cues read the lexicon forms
        shape = apply_cues(text, tokens, valences, rules.cues)
    _read_irony(words, tokens, valences, rules)
    total = sum(valences) + shape
    if total:
        total += math.copysign(tokens.exclamations * 0.292 + _question_emphasis(
            tokens.questions), total)
    score = max(-1.0, min(1.0, total / math.sqrt(total * total + _ALPHA)))
    return Scored(round(score, 4), len(valences) - valences.count(0.0) + bool(shape))


def _words(tokens: Scan, rules: CompiledRules) -> list[Word]:
    """Describe each token: every later rule reads its lexicon form and roles."""
    words = list(map(rules.vocabulary.__getitem__, tokens.words))
    for i in tokens.fixed:
        words[i] = rules.symbols[tokens.words[i]]
    return words


def _merge_phrases(tokens: Scan, rules: CompiledRules) -> None:
    """Greedily join the longest known multi-word entry inside one clause."""
    starts, texts, clauses, fixed = rules.phrase_starts, tokens.words, tokens.clauses, tokens.fixed
    merges: list[tuple[int, int, str]] = []  # (first token, length, entry)
    free = 0  # tokens before this one are already in a merged entry
    for i in compress(count(), map(starts.__contains__, pairwise(texts))):
        if i < free:
            continue
        for n in range(min(starts[texts[i], texts[i + 1]], len(texts) - i), 1, -1):
            if clauses[i + n - 1] != clauses[i] or (
                    fixed and any(j in fixed for j in range(i, i + n))):
                continue
            key = " ".join(texts[i:i + n])
            if key in rules.phrases:
                merges.append((i, n, key))
                free = i + n
                break
    if merges:
        _apply_merges(tokens, merges)


def _apply_merges(tokens: Scan, merges: list[tuple[int, int, str]]) -> None:
    """Replace each merged run by one token: in capitals if all its words were, quoted if
    any was. Emojis and ratings are never part of one, and keep their flags."""
    texts: list[str] = []
    clauses: list[int] = []
    caps: set[int] = set()
    quoted: set[int] = set()
    renumbered: dict[int, int] = {}  # old -> new index, of tokens outside merged runs
    at = 0
    for start, n, key in merges:
        for j in range(at, start):
            renumbered[j] = len(texts) + j - at
        texts += tokens.words[at:start]
        clauses += tokens.clauses[at:start]
        run = range(start, start + n)
        if all(j in tokens.caps for j in run):
            caps.add(len(texts))
        if any(j in tokens.quoted for j in run):
            quoted.add(len(texts))
        texts.append(key)
        clauses.append(tokens.clauses[start])
        at = start + n
    for j in range(at, len(tokens.words)):
        renumbered[j] = len(texts) + j - at
    texts += tokens.words[at:]
    clauses += tokens.clauses[at:]
    tokens.caps = caps | {renumbered[j] for j in tokens.caps if j in renumbered}
    tokens.quoted = quoted | {renumbered[j] for j in tokens.quoted if j in renumbered}
    tokens.fixed = {renumbered[j]: value for j, value in tokens.fixed.items()}
    tokens.words, tokens.clauses = texts, clauses


def _lookup(word: str, rules: CompiledRules) -> str:
    """The lexicon form of a word, undoing elongations ("nuuuul", "merciii")."""
    if word in rules.lexicon or word in rules.expected or not _REPEATS.search(word):
        return word
    for shorter in (_REPEATS.sub(r"\1\1", word), _REPEATS.sub(r"\1", word)):
        if shorter in rules.lexicon or shorter in rules.expected:
            return shorter
    return word


def _valence(i: int, words: list[Word], tokens: Scan, rules: CompiledRules,
             emphasis: bool) -> float:
    word = words[i]
    valence = word.valence  # an active word is never a symbol with its own valence
    if word.persistence or word.booster:
        start, end = _reach(i, tokens.clauses)
        if word.persistence and end > i + 1 and words[i + 1].negator:
            return _PERSISTENCE  # "toujours pas", "still hasn't": waiting is the complaint
        if word.booster and _boosts_neighbour(i, start, end, words, tokens.fixed):
            return 0.0  # it acts on its neighbour; alone ("Super !") it keeps its own valence
    if not valence and word.expected is None:
        return 0.0
    if valence and emphasis and i in tokens.caps:
        valence += math.copysign(C_INCR, valence)
    if not any(map(_MODIFIES, words[max(0, i - _WINDOW):i + _WINDOW + 1])):
        return valence  # most words: nothing within reach intensifies, negates or marks absence
    start, end = _reach(i, tokens.clauses)
    valence += _booster_shift(i, start, end, words, tokens.caps, valence, emphasis)
    negated = _negated(i, start, end, words, rules)
    if word.expected is not None and (negated or _absent(i, end, words)):
        return word.expected[1]
    if negated:
        return valence * N_SCALAR
    return valence


def _reach(i: int, clauses: list[int]) -> tuple[int, int]:
    """The tokens a negation or an intensifier reaches token `i` from: the three words on
    either side, in the same clause."""
    start = bisect_left(clauses, clauses[i], max(0, i - _WINDOW), i)
    return start, bisect_right(clauses, clauses[i], i + 1, min(len(clauses), i + _WINDOW + 1))


def _boosts_neighbour(i: int, start: int, end: int, words: list[Word],
                      fixed: dict[int, float]) -> bool:
    after = any(_base(j, words, fixed) for j in range(i + 1, min(end, i + 3)))
    before = words[i].postposed and start < i and bool(_base(i - 1, words, fixed))
    return after or before


def _base(i: int, words: list[Word], fixed: dict[int, float]) -> float:
    """A token's valence before any modifier."""
    value = fixed.get(i)
    return words[i].valence if value is None else value


def _booster_shift(i: int, start: int, end: int, words: list[Word], caps: set[int],
                   valence: float, emphasis: bool) -> float:
    if not valence:
        return 0.0
    shift = 0.0
    for j in range(i - 1, start - 1, -1):
        scalar = words[j].scalar
        if scalar and emphasis and j in caps:
            scalar += math.copysign(C_INCR, scalar)
        shift += math.copysign(scalar, valence) * _DAMPING[i - j - 1]
    for j in range(i + 1, min(end, i + 3)):
        if words[j].postposed:
            shift += math.copysign(B_INCR, valence)
    return shift


def _negated(i: int, start: int, end: int, words: list[Word], rules: CompiledRules) -> bool:
    before = words[start:i]
    if any(map(_NEGATOR, before)):
        return True
    if not rules.ne_particles:
        return False
    after = range(i + 1, min(end, i + 3))
    particles = list(map(_NE_PARTICLE, before))
    if True in particles:
        particle = start + particles.index(True)
        if any(map(_NE_NEGATOR, words[particle + 1:i])):
            return True  # "je n'ai plus confiance"
        if any(map(_NE_NEGATOR, words[i + 1:after.stop])):
            return True  # "ne marche pas"
    # spoken French drops "ne" ("je recommande pas") but "pas de" opens a noun phrase
    # ("rapide, pas de souci"), which negates what follows, not what precedes
    return any(words[j].post_negator and not (j + 1 < end and words[j + 1].partitive)
               for j in after)


def _read_irony(words: list[Word], tokens: Scan, valences: list[float],
                rules: CompiledRules) -> None:
    """A lone "Great..." closing a complaint is sarcasm, the one kind a lexicon can spot:
    flip it. Only listed exclamations count ("Thanks!" after a complaint is often sincere),
    and only when everything before it is negative."""
    clauses = tokens.clauses
    if not words or not rules.ironic_closers:
        return
    start = bisect_left(clauses, clauses[-1])  # the last clause
    if len(words) - start > 2 + len(tokens.fixed):
        return  # more than two words in it
    closer = [i for i in range(start, len(words)) if i not in tokens.fixed]
    if not closer or len(closer) > 2 or sum(valences[:start]) >= 0:
        return
    if words[closer[0]].text in rules.ironic_closers and valences[closer[0]] > 0:
        for i in range(start, len(words)):
            if valences[i] > 0:
                valences[i] *= N_SCALAR


def _absent(i: int, end: int, words: list[Word]) -> bool:
    return any(map(_ABSENCE, words[i + 1:end]))


def _caps_emphasis(tokens: Scan) -> bool:
    """Capitals emphasise only when the rest of the post is not shouted too (VADER's rule)."""
    return 0 < len(tokens.caps) < len(tokens.words) - len(tokens.fixed)


def _weigh_contrast(words: list[Word], valences: list[float]) -> None:
    """What follows "but"/"mais" is the writer's conclusion: VADER's 0.5 / 1.5 weights."""
    if not any(map(_CONTRAST, words)):
        return
    pivot = max(i for i, word in enumerate(words) if word.contrast)  # the last one
    for i in range(len(valences)):
        valences[i] *= 0.5 if i < pivot else 1.5 if i > pivot else 1.0


def _question_emphasis(questions: int) -> float:
    if questions <= 1:
        return 0.0
    return questions * 0.18 if questions <= 3 else 0.96
