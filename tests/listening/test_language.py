"""Offline language detection of short social-media posts."""

import random
import re
from collections import Counter

import numpy as np
import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier, visit_counts

from app.listening import language
from app.listening.language import clean, detect_language, language_probabilities


@pytest.fixture(autouse=True)
def _isolate() -> None:
    """No database or Redis here: skip the suite's per-test truncate and flush."""


_AGENCY_TEXTS = [
    ("@Novafone_FR ça fait 3 jours que j'ai plus de réseau, personne répond 😡", "fr"),
    ("Livraison en 24h et colis nickel, je recommande 👌 #Brixo", "fr"),
    ("jsuis dégoûté, mon tel est arrivé avec l'écran rayé", "fr"),
    ("Fuyez cette banque.", "fr"),
    ("Still no refund after 6 weeks @QuickCart, what are you waiting for?", "en"),
    ("Highly recommend Crumbs & Co, the sourdough is unreal 🔥", "en"),
    ("Stay away from this bank.", "en"),
    ("Der Kundenservice von Novafone ist eine Katastrophe, seit zwei Wochen kein Internet", "de"),
    ("Bestellung heute angekommen, alles super verpackt. Danke!", "de"),
    ("El servicio al cliente de Brixo no contesta desde hace una semana", "es"),
    ("Me encanta la nueva colección, los colores son preciosos", "es"),
    ("Il pacco è arrivato in ritardo e danneggiato, pessimo servizio", "it"),
    ("De bezorging was snel en de verpakking was netjes, top!", "nl"),
    ("O atendimento da loja foi ótimo, recomendo a todos", "pt"),
]


@pytest.mark.parametrize(("text", "expected"), _AGENCY_TEXTS)
def test_detects_the_languages_agencies_meet(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Obsługa klienta jest fatalna, czekam na zwrot pieniędzy od miesiąca", "pl"),
    ("Kundtjänsten svarade snabbt och löste mitt problem direkt", "sv"),
    ("Müşteri hizmetleri çok kötü, paramı hala geri alamadım", "tr"),  # noqa: RUF001
    ("カスタマーサービスの対応がとても良かったです", "ja"),
])
def test_still_detects_other_languages(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", [
    "", "ok", "top !", "mdr", "lol", "👍👍", "Merci", "10/10", "#fail", "@Brixo_FR",
    "https://t.co/abc", "Brixo Novafone Kadoo", "nul", "Danke",
])
def test_too_short_or_ambiguous_is_none(text):
    assert detect_language(text) is None


def test_noise_is_removed_before_detection():
    assert clean("@Brixo_FR merci !! 😍 https://t.co/x #top 10/10") == "merci"
    assert language_probabilities("") == []


def test_probabilities_are_a_distribution():
    ranked = language_probabilities("Le colis est arrivé ouvert et il manquait un article")
    assert ranked[0][0] == "fr"
    assert abs(sum(p for _, p in ranked) - 1.0) < 1e-3


# --- the vectorised scoring must equal py3langid's, bit for bit ------------------------------

_TRICKY = [
    "", "a", "ok", "Le colis est arrivé ouvert et il manquait un article",
    "THIS IS ALL UPPERCASE TEXT", "ÉTÉ À PARIS", "e\u0301te\u0301 cafe\u0301", "ﬁnancement ½ ①",
    "Это русский текст", "هذا نص باللغة العربية", "これは日本語の文章です", "中文文本测试",
    "ข้อความภาษาไทย", "한국어 텍스트", "😀" * 50, "lone \ud800 surrogate", "x" * 900,
    "mixed English et français und Deutsch", "\x00\x01 bytes", "Le " * 300,
]


def _texts() -> list[str]:
    rng = random.Random(4)
    alphabet = "abcdefghij klmnop éèàçœ ÄÖÜß ñ ąę ΑΒΓ абв 中文 あい \u0627 \u0628 😀 ' - \u0301"
    return _TRICKY + ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 300)))
                      for _ in range(300)]


@pytest.fixture(scope="module")
def reference() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def test_scores_equal_py3langid(reference: LanguageIdentifier) -> None:
    model = language._model()
    texts = _texts()
    expected = [reference._decide(text) for text in texts]
    for text, scores in zip(texts, expected, strict=True):
        assert np.array_equal(language._scores(model, text), scores), text
    for size in (1, 7, len(texts)):
        batched = [row for start in range(0, len(texts), size)
                   for row in language._scores_many(model, texts[start:start + size])]
        assert all(np.array_equal(a, b) for a, b in zip(batched, expected, strict=True))


