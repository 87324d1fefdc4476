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
from dataclasses import dataclass

from app.listening.sentiment.cues import Cues, apply_cues
from app.listening.sentiment.rules import B_INCR, C_INCR, N_SCALAR, LanguageRules
from app.listening.sentiment.tokenize import Token, fold, split_words, tokenize

_ALPHA = 15.0  # VADER's normalisation constant
_WINDOW = 3  # how many preceding words a negation or an intensifier reaches
_REPEATS = re.compile(r"(.)\1{2,}")
_PARTITIVES = frozenset({"de", "du", "des", "d"})
_PERSISTENCE = -1.2  # about "annoying": the negation that follows adds its own evidence


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
    # first word of each multi-word entry -> its longest length, so most words skip the join
    phrase_heads: dict[str, int]
    elision: bool
    cues: Cues | None = None


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
    heads: dict[str, int] = {}
    for phrase in phrases:
        words = phrase.split(" ")
        heads[words[0]] = max(heads.get(words[0], 0), len(words))
    return CompiledRules(
        lang=rules.lang, lexicon=lexicon, expected=expected, negators=negators,
        absence_after=frozenset(key(w) for w in rules.absence_after),
        post_negators=frozenset(key(w) for w in rules.post_negators),
        persistence=frozenset(key(w) for w in rules.persistence),
        ironic_closers=frozenset(key(w) for w in rules.ironic_closers),
        ne_particles=frozenset(key(w) for w in rules.ne_particles),
        ne_negators=frozenset(key(w) for w in rules.ne_negators), boosters=boosters,
        postposed=frozenset(key(w) for w in rules.postposed_boosters), contrasts=contrasts,
        phrases=phrases, phrase_heads=heads,
        elision=rules.elision, cues=rules.cues,
    )


@dataclass(frozen=True)
class Scored:
    score: float  # in [-1, 1]
    hits: int  # tokens that carried a valence: how much evidence the score rests on


def score_text(text: str, rules: CompiledRules) -> Scored:
    tokenized = tokenize(text, elision=rules.elision, known=rules.lexicon)
    tokens = _merge_phrases(tokenized.tokens, rules)
    for token in tokens:
        if token.fixed is None:
            token.text = _lookup(token.text, rules)
    base = [_base_valence(t, rules) for t in tokens]
    emphasis = _caps_emphasis(tokens)
    valences = [_valence(i, tokens, base, rules, emphasis) for i in range(len(tokens))]
    _weigh_contrast(tokens, valences, rules)
    shape = apply_cues(text, tokenized, tokens, valences, rules.cues) if rules.cues else 0.0
    _read_irony(tokens, valences, rules)
    total = sum(valences) + shape
    if total:
        total += math.copysign(tokenized.exclamations * 0.292 + _question_emphasis(
            tokenized.questions), total)
    score = max(-1.0, min(1.0, total / math.sqrt(total * total + _ALPHA)))
    return Scored(round(score, 4), sum(1 for v in valences if v) + bool(shape))


def _merge_phrases(tokens: list[Token], rules: CompiledRules) -> list[Token]:
    """Greedily join the longest known multi-word entry inside one clause."""
    merged: list[Token] = []
    i = 0
    while i < len(tokens):
        longest = rules.phrase_heads.get(tokens[i].text, 0)
        for n in range(min(longest, len(tokens) - i), 1, -1):
            window = tokens[i:i + n]
            if window[-1].clause != window[0].clause or any(t.fixed is not None for t in window):
                continue
            key = " ".join(t.text for t in window)
            if key in rules.phrases:
                merged.append(Token(key, window[0].clause, all(t.caps for t in window),
                                    quoted=any(t.quoted for t in window)))
                i += n
                break
        else:
            merged.append(tokens[i])
            i += 1
    return merged


def _lookup(word: str, rules: CompiledRules) -> str:
    """The lexicon form of a word, undoing elongations ("nuuuul", "merciii")."""
    if word in rules.lexicon or word in rules.expected or not _REPEATS.search(word):
        return word
    for shorter in (_REPEATS.sub(r"\1\1", word), _REPEATS.sub(r"\1", word)):
        if shorter in rules.lexicon or shorter in rules.expected:
            return shorter
    return word


def _base_valence(token: Token, rules: CompiledRules) -> float:
    if token.fixed is not None:
        return token.fixed
    if token.text in rules.expected:
        return rules.expected[token.text][0]
    return rules.lexicon.get(token.text, 0.0)


def _valence(i: int, tokens: list[Token], base: list[float], rules: CompiledRules,
             emphasis: bool) -> float:
    token, valence = tokens[i], base[i]
    if token.fixed is not None:
        return valence
    word = token.text
    expected = rules.expected.get(word)
    if word in rules.persistence and _negation_follows(i, tokens, rules):
        return _PERSISTENCE  # "toujours pas", "still hasn't": waiting is the complaint
    if word in rules.boosters and _boosts_neighbour(i, tokens, base, rules):
        return 0.0  # it acts on its neighbour; alone ("Super !") it keeps its own valence
    if not valence and expected is None:
        return 0.0
    if token.caps and valence and emphasis:
        valence += math.copysign(C_INCR, valence)
    valence += _booster_shift(i, tokens, valence, rules, emphasis)
    if expected is not None and (_negated(i, tokens, rules) or _absent(i, tokens, rules)):
        return expected[1]
    if _negated(i, tokens, rules):
        return valence * N_SCALAR
    return valence


