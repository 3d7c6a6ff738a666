"""Near-duplicate detection: MinHash signatures over word shingles, banded for LSH.

The signatures and the banding for the threshold (COPIES_THRESHOLD, an estimated Jaccard
similarity of the shingle sets) are datasketch's, bit for bit (its "affine32" scheme and
MinHashLSH's choice of bands; copies/tests/test_minhash.py checks both against it), but
computed here with numpy: importing datasketch loads SciPy (for the banding's integrals) and
its Redis and Cassandra clients, about 60 MB in every process that imports articles. The
bands are kept in the database, so that every process, and every import, finds the same
candidates.
"""

import functools
import hashlib
import string

import numpy as np
from django.conf import settings

from articles.html import plain_text

NUM_PERM = 128
SHINGLE = 5
# Shingle hashes permuted at a time: each slice makes a (shingles x NUM_PERM) array, so a
# 3.8 MB page in one piece (about 600,000 shingles) held over 300 MB. A signature is a
# minimum per permutation, so hashing in slices gives the same one, in a few MB.
BATCH = 4096
SEED = 1
# MinHashLSH weighs false positives and false negatives alike.
FALSE_POSITIVE_WEIGHT = FALSE_NEGATIVE_WEIGHT = 0.5
# Words are what is left between spaces once punctuation is blanked out: a tenth of the
# cost of a \w+ regular expression, and the same words for the prose of news articles.
_PUNCTUATION = str.maketrans(dict.fromkeys(string.punctuation + "“”‘’‚„–—―…«»‹›·•¡¿", " "))
# Characters of text split into words at a time (see shingle_hashes).
TEXT_SLICE = 64 * 1024
# Each distinct word is hashed once and remembered, up to this many words (then forgotten
# at once): a rebuild meets the same words again and again, and memory stays flat.
WORDS_REMEMBERED = 100_000
_word_hashes = {}
# An odd 64-bit multiplier: a shingle's hash is its words' hashes as a polynomial in it.
_POLY = np.uint64(0x9E3779B97F4A7C15)


@functools.cache
def banding():
    """(bands, rows) that datasketch's MinHashLSH finds best for the threshold.

    The pair that minimises the weighted probabilities of a false positive (pairs less
    similar than the threshold that share a band) and a false negative (pairs more similar
    that share none). The probabilities are integrals of polynomials of degree at most
    NUM_PERM, which Gauss-Legendre quadrature with NUM_PERM // 2 + 1 nodes gives exactly.
    """
    threshold = settings.COPIES_THRESHOLD
    nodes, weights = np.polynomial.legendre.leggauss(NUM_PERM // 2 + 1)

    def integral(function, low, high):
        half = (high - low) / 2
        return float(half * np.dot(weights, function(half * nodes + (low + high) / 2)))

    best, best_error = (0, 0), float("inf")
    for bands in range(1, NUM_PERM + 1):
        for rows in range(1, NUM_PERM // bands + 1):

            def shared(s, bands=bands, rows=rows):  # P(at least one band in common)
                return 1 - (1 - s**rows) ** bands

            error = FALSE_POSITIVE_WEIGHT * integral(shared, 0.0, threshold)
            error += FALSE_NEGATIVE_WEIGHT * integral(lambda s: 1 - shared(s), threshold, 1.0)
            if error < best_error:
                best, best_error = (bands, rows), error
    return best


@functools.cache
def _permutations():
    """The permutations (a, b: h -> a * h + b mod 2**32, a odd) datasketch draws for SEED."""
    generator = np.random.RandomState(SEED)
    a = generator.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _fmix32(values):
    """MurmurHash3's 32-bit finaliser, which datasketch applies to each value first."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def _word_hash(word):
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")


def shingle_hashes(title, body):
    """The 32-bit hashes of the text's 5-word shingles (of all its words when it has fewer
    than five), in the text's order, repeats included: a repeat cannot change a minimum.

    Hashing each word once and combining five word hashes with numpy costs a fraction of
    hashing each shingle's text (SHA-1 per shingle was two thirds of a rebuild's time);
    signature() mixes the values again (MurmurHash3's finaliser) before permuting them.
    """
    text = f"{title} {plain_text(body)}".lower().translate(_PUNCTUATION)
    if len(_word_hashes) > WORDS_REMEMBERED:
        _word_hashes.clear()
    # A slice of the text at a time: the words of a 3.8 MB page, as a list of strings, took
    # some 40 MB; their hashes, in a numpy array, take 8 bytes each.
    pieces, start = [], 0
    while start < len(text):
        end = text.find(" ", start + TEXT_SLICE)
        end = len(text) if end < 0 else end
        words = text[start:end].split()
        values = list(map(_word_hashes.get, words))
        if None in values:
            for n, value in enumerate(values):
                if value is None:
                    values[n] = _word_hashes.setdefault(words[n], _word_hash(words[n]))
        pieces.append(np.array(values, dtype=np.uint64))
        start = end
    hashes = np.concatenate(pieces) if pieces else np.empty(0, dtype=np.uint64)
    if not len(hashes):
        return np.empty(0, dtype=np.uint32)
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
    a, b = _permutations()
    minimum = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)
    for start in range(0, len(hashes), BATCH):
        mixed = _fmix32(hashes[start : start + BATCH]).reshape(-1, 1)
        # uint32 arithmetic wraps: that is the "mod 2**32" of the permutations.
        np.minimum(minimum, (mixed * a + b).min(axis=0), out=minimum)
    return minimum.astype(np.uint64).tobytes()


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