def test_detect_languages_is_detect_language_of_each() -> None:
    texts = _texts() + [text for text, _ in _AGENCY_TEXTS]
    assert language.detect_languages(texts) == [detect_language(t) for t in texts]
    assert language.detect_languages([]) == []


def test_clean_equals_the_regex_definition() -> None:
    spaces = re.compile(r"\s+")
    whitespace = "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2028\u2029\u202f\u3000\u200b"
    rng = random.Random(5)
    alphabet = whitespace + "ab'\u2019-@#h:/w._1é\u0301😀,!?"
    texts = _texts() + ["".join(rng.choice(alphabet) for _ in range(rng.randrange(60)))
                        for _ in range(3000)]
    for text in texts:
        assert clean(text) == spaces.sub(" ", language._NOISE.sub(" ", text)).strip()
        assert language._clean(text, 20)[:20] == clean(text)[:20]


def test_windows_count_what_py3langid_counts(reference: LanguageIdentifier) -> None:
    model = language._model()
    move, row, output = reference.tk_nextmove, reference._rowbase, reference.tk_output
    rng = random.Random(6)
    samples = [bytes(rng.randrange(256) for _ in range(rng.randrange(0, 400))) for _ in range(300)]
    samples += [language._encode(text) for text in _texts()]
    for data in samples:
        found = language._windows(model, language._LEAD + data)
        expected, state = [], 0  # py3langid's visit_counts, one byte at a time
        for byte in data:
            state = move[row[state] + byte]
            if output[state] >= 0:
                expected.append(output[state])
        assert found[found >= 0].tolist() == expected
        assert Counter(expected) == (visit_counts(move, row, output, data) or Counter())


def test_automaton_reads_windows_of_depth_bytes(reference: LanguageIdentifier) -> None:
    """What `_windows` relies on: py3langid's automaton is the Aho-Corasick automaton of its
    states' prefixes (a byte leads to the state of the longest suffix of the prefix plus
    that byte which is a state's prefix), and prefixes are at most _DEPTH bytes long. The
    state after any input is then that of its longest suffix which is a state's prefix, a
    function of its last _DEPTH bytes."""
    move = np.frombuffer(reference.tk_nextmove, dtype=f"u{reference.tk_nextmove.itemsize}")
    row = np.frombuffer(reference.tk_row, dtype=f"u{reference.tk_row.itemsize}")
    row = row.astype(np.intp) << 8
    states, byte_values = len(row), np.arange(256)
    # Each state's prefix, breadth first: a state first reached at depth d extends its
    # parent's prefix by one byte. Prefixes packed in 48 bits, their last byte highest.
    depth = np.full(states, -1)
    key = np.zeros(states, dtype=np.int64)
    parent = np.zeros(states, dtype=np.intp)
    last = np.zeros(states, dtype=np.intp)
    depth[0] = 0
    level = np.zeros(1, dtype=np.intp)
    while len(level):
        reached = move[row[level][:, None] + byte_values].ravel().astype(np.intp)
        new = (depth[reached] < 0).nonzero()[0]
        found = reached[new]
        assert len(np.unique(found)) == len(found)  # one way into each new state
        parent[found], last[found] = level[new // 256], new % 256
        depth[found] = depth[level[0]] + 1
        key[found] = last[found] << 40 | key[parent[found]] >> 8
        level = found
    assert depth.min() == 0 and depth.max() <= language._DEPTH
    codes = key * 8 + depth
    order = codes.argsort()

    def state_of(prefix_keys: np.ndarray, length: int) -> np.ndarray:
        """The state whose prefix is that, or -1."""
        wanted = prefix_keys * 8 + length
        at = np.minimum(codes[order].searchsorted(wanted), states - 1)
        return np.where(codes[order][at] == wanted, order[at], -1)

    # fail: the state of the longest proper suffix of a state's prefix that is a prefix
    fail = np.zeros(states, dtype=np.intp)
    for length in range(1, language._DEPTH):
        mask = ((1 << 8 * length) - 1) << (48 - 8 * length)
        candidate = state_of(key & mask, length)
        fail = np.where((depth > length) & (candidate >= 0), candidate, fail)
    # The automaton's rows are those of Aho-Corasick: goto where the prefix extends, else
    # the fail state's row (the start state's: back to the start).
    for lo in range(0, states, 8192):
        block = np.arange(lo, min(lo + 8192, states))
        actual = move[row[block][:, None] + byte_values]
        expected = move[row[fail[block]][:, None] + byte_values]
        expected[block == 0] = 0
        children = ((parent >= lo) & (parent < lo + 8192)).nonzero()[0]
        children = children[children != 0]
        expected[parent[children] - lo, last[children]] = children
        assert np.array_equal(actual, expected)
