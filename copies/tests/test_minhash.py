import subprocess
import sys
from unittest import mock

import numpy as np
from datasketch import MinHash, MinHashLSH
from django.test import SimpleTestCase, override_settings

from copies import minhash


def long_text(words):
    return " ".join(f"w{(i * 7919) % 104729}" for i in range(words))


class SignatureTests(SimpleTestCase):
    def test_a_long_page_hashed_in_slices_has_the_signature_of_all_its_shingles(self):
        """Slicing the shingles (to bound memory) must not change the signature."""
        body = f"<p>{long_text(minhash.BATCH * 3 + 17)}</p>"
        hashes = minhash.shingle_hashes("A title", body).tolist()
        self.assertGreater(len(hashes), minhash.BATCH * 3)
        # datasketch's own permutations for the seed: the signatures kept are its.
        whole = MinHash(num_perm=minhash.NUM_PERM, seed=1, hashfunc=int, scheme="affine32")
        whole.update_batch(hashes)
        expected = whole.hashvalues.astype(np.uint64).tobytes()
        self.assertEqual(minhash.signature("A title", body), expected)

    def test_a_long_text_split_into_words_in_slices_gives_the_same_shingles(self):
        """Splitting the text a slice at a time (to bound memory) cuts no word in two."""
        body = f"<p>{long_text(30_000)}</p>"
        sliced = minhash.shingle_hashes("A title", body)
        with mock.patch.object(minhash, "TEXT_SLICE", 10**9):
            whole = minhash.shingle_hashes("A title", body)
        self.assertGreater(len(body), minhash.TEXT_SLICE * 2)
        self.assertEqual(sliced.tolist(), whole.tolist())
        self.assertEqual(len(whole), 30_000 + 2 - 4)

    def test_words_past_the_first_slice_count(self):
        """Two pages that differ only after their first slice of shingles differ."""
        start = long_text(minhash.BATCH + 100)
        first = start + " " + " ".join(f"x{i}" for i in range(minhash.BATCH))
        second = start + " " + " ".join(f"y{i}" for i in range(minhash.BATCH))
        self.assertNotEqual(minhash.signature("T", first), minhash.signature("T", second))


class DatasketchTests(SimpleTestCase):
    """The signatures and bands are datasketch's, computed without importing it."""

    def test_short_texts_have_datasketchs_signature(self):
        """A few shingles, one slice: the same 128 minima as datasketch's MinHash."""
        for text in ["one two three four five six", long_text(40), long_text(900)]:
            with self.subTest(words=len(text.split())):
                hashes = minhash.shingle_hashes("T", f"<p>{text}</p>").tolist()
                theirs = MinHash(num_perm=minhash.NUM_PERM, seed=1, hashfunc=int)
                theirs.update_batch(hashes)
                self.assertEqual(
                    minhash.signature("T", f"<p>{text}</p>"),
                    theirs.hashvalues.astype(np.uint64).tobytes(),
                )

    def test_banding_is_minhashlshs_for_every_threshold(self):
        """The (bands, rows) MinHashLSH chooses, from a threshold of 0.05 to 0.95."""
        for step in range(1, 20):
            threshold = step / 20
            with self.subTest(threshold=threshold), override_settings(COPIES_THRESHOLD=threshold):
                minhash.banding.cache_clear()
                lsh = MinHashLSH(threshold=threshold, num_perm=minhash.NUM_PERM)
                self.assertEqual(minhash.banding(), (lsh.b, lsh.r))
        minhash.banding.cache_clear()

    def test_the_import_does_not_load_datasketch(self):
        """Importing articles never imports datasketch (and SciPy with it)."""
        code = (
            "import django, sys; django.setup(); "
            "from django.core.management import load_command_class; "
            "load_command_class('articles', 'import_articles'); import copies.detection; "
            "print(sorted(m for m in ('datasketch', 'scipy') if m in sys.modules))"
        )
        result = subprocess.run(  # nosec B603: our own interpreter, no shell
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        self.assertEqual(result.stdout.strip().splitlines()[-1], "[]")
