"""Near-duplicate detection with MinHash and LSH banding.

A wire story syndicated on twenty news sites, or a press release pasted with another
headline, is one story: the pipeline groups such mentions instead of repeating them. Each
text gets 8 band hashes (8 bands x 4 MinHash rows, threshold about 0.6 Jaccard); the
database finds candidates sharing a band (GIN index on the array), and Python confirms with
the real Jaccard similarity of the two texts' word sets.
"""

import hashlib
import re
import unicodedata
import zlib

BANDS = 8
ROWS = 4
MIN_TOKENS = 12  # shorter texts ("love it!", "great service") look alike by chance
SIMILARITY = 0.6
_MASK = 0xFFFFFFFF
_PRIME = 4294967311  # smallest prime above 2^32
# Fixed seeds: signatures must be stable across processes and releases.
_PERMUTATIONS = [((i * 2654435761 + 97) % _PRIME | 1, (i * 40503 + 7919) % _PRIME)
                 for i in range(1, BANDS * ROWS + 1)]
_WORD = re.compile(r"\w+", re.UNICODE)


def word_set(text: str) -> frozenset[str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return frozenset(_WORD.findall(folded))


def band_hashes(words: frozenset[str]) -> list[int] | None:
    """The 8 LSH band hashes (signed 64-bit, for a bigint[] column), or None if too short."""
    if len(words) < MIN_TOKENS:
        return None
    hashes = [zlib.crc32(w.encode()) for w in words]
    signature = [min((a * h + b) % _PRIME & _MASK for h in hashes) for a, b in _PERMUTATIONS]
    result = []
    for band in range(BANDS):
        rows = signature[band * ROWS:(band + 1) * ROWS]
        packed = band.to_bytes(1, "big") + b"".join(r.to_bytes(4, "big") for r in rows)
        result.append(int.from_bytes(hashlib.blake2b(packed, digest_size=8).digest(), "big",
                                     signed=True))
    return result


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
