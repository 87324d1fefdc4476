"""Offline language identification for mentions.

Built on py3langid (BSD-3-Clause): a naive Bayes model over byte n-grams whose weights ship
inside the wheel (py3langid/data/model.npz.xz), so nothing is fetched at run time. The model
knows 139 languages; agencies here mostly meet French and English, then a few neighbours,
so those get a prior weight (Bayes' rule: posterior proportional to likelihood times
prior) instead of being the only choices: a Polish or Arabic post is still recognised
when the model is sure.
A short or ambiguous post returns None: a wrong language would pick the wrong sentiment
lexicon, whereas None lets the caller fall back to something neutral.

py3langid scores a text (`LanguageIdentifier._decide`) by walking its n-gram automaton one
byte at a time in Python. The functions below compute the same numbers, bit for bit, with
numpy operations over all the bytes at once (`_windows`), and over several texts at once
in `detect_languages`. tests/listening/test_language.py checks the property of the
automaton this relies on, and that the scores equal py3langid's.
"""

import math
import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import islice, pairwise

import numpy as np
from py3langid.langid import MODEL_FILE, LanguageIdentifier

# Languages this product expects, weighted by how often agencies meet them.
PRIORS: dict[str, float] = {"fr": 30.0, "en": 30.0, "de": 8.0, "es": 8.0, "it": 8.0,
                            "nl": 8.0, "pt": 8.0}
MIN_CONFIDENCE = 0.70  # posterior probability below which the guess is withheld
MIN_LETTERS = 8  # fewer letters than this ("ok", "top !", "mdr") carry no language signal
MIN_WORDS = 2
# Past a few sentences more text only costs time (an article's first 200 characters tell
# its language as well as all of it).
MAX_CHARS = 200

# Handles, links, hashtags and emojis say nothing about the language and mislead n-grams.
_NOISE = re.compile(r"https?://\S+|www\.\S+|[@#]\w+|[^\w\s'\u2019-]|\d+|_")
_UNSPACED = re.compile(r"[\u0E00-\u0E7F\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF]")
_LOCK = threading.Lock()

# py3langid finds features with an automaton read one byte at a time, in Python. Its states
# stand for the longest suffix of the bytes read so far that begins some feature (an
# Aho-Corasick automaton), and features are at most _DEPTH bytes long: the state after a
# byte depends only on the _DEPTH bytes ending there (its window). So the states after all
# the bytes of a text can be found at once, running the automaton from the start on every
# window in step: _DEPTH table lookups, each a numpy operation over all the windows.
_DEPTH = 6
# Reading 0xFF sends every state back to the start (it never occurs in UTF-8, so no feature
# holds it; checked at load): such bytes before a text fill its first windows, and between
# texts joined in one string keep them apart.
_PAD = b"\xff"
_LEAD = _PAD * (_DEPTH - 1)
_BATCH = 1024  # texts scored together at most: bounds memory, and the sort keys' bits


@dataclass(frozen=True)
class _Model:
    labels: list[str]
    priors: np.ndarray  # one weight per model column, aligned with `labels`
    # The automaton as py3langid stores it: each state's row of 256 next states starts at
    # row_base[state] in next_state; feature[state] is the feature counted on entering it
    # (-1 for none). first_two[b0 << 8 | b1]: the state after bytes b0, b1 from the start.
    row_base: np.ndarray
    next_state: np.ndarray
    feature: np.ndarray
    first_two: np.ndarray
    weights: np.ndarray  # log P(feature | language), features x columns, float32
    class_prior: np.ndarray  # log P(language) per column, float32
    # Script aliases (sr twice): the second column's probability is moved to the first.
    alias_pairs: list[tuple[int, int]]


@cache
def _model() -> _Model:
    # Decompressing the model takes ~2 s: done once per process, on first use.
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    # The weights ship as float16, which numpy multiplies ~5x slower than float32 (no BLAS):
    # converted once, the scores are bit for bit the same, since numpy computed them in
    # float32 anyway.
    weights = np.ascontiguousarray(identifier.nb_ptc, dtype=np.float32)
    next_state = np.frombuffer(identifier.tk_nextmove,
                               dtype=f"u{identifier.tk_nextmove.itemsize}")
    row_base = np.frombuffer(identifier.tk_row,
                             dtype=f"u{identifier.tk_row.itemsize}").astype(np.intp) << 8
    if np.any(next_state[np.unique(row_base) + _PAD[0]]):
        raise RuntimeError("py3langid's automaton changed: 0xFF no longer resets it")
    byte = np.arange(256)
    first_two = next_state[row_base[next_state[row_base[0] + byte]][:, None] + byte].ravel()
    labels = list(identifier.nb_classes)
    return _Model(
        labels=labels,
        priors=np.array([PRIORS.get(lang, 1.0) for lang in labels], dtype=np.float64),
        row_base=row_base, next_state=next_state,
        feature=np.array(identifier.tk_output, dtype=np.intp), first_two=first_two,
        weights=weights, class_prior=np.asarray(identifier.nb_pc, dtype=np.float32),
        alias_pairs=[(int(i), int(j)) for i, j in identifier._alias_pairs])


