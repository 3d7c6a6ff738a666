"""Each process's copies of the pages it served last."""

from django.test import SimpleTestCase

from pagecache import LocalCopies


class LocalCopiesTests(SimpleTestCase):
    def test_local_copies_are_bounded_in_bytes(self):
        """The per-process copies keep the most recently used pages within their budget."""

        def page(size, token="t"):
            return {"token": token, "content": b"x" * size, "parts": None}

        copies = LocalCopies(max_bytes=100)
        copies.put("a", page(40))
        copies.put("b", page(40))
        self.assertIsNotNone(copies.get("a"))  # now the most recently used
        copies.put("c", page(40))
        self.assertIsNone(copies.get("b"))
        self.assertIsNotNone(copies.get("a"))
        self.assertIsNotNone(copies.get("c"))
        copies.put("huge", page(101))
        self.assertIsNone(copies.get("huge"))
        personal = {"token": "t", "content": None, "parts": [b"y" * 90, (b"csrf", b"")]}
        copies.put("d", personal)
        self.assertEqual([copies.get(k) is not None for k in "acd"], [False, False, True])
