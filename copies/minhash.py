"""Near-duplicate detection: MinHash signatures over word shingles, banded for LSH.

datasketch computes the signatures and chooses the banding for the threshold
(COPIES_THRESHOLD, an estimated Jaccard similarity of the shingle sets); the bands are kept
in the database, so that every process, and every import, finds the same candidates.
"""

import functools
import hashlib
import string

import numpy as np
from datasketch import MinHash, MinHashLSH
from django.conf import settings

from articles.html import plain_text

NUM_PERM = 128
SHINGLE = 5
# Shingle hashes given to datasketch per call: it builds a (shingles x NUM_PERM) array of
# 64-bit integers for each call, so a 3.8 MB page hashed in one call (about 600,000
# shingles) held over 600 MB. A signature is a minimum per permutation, so hashing in slices
# gives the same one, in a few MB.
BATCH = 4096
# Words are what is left between spaces once punctuation is blanked out: a tenth of the
# cost of a \w+ regular expression, and the same words for the prose of news articles.
_PUNCTUATION = str.maketrans(dict.fromkeys(string.punctuation + "“”‘’‚„–—―…«»‹›·•¡¿", " "))
# Each distinct word is hashed once and remembered, up to this many words (then forgotten
# at once): a rebuild meets the same words again and again, and memory stays flat.
WORDS_REMEMBERED = 100_000
_word_hashes = {}
# An odd 64-bit multiplier: a shingle's hash is its words' hashes as a polynomial in it.
_POLY = np.uint64(0x9E3779B97F4A7C15)


@functools.cache
def banding():
    """(bands, rows) that datasketch finds best for the threshold."""
    lsh = MinHashLSH(threshold=settings.COPIES_THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


@functools.cache
def _permutations():
    """datasketch's permutations for our seed, drawn once rather than for every article."""
    return MinHash(num_perm=NUM_PERM, seed=1).permutations


def _word_hash(word):
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")


def shingle_hashes(title, body):
    """The 32-bit hashes of the text's 5-word shingles (of all its words when it has fewer
    than five), in the text's order, repeats included: a repeat cannot change a minimum.

    Hashing each word once and combining five word hashes with numpy costs a fraction of
    hashing each shingle's text (SHA-1 per shingle was two thirds of a rebuild's time);
    datasketch mixes the values again (its MurmurHash3 finaliser) before permuting them.
    """
    words = f"{title} {plain_text(body)}".lower().translate(_PUNCTUATION).split()
    if not words:
        return np.empty(0, dtype=np.uint32)
    if len(_word_hashes) > WORDS_REMEMBERED:
        _word_hashes.clear()
    values = list(map(_word_hashes.get, words))
    if None in values:
        for n, value in enumerate(values):
            if value is None:
                values[n] = _word_hashes.setdefault(words[n], _word_hash(words[n]))
    hashes = np.array(values, dtype=np.uint64)
    width = min(SHINGLE, len(hashes))
    count = len(hashes) - width + 1
    combined = hashes[:count].copy()
    for offset in range(1, width):
        # Wraps modulo 2**64, as intended (numpy arrays overflow silently).
        combined = combined * _POLY + hashes[offset : offset + count]
    return (combined >> np.uint64(32)).astype(np.uint32)


def signature(title, body):
    """The MinHash signature as bytes, or None for a text too short to compare."""
    hashes = shingle_hashes(title, body)
    if not _distinct(hashes, 3):
        return None
    minhash = MinHash(
        num_perm=NUM_PERM, seed=1, hashfunc=int, permutations=_permutations(), scheme="affine32"
    )
    values = hashes.tolist()
    for start in range(0, len(values), BATCH):
        minhash.update_batch(values[start : start + BATCH])
    return minhash.hashvalues.astype(np.uint64).tobytes()


def _distinct(hashes, least):
    """At least `least` different values: most texts show them in their first words."""
    return len(set(hashes[:64].tolist())) >= least or len(np.unique(hashes)) >= least


def similarity(first, second):
    a = np.frombuffer(first, dtype=np.uint64)
    b = np.frombuffer(second, dtype=np.uint64)
    return float(np.count_nonzero(a == b)) / len(a)


def bands(signature_bytes):
    """Each band's number and a 63-bit hash of its rows (a signed bigint column)."""
    count, rows = banding()
    values = np.frombuffer(signature_bytes, dtype=np.uint64)
    for number in range(count):
        chunk = values[number * rows : (number + 1) * rows].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8).digest()
        yield number, int.from_bytes(digest, "big") >> 1
