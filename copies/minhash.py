"""Near-duplicate detection: MinHash signatures over word shingles, banded for LSH.

datasketch computes the signatures and chooses the banding for the threshold
(COPIES_THRESHOLD, an estimated Jaccard similarity of the shingle sets); the bands are kept
in the database, so that every process, and every import, finds the same candidates.
"""

import functools
import hashlib
import re

import numpy as np
from datasketch import MinHash, MinHashLSH
from django.conf import settings

from articles.html import plain_text

NUM_PERM = 128
SHINGLE = 5
# Shingles hashed per call: datasketch builds a (shingles x NUM_PERM) array of 64-bit
# integers for each call, so a 3.8 MB page hashed in one call (about 600,000 shingles) held
# over 600 MB. A signature is a minimum per permutation, so hashing in slices gives the
# same one, in a few MB.
BATCH = 4096
_WORD = re.compile(r"\w+")


@functools.cache
def banding():
    """(bands, rows) that datasketch finds best for the threshold."""
    lsh = MinHashLSH(threshold=settings.COPIES_THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def shingles(title, body):
    words = _WORD.findall(f"{title} {plain_text(body)}".lower())
    if len(words) < SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def signature(title, body):
    """The MinHash signature as bytes, or None for a text too short to compare."""
    pieces = shingles(title, body)
    if len(pieces) < 3:
        return None
    minhash = MinHash(num_perm=NUM_PERM, seed=1)
    pieces = list(pieces)
    for start in range(0, len(pieces), BATCH):
        minhash.update_batch(pieces[start : start + BATCH])
    return minhash.hashvalues.astype(np.uint64).tobytes()


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
