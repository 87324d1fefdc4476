"""Near-duplicate signatures: the fast word sets and band hashes equal their plain
definitions (stored signatures must not change)."""

import hashlib
import random
import re
import unicodedata
import zlib

import numpy as np
import pytest

from app.listening import neardup


@pytest.fixture(autouse=True)
def _isolate() -> None:
    """No database or Redis here: skip the suite's per-test truncate and flush."""


def _plain_word_set(text: str) -> frozenset[str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return frozenset(re.findall(r"\w+", folded)) - neardup.STOP_WORDS


def _plain_band_hashes(words: frozenset[str]) -> list[int] | None:
    if len(words) < neardup.MIN_TOKENS:
        return None
    p = neardup._PRIME
    minima = [min(((a * zlib.crc32(w.encode()) + b) % p) & 0xFFFFFFFF for w in words)
              for a, b in neardup._PERMUTATIONS]
    signature = b"".join(m.to_bytes(4, "big") for m in minima)
    rows = neardup.ROWS * 4
    return [int.from_bytes(hashlib.blake2b(bytes((band,)) + signature[band * rows:][:rows],
                                           digest_size=8).digest(), "big", signed=True)
            for band in range(neardup.BANDS)]


def _texts() -> list[str]:
    rng = random.Random(8)
    alphabet = ("abc DEF xyz éèàçœŒ ÄÖÜßẞ ñ ąę İı ﬁ ½ ² ① ǅ ΐ ΑΒΓ абв 中文 あい \u0627\u0644 "
                "😀 🙏 ' - _ 1 2 , . ! \u0301\u0308\u034f\u0345\u20dd \U0001d165\U0001d16d "
                "\U0001d54f\u1e9b\u0323 \t\n")
    texts = ["", "Le colis est arrivé ouvert", "L\u02bcété À PARIS", "e\u0301te\u0301 cafe\u0301"]
    return texts + ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 200)))
                    for _ in range(3000)]


def test_word_set_is_the_plain_definition() -> None:
    for text in _texts():
        assert neardup.word_set(text) == _plain_word_set(text), text


def test_band_hashes_are_the_plain_definition() -> None:
    rng = random.Random(9)
    vocabulary = [f"w{i}" for i in range(400)] + ["été", "ça", "中文", "😀", "x" * 50]
    sets = [frozenset(rng.sample(vocabulary, rng.randrange(0, 40))) for _ in range(600)]
    expected = [_plain_band_hashes(words) for words in sets]
    assert neardup.band_hashes_many(sets) == expected
    assert [neardup.band_hashes(words) for words in sets[:50]] == expected[:50]
    assert neardup.band_hashes_many([]) == []


def test_minhash_arithmetic_is_exact() -> None:
    # a * h + b must stay under 2^64 for a 32-bit h (no overflow in uint64)
    assert all(a < 1 << 32 and b < 1 << 32 for a, b in neardup._PERMUTATIONS)
    rng = np.random.default_rng(0)
    edges = np.array([0, 1, neardup._PRIME - 1, neardup._PRIME, neardup._PRIME + 1,
                      (1 << 32) - 1, 1 << 32, (1 << 64) - 1, (1 << 64) - neardup._PRIME],
                     dtype=np.uint64)
    values = np.concatenate([edges, rng.integers(0, 1 << 64, 1_000_000, dtype=np.uint64,
                                                 endpoint=False)])
    assert np.array_equal(neardup._mod_prime(values.copy()), values % np.uint64(neardup._PRIME))
