"""Near-duplicate detection with MinHash and LSH banding.

A wire story syndicated on twenty news sites, or a press release pasted with another
headline, is one story: the pipeline groups such mentions instead of repeating them. Each
text gets 8 band hashes (8 bands x 4 MinHash rows, threshold about 0.6 Jaccard); the
database finds candidates sharing a band (GIN index on the array), and Python confirms with
the real Jaccard similarity of the two texts' word sets.

Only content words count: French and English stop words ("le", "de", "the", "is") are in
almost every post, so with them two unrelated posts of the same language share a good part
of their sets and collide on bands by chance, which floods the candidate query.
"""

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Sequence

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
_WORD = re.compile(r"\w+", re.UNICODE)

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
    folded = unicodedata.normalize("NFKD", text.casefold())
    if folded.isascii():  # most English text: nothing to strip
        return folded
    return "".join(c for c in folded if not unicodedata.combining(c))


def word_set(text: str) -> frozenset[str]:
    """The content words of `text`, case and accents folded: what similarity compares."""
    return frozenset(_WORD.findall(_fold(text))) - STOP_WORDS


def band_hashes_many(word_sets: Sequence[frozenset[str]]) -> list[list[int] | None]:
    """The 8 LSH band hashes (signed 64-bit, for a bigint[] column) of each set, or None
    for a set too short to tell; the MinHash of the whole batch is one numpy computation."""
    out: list[list[int] | None] = [None] * len(word_sets)
    chosen = [i for i, words in enumerate(word_sets) if len(words) >= MIN_TOKENS]
    if not chosen:
        return out
    sizes = [len(word_sets[i]) for i in chosen]
    h = np.fromiter((zlib.crc32(w.encode()) for i in chosen for w in word_sets[i]),
                    dtype=np.uint64, count=sum(sizes))
    # (a*h + b) mod p exactly in uint64: a*h would overflow, so h is split in 16-bit
    # halves and every intermediate stays below 2^50.
    p = np.uint64(_PRIME)
    x = ((_A * (h >> np.uint64(16))) % p) * np.uint64(65536) + _A * (h & np.uint64(0xFFFF))
    x = ((x + _B) % p) & np.uint64(0xFFFFFFFF)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    # one row per text, BANDS * ROWS minima each, as big-endian uint32 bytes
    signatures = np.minimum.reduceat(x, starts, axis=1).T.astype(">u4").tobytes()
    width = BANDS * ROWS * 4
    for k, i in enumerate(chosen):
        signature = signatures[k * width:(k + 1) * width]
        out[i] = [int.from_bytes(hashlib.blake2b(
            bytes((band,)) + signature[band * ROWS * 4:(band + 1) * ROWS * 4],
            digest_size=8).digest(), "big", signed=True) for band in range(BANDS)]
    return out


def band_hashes(words: frozenset[str]) -> list[int] | None:
    """`band_hashes_many` of one set."""
    return band_hashes_many([words])[0]


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