def warm_up() -> None:
    """Load the model now (e.g. at worker start) so the first mention is not slow."""
    with _LOCK:
        _model()


def clean(text: str) -> str:
    return _clean(text)


def _clean(text: str, limit: int | None = None) -> str:
    """`text` without noise, words separated by one space. With a limit, stops after the
    word that reaches `limit` characters: the first `limit` are those of the whole result.

    The same as collapsing the spaces of `_NOISE.sub(" ", text)`, done word by word: no
    noise pattern spans whitespace, so each word is cleaned on its own, and most words are
    only letters, which `_NOISE` leaves as they are (a regex pass over the whole text
    costs twice as much)."""
    words = []
    size = -1
    for word in text.split():  # str.split and the regex's \s agree on what is whitespace
        if not word.isalpha():
            # the same few forms come back all the time: "c'est", "?", "Paris," or "#Brand"
            word = _clean_word(word) if len(word) <= 32 else _strip_noise(word)
            if not word:
                continue
        words.append(word)
        size += len(word) + 1
        if limit is not None and size >= limit:
            break
    return " ".join(words)


def _strip_noise(word: str) -> str:
    return " ".join(_NOISE.sub(" ", word).split())


_clean_word = lru_cache(maxsize=1 << 14)(_strip_noise)


def _detectable(text: str) -> str | None:
    """The part of `text` `detect_language` reads, or None when it is too short to tell."""
    cleaned = _clean(text[:MAX_CHARS * 4], MAX_CHARS)[:MAX_CHARS]
    # Chinese, Japanese and Thai do not separate words with spaces
    words = len(cleaned.split()) if not _UNSPACED.search(cleaned) else MIN_WORDS
    if words < MIN_WORDS or not _has_letters(cleaned, MIN_LETTERS):
        return None
    return cleaned


def _has_letters(text: str, count: int) -> bool:
    """At least `count` letters; stops counting once they are found."""
    return sum(1 for _ in islice((c for c in text if c.isalpha()), count)) >= count


def _encode(text: str) -> bytes:
    """The bytes py3langid reads (`LanguageIdentifier._encode` for a str)."""
    if text.isupper():
        text = text.lower()
    return unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")


def _windows(model: _Model, padded: bytes) -> np.ndarray:
    """The feature py3langid's `visit_counts` counts after each byte of `padded` but the
    first _DEPTH - 1 (-1 for none)."""
    n = len(padded) - len(_LEAD)
    byte = np.frombuffer(padded, dtype=np.uint8)
    # big-endian 16-bit words at every byte offset: the first two bytes of each window
    state = model.first_two.take(np.ndarray((n,), dtype=">u2", buffer=padded, strides=(1,)))
    for k in range(2, _DEPTH):
        state = model.next_state.take(model.row_base.take(state) + byte[k:k + n])
    return model.feature.take(state)


def _scores(model: _Model, text: str) -> np.ndarray:
    """Probability per model column: `LanguageIdentifier._decide(text)` with norm_probs."""
    data = _encode(text)
    found = _windows(model, _LEAD + data)
    found = found[found >= 0]
    scores = np.zeros(len(model.labels), dtype=np.float32)
    if found.size:  # else zeros: a uniform distribution, as in py3langid
        # py3langid's Counter: the features in order of first occurrence, and their counts
        order = found.argsort(kind="stable")  # by feature, then position
        grouped = found.take(order)
        edges = np.empty(len(grouped) + 1, dtype=bool)
        edges[0] = edges[-1] = True
        np.not_equal(grouped[1:], grouped[:-1], out=edges[1:-1])
        edges = edges.nonzero()[0]
        heads = edges[:-1]
        by_first = order.take(heads).argsort()
        weight = np.log1p((edges[1:] - heads).take(by_first).astype(np.float32))
        _dot(model, weight, grouped.take(heads.take(by_first)), scores)
        scores += model.class_prior
    return _softmax(model, scores, 1.0 / math.sqrt(len(data) or 1))


