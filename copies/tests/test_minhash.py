import numpy as np
from datasketch import MinHash
from django.test import SimpleTestCase

from copies import minhash


def long_text(words):
    return " ".join(f"w{(i * 7919) % 104729}" for i in range(words))


class SignatureTests(SimpleTestCase):
    def test_a_long_page_hashed_in_slices_has_the_signature_of_all_its_shingles(self):
        """Slicing the shingles (to bound memory) must not change the signature."""
        body = f"<p>{long_text(minhash.BATCH * 3 + 17)}</p>"
        hashes = minhash.shingle_hashes("A title", body).tolist()
        self.assertGreater(len(hashes), minhash.BATCH * 3)
        whole = MinHash(
            num_perm=minhash.NUM_PERM,
            seed=1,
            hashfunc=int,
            permutations=minhash._permutations(),
            scheme="affine32",
        )
        whole.update_batch(hashes)
        expected = whole.hashvalues.astype(np.uint64).tobytes()
        self.assertEqual(minhash.signature("A title", body), expected)

    def test_words_past_the_first_slice_count(self):
        """Two pages that differ only after their first slice of shingles differ."""
        start = long_text(minhash.BATCH + 100)
        first = start + " " + " ".join(f"x{i}" for i in range(minhash.BATCH))
        second = start + " " + " ".join(f"y{i}" for i in range(minhash.BATCH))
        self.assertNotEqual(minhash.signature("T", first), minhash.signature("T", second))
