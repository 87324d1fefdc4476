"""Near-duplicate detection with MinHash and LSH banding.

A wire story syndicated on twenty news sites, or a press release pasted with another
headline, is one story: the pipeline groups such mentions instead of repeating them. Each
text gets 8 band hashes (8 bands x 4 MinHash rows, threshold about 0.6 Jaccard); the
database finds recent mentions sharing a band (a covering index of the last 30 days' bands,
or for a small batch the GIN index on them), and Python confirms with the real Jaccard
similarity of the two texts' word sets.

Only content words count: French and English stop words ("le", "de", "the", "is") are in
almost every post, so with them two unrelated posts of the same language share a good part
of their sets and collide on bands by chance, which floods the candidate query.
"""

import re
import unicodedata
import zlib
from collections.abc import Sequence
from hashlib import blake2b
from itertools import chain

import numpy as np

BANDS = 8
ROWS = 4
MIN_TOKENS = 8  # content words; shorter texts ("love it!", "great service") look alike by chance
SIMILARITY = 0.6
_PRIME = 4294967311  # smallest prime above 2^32
# Fixed seeds: signatures must be stable across processes and releases.
_PERMUTATIONS = [((i * 2654435761 + 97) % _PRIME | 1, (i * 40503 + 7919) % _PRIME)
                 for i in range(1, BANDS * ROWS + 1)]
_A = np.array([a for a, _ in _PERMUTATIONS], dtype=np.uint64)[:, None]
_B = np.array([b for _, b in _PERMUTATIONS], dtype=np.uint64)[:, None]
# All a and b happen to be under 2^32: a * h + b for a 32-bit h is exact in uint64
# (tests/listening/test_neardup.py checks it).
_WORD = re.compile(r"\w+", re.UNICODE)
# ASCII text: every character \w does not match becomes a space, and str.split() then
# gives what _WORD.findall gives, twice as fast.
_ASCII_WORDS = str.maketrans({chr(c): " " for c in range(128)
                              if not (chr(c).isalnum() or chr(c) == "_")})
# What _fold strips after NFKD: combining marks (the accents of decomposed letters, and
# their like in other scripts). Those of the Basic Multilingual Plane make one character
# class, which the regex engine tests in constant time (with those beyond it, the class
# becomes a slow list); the rare others are looked for apart.
_MARKS = re.compile("[" + "".join(
    chr(c) for c in range(0x10000) if unicodedata.combining(chr(c))) + "]+")
_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")

# Function words of French and English, accents folded as `word_set` folds them, elided
# forms included ("l'ouverture" gives "l" and "ouverture").
_STOP_WORDS_TEXT = """
a afin ai aie aient ainsi alors as au aucun aupres aussi autre autres aux avaient avais
avait avant avec avez avions avoir avons c ca ce ceci cela celle celles celui cependant
ces cet cette ceux chaque chez ci comme comment d dans de des deja depuis dont donc du
elle elles en encore entre es est et etaient etais etait etant ete etes etre eu eux fait
faire fais font fut j je jusqu l la le les leur leurs lors lorsqu lui m ma mais me meme
memes mes moi mon n ne ni nos notre nous on ont ou par parce pas pendant peu peut plus
pour pourquoi qu quand que quel quelle quelles quels qui quoi s sa sans se selon ses si
sien soi soit son sont sous suis sur t ta te tes toi ton tous tout toute toutes tres tu
un une vers via voici voila vos votre vous vu y
about above after again against all am an and any are aren as at be because been before
being below between both but by can cannot could couldn did didn do does doesn doing don
down during each few for from further had hadn has hasn have haven having he her here
hers herself him himself his how i if in into is isn it its itself just let ll me more
most my myself no nor not now of off on once only or other our ours ourselves out over
own re same she should so some such than that the their theirs them themselves then
there these they this those through to too under until up very was wasn we were weren
what when where which while who whom why will with won would wouldn you your yours
yourself yourselves
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


def _fold(text: str) -> str:
    folded = text.casefold()
    if folded.isascii():  # most English text: NFKD leaves ASCII as it is, nothing to strip
        return folded
    folded = _MARKS.sub("", unicodedata.normalize("NFKD", folded))
    if folded.isascii():  # French and most Latin-script text, accents gone
        return folded
    marks = [c for c in _BEYOND_BMP.findall(folded) if unicodedata.combining(c)]
    return folded.translate(dict.fromkeys(map(ord, marks))) if marks else folded


def word_set(text: str) -> frozenset[str]:
    """The content words of `text`, case and accents folded: what similarity compares."""
    folded = _fold(text)
    words = folded.translate(_ASCII_WORDS).split() if folded.isascii() else _WORD.findall(folded)
    return frozenset(words) - STOP_WORDS


def band_hashes_many(word_sets: Sequence[frozenset[str]]) -> list[list[int] | None]:
    """The 8 LSH band hashes (signed 64-bit, for a bigint[] column) of each set, or None
    for a set too short to tell; the MinHash of the whole batch is one numpy computation."""
    out: list[list[int] | None] = [None] * len(word_sets)
    chosen = [i for i, words in enumerate(word_sets) if len(words) >= MIN_TOKENS]
    if not chosen:
        return out
    sizes = [len(word_sets[i]) for i in chosen]
    h = np.fromiter(map(zlib.crc32, map(str.encode, chain.from_iterable(
        word_sets[i] for i in chosen))), dtype=np.uint64, count=sum(sizes))
    x = _A * h  # (a * h + b) mod p, exact in uint64 (see _A), reduced without a division
    x += _B
    x = _mod_prime(x) & np.uint64(0xFFFFFFFF)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    minima = np.minimum.reduceat(x, starts, axis=1)  # BANDS * ROWS per text, in columns
    # each band's hash: blake2b of the band number then its ROWS minima (big-endian uint32)
    message = np.empty((len(chosen), BANDS, 1 + ROWS * 4), dtype=np.uint8)
    message[:, :, 0] = np.arange(BANDS)
    message[:, :, 1:] = np.ascontiguousarray(minima.T, dtype=">u4").view(np.uint8).reshape(
        len(chosen), BANDS, ROWS * 4)
    data = message.tobytes()
    size = message.shape[2]
    digests = b"".join([blake2b(data[at:at + size], digest_size=8).digest()
                        for at in range(0, len(data), size)])
    hashes = np.frombuffer(digests, dtype=">i8").tolist()
    for k, i in enumerate(chosen):
        out[i] = hashes[k * BANDS:(k + 1) * BANDS]
    return out


def _mod_prime(z: np.ndarray) -> np.ndarray:
    """z mod _PRIME (z is overwritten), without numpy's slow 64-bit division: since
    2^32 = -15 (mod _PRIME), hi * 2^32 + lo = lo - 15 * hi, twice, then one conditional
    subtraction."""
    p = np.uint64(_PRIME)
    t = z & np.uint64(0xFFFFFFFF)
    t += np.uint64(16 * _PRIME)  # keeps t positive: 15 * hi < 16 * p
    z >>= np.uint64(32)
    z *= np.uint64(15)
    t -= z  # < 2^37
    np.right_shift(t, np.uint64(32), out=z)
    z *= np.uint64(15)
    t &= np.uint64(0xFFFFFFFF)
    t += p
    t -= z  # in (p - 2^8, 2^32 + p)
    np.subtract(t, p, out=z)
    return np.minimum(t, z, out=t)  # t - p wraps around, to more than t, when t < p


def band_hashes(words: frozenset[str]) -> list[int] | None:
    """`band_hashes_many` of one set."""
    return band_hashes_many([words])[0]


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