def _same_clause(i: int, tokens: list[Token], offsets: range) -> list[tuple[int, Token]]:
    clause = tokens[i].clause
    return [(k, tokens[i + k]) for k in offsets
            if 0 <= i + k < len(tokens) and tokens[i + k].clause == clause]


def _boosts_neighbour(i: int, tokens: list[Token], base: list[float],
                      rules: CompiledRules) -> bool:
    after = any(base[i + k] for k, _ in _same_clause(i, tokens, range(1, 3)))
    before = tokens[i].text in rules.postposed and any(
        base[i + k] for k, _ in _same_clause(i, tokens, range(-1, 0)))
    return after or before


def _booster_shift(i: int, tokens: list[Token], valence: float, rules: CompiledRules,
                   emphasis: bool) -> float:
    if not valence:
        return 0.0
    shift = 0.0
    for k, other in _same_clause(i, tokens, range(-1, -_WINDOW - 1, -1)):
        scalar = rules.boosters.get(other.text, 0.0)
        if scalar and other.caps and emphasis:
            scalar += math.copysign(C_INCR, scalar)
        shift += math.copysign(scalar, valence) * (1.0, 0.95, 0.9)[-k - 1]
    for _, other in _same_clause(i, tokens, range(1, 3)):
        if other.text in rules.postposed:
            shift += math.copysign(B_INCR, valence)
    return shift


def _negated(i: int, tokens: list[Token], rules: CompiledRules) -> bool:
    before = _same_clause(i, tokens, range(-_WINDOW, 0))
    words = [t.text for _, t in before]
    if any(w in rules.negators or w.endswith("n't") for w in words):
        return True
    if not rules.ne_particles:
        return False
    particle = [j for j, w in enumerate(words) if w in rules.ne_particles]
    if particle and any(w in rules.ne_negators for w in words[particle[0] + 1:]):
        return True  # "je n'ai plus confiance"
    after = [t.text for _, t in _same_clause(i, tokens, range(1, 4))]
    if particle and any(w in rules.ne_negators for w in after[:2]):
        return True  # "ne marche pas"
    # spoken French drops "ne" ("je recommande pas") but "pas de" opens a noun phrase
    # ("rapide, pas de souci"), which negates what follows, not what precedes
    return any(w in rules.post_negators and nxt not in _PARTITIVES
               for w, nxt in zip(after[:2], [*after[1:], ""], strict=False))


def _negation_follows(i: int, tokens: list[Token], rules: CompiledRules) -> bool:
    nxt = _same_clause(i, tokens, range(1, 2))
    return bool(nxt) and (nxt[0][1].text in rules.negators or nxt[0][1].text.endswith("n't"))


def _read_irony(tokens: list[Token], valences: list[float], rules: CompiledRules) -> None:
    """A lone "Great..." closing a complaint is sarcasm, the one kind a lexicon can spot:
    flip it. Only listed exclamations count ("Thanks!" after a complaint is often sincere),
    and only when everything before it is negative."""
    if not tokens or not rules.ironic_closers:
        return
    last = tokens[-1].clause
    closer = [i for i, t in enumerate(tokens) if t.clause == last and t.fixed is None]
    rest = sum(v for i, v in enumerate(valences) if tokens[i].clause != last)
    if not closer or len(closer) > 2 or rest >= 0:
        return
    if tokens[closer[0]].text in rules.ironic_closers and valences[closer[0]] > 0:
        for i, token in enumerate(tokens):
            if token.clause == last and valences[i] > 0:
                valences[i] *= N_SCALAR


def _absent(i: int, tokens: list[Token], rules: CompiledRules) -> bool:
    return any(t.text in rules.absence_after for _, t in _same_clause(i, tokens, range(1, 4)))


def _caps_emphasis(tokens: list[Token]) -> bool:
    """Capitals emphasise only when the rest of the post is not shouted too (VADER's rule)."""
    words = [t for t in tokens if t.fixed is None]
    shouted = sum(t.caps for t in words)
    return 0 < shouted < len(words)


def _weigh_contrast(tokens: list[Token], valences: list[float], rules: CompiledRules) -> None:
    """What follows "but"/"mais" is the writer's conclusion: VADER's 0.5 / 1.5 weights."""
    pivots = [i for i, t in enumerate(tokens) if t.text in rules.contrasts]
    if not pivots:
        return
    pivot = pivots[-1]
    for i in range(len(valences)):
        valences[i] *= 0.5 if i < pivot else 1.5 if i > pivot else 1.0


def _question_emphasis(questions: int) -> float:
    if questions <= 1:
        return 0.0
    return questions * 0.18 if questions <= 3 else 0.96