def _scores_many(model: _Model, texts: Sequence[str]) -> np.ndarray:
    """`_scores` of each text, one row each: the numpy work is done once for all."""
    data = [_encode(text) for text in texts]
    found = _windows(model, _LEAD + _PAD.join(data))
    at = (found >= 0).nonzero()[0]
    starts = np.cumsum([0] + [len(d) + len(_PAD) for d in data[:-1]])
    text = starts.searchsorted(at, side="right") - 1
    # py3langid's Counter for each text. One sort groups the occurrences by text and
    # feature, in a key that also holds the place of the occurrence (_BATCH texts of at
    # most MAX_CHARS * 4 bytes need under 50 bits): the first of each group is marked
    # with the group's size, and the marks, in place order, are the Counter's items.
    shift = len(at).bit_length()
    keys = text * len(model.weights)
    keys += found.take(at)
    keys <<= shift
    keys |= np.arange(len(at))
    keys.sort(kind="stable")  # the fastest here: keys come in text order
    groups = keys >> shift
    edges = np.empty(len(keys) + 1, dtype=bool)
    edges[0] = edges[-1] = True
    np.not_equal(groups[1:], groups[:-1], out=edges[1:-1])
    edges = edges.nonzero()[0]
    size = np.zeros(len(at), dtype=np.intp)
    size[keys.take(edges[:-1]) & ((1 << shift) - 1)] = np.diff(edges)
    first = size.nonzero()[0]
    weight = np.log1p(size.take(first).astype(np.float32))
    feature = found.take(at.take(first))
    scores = np.zeros((len(data), len(model.labels)), dtype=np.float32)
    bounds = text.take(first).searchsorted(np.arange(len(data) + 1))
    for row, (lo, hi) in enumerate(pairwise(bounds.tolist())):
        if hi > lo:  # else zeros: a uniform distribution, as in py3langid
            _dot(model, weight[lo:hi], feature[lo:hi], scores[row])
    scores[bounds[1:] > bounds[:-1]] += model.class_prior
    # the float32 factors are what multiplying a float32 array by the Python float gives
    factors = np.array([[1.0 / math.sqrt(len(d) or 1)] for d in data], dtype=np.float32)
    return _softmax(model, scores, factors)


def _dot(model: _Model, weight: np.ndarray, features: np.ndarray, out: np.ndarray) -> None:
    # py3langid adds log(1 + count) times each feature's weights in its Counter's order:
    # the same rows in the same order give the same bits.
    np.matmul(weight, model.weights.take(features, axis=0), out=out)


def _softmax(model: _Model, scores: np.ndarray, factor: float | np.ndarray) -> np.ndarray:
    """py3langid's probabilities from the raw scores of a text, or of texts in rows, in
    place. factor: 1 / sqrt(bytes), as T = sqrt(bytes) keeps the softmax calibrated
    across lengths (py3langid's choice)."""
    scores *= factor
    scores -= np.maximum.reduce(scores, axis=-1, keepdims=True)
    np.exp(scores, out=scores)
    scores /= np.add.reduce(scores, axis=-1, keepdims=True)
    columns = scores.T  # a text's scores, or a view of columns
    for first, dupe in model.alias_pairs:
        columns[first] += columns[dupe]
        columns[dupe] = 0.0
    return scores


def _posteriors(model: _Model, scores: np.ndarray) -> np.ndarray:
    """After the priors: of a text, or of texts in rows."""
    weighted = np.multiply(scores, model.priors, dtype=np.float64)
    total = np.add.reduce(weighted, axis=-1, keepdims=True)
    return np.divide(weighted, total, out=weighted, where=total > 0)


def language_probabilities(text: str) -> list[tuple[str, float]]:
    """Posterior over languages after the priors, best first; empty when there is no text."""
    cleaned = clean(text)
    if not cleaned:
        return []
    with _LOCK:
        model = _model()
    posterior = _posteriors(model, _scores(model, cleaned))
    merged: dict[str, float] = {}
    for lang, p in zip(model.labels, posterior.tolist(), strict=True):
        merged.setdefault(lang, p)  # script aliases (sr twice): the first column holds the sum
    return sorted(merged.items(), key=lambda pair: pair[1], reverse=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text`, or None when it is too short or the model is unsure.

    Only the first MAX_CHARS characters of the cleaned text are read."""
    cleaned = _detectable(text)
    if cleaned is None:
        return None
    with _LOCK:
        model = _model()
    posterior = _posteriors(model, _scores(model, cleaned))
    best = int(posterior.argmax())
    return _decide(model, best, posterior[best])


def detect_languages(texts: Sequence[str]) -> list[str | None]:
    """`detect_language` of each text: the same answers, at a fraction of the cost per
    text (the numpy work is shared)."""
    found: list[str | None] = [None] * len(texts)
    todo = [(i, cleaned) for i, text in enumerate(texts)
            if (cleaned := _detectable(text)) is not None]
    with _LOCK:
        model = _model()
    for start in range(0, len(todo), _BATCH):
        batch = todo[start:start + _BATCH]
        posterior = _posteriors(model, _scores_many(model, [c for _, c in batch]))
        best = posterior.argmax(axis=1)
        confidence = posterior[np.arange(len(batch)), best]
        for (i, _), column, p in zip(batch, best.tolist(), confidence.tolist(), strict=True):
            found[i] = _decide(model, column, p)
    return found


def _decide(model: _Model, best: int, confidence: float) -> str | None:
    lang = model.labels[best]
    if confidence < MIN_CONFIDENCE or lang in ("zxx", "und"):
        return None
    return lang
