"""Offline language identification for mentions.

Built on py3langid (BSD-3-Clause): a naive Bayes model over byte n-grams whose weights ship
inside the wheel (py3langid/data/model.npz.xz), so nothing is fetched at run time. The model
knows 139 languages; agencies here mostly meet French and English, then a few neighbours,
so those get a prior weight (Bayes' rule: posterior proportional to likelihood times
prior) instead of being the only choices: a Polish or Arabic post is still recognised
when the model is sure.
A short or ambiguous post returns None: a wrong language would pick the wrong sentiment
lexicon, whereas None lets the caller fall back to something neutral.
"""

import re
import threading
from dataclasses import dataclass
from functools import cache
from itertools import islice

import numpy as np
from py3langid.langid import MODEL_FILE, LanguageIdentifier

# Languages this product expects, weighted by how often agencies meet them.
PRIORS: dict[str, float] = {"fr": 30.0, "en": 30.0, "de": 8.0, "es": 8.0, "it": 8.0,
                            "nl": 8.0, "pt": 8.0}
MIN_CONFIDENCE = 0.70  # posterior probability below which the guess is withheld
MIN_LETTERS = 8  # fewer letters than this ("ok", "top !", "mdr") carry no language signal
MIN_WORDS = 2
# The model reads byte n-grams one byte at a time in Python: past a few sentences more text
# only costs time (an article's first 200 characters tell its language as well as all of it).
MAX_CHARS = 200

# Handles, links, hashtags and emojis say nothing about the language and mislead n-grams.
_NOISE = re.compile(r"https?://\S+|www\.\S+|[@#]\w+|[^\w\s'\u2019-]|\d+|_")
_SPACES = re.compile(r"\s+")
_UNSPACED = re.compile(r"[\u0E00-\u0E7F\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF]")
_LOCK = threading.Lock()


@dataclass(frozen=True)
class _Model:
    identifier: LanguageIdentifier
    labels: list[str]
    priors: np.ndarray  # one weight per model column, aligned with `labels`


@cache
def _model() -> _Model:
    # Decompressing the model takes ~2 s: done once per process, on first use.
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    # The weights ship as float16, which numpy multiplies ~5x slower than float32 (no BLAS):
    # converted once (+28 MB), the scores are bit for bit the same, since numpy computed
    # them in float32 anyway.
    weights = identifier.nb_ptc.astype(np.float32)
    identifier.nb_ptc = weights
    identifier._full_model = (weights, identifier.nb_pc, identifier.nb_classes)
    labels = list(identifier.nb_classes)
    priors = np.array([PRIORS.get(lang, 1.0) for lang in labels], dtype=np.float64)
    return _Model(identifier, labels, priors)


def warm_up() -> None:
    """Load the model now (e.g. at worker start) so the first mention is not slow."""
    with _LOCK:
        _model()


def clean(text: str) -> str:
    return _SPACES.sub(" ", _NOISE.sub(" ", text)).strip()


def _posterior(cleaned: str) -> tuple[_Model, np.ndarray]:
    with _LOCK:
        model = _model()
    # `_decide` is the per-class probability vector behind the public `rank`; using it
    # directly avoids building and sorting 139 (language, score) pairs per post. py3langid is
    # pinned exactly, and tests/listening/test_language.py would catch a change.
    weighted = model.identifier._decide(cleaned).astype(np.float64) * model.priors
    total = weighted.sum()
    return model, weighted / total if total > 0 else weighted


def language_probabilities(text: str) -> list[tuple[str, float]]:
    """Posterior over languages after the priors, best first; empty when there is no text."""
    cleaned = clean(text)
    if not cleaned:
        return []
    model, posterior = _posterior(cleaned)
    merged: dict[str, float] = {}
    for lang, p in zip(model.labels, posterior.tolist(), strict=True):
        merged.setdefault(lang, p)  # script aliases (sr twice): the first column holds the sum
    return sorted(merged.items(), key=lambda pair: pair[1], reverse=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text`, or None when it is too short or the model is unsure.

    Only the first MAX_CHARS characters of the cleaned text are read."""
    cleaned = clean(text[:MAX_CHARS * 4])[:MAX_CHARS]
    # Chinese, Japanese and Thai do not separate words with spaces
    words = len(cleaned.split()) if not _UNSPACED.search(cleaned) else MIN_WORDS
    if words < MIN_WORDS or not _has_letters(cleaned, MIN_LETTERS):
        return None
    model, posterior = _posterior(cleaned)
    best = int(posterior.argmax())
    lang = model.labels[best]
    if posterior[best] < MIN_CONFIDENCE or lang in ("zxx", "und"):
        return None
    return lang


def _has_letters(text: str, count: int) -> bool:
    """At least `count` letters; stops counting once they are found."""
    return sum(1 for _ in islice((c for c in text if c.isalpha()), count)) >= count
