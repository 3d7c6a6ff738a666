"""Giving back the memory a large page took, so that the next one starts low again.

Extracting a page near html.MAX_BYTES, and writing it (search index, figures, copies),
allocates some 100 MB in many small blocks. Python frees them, but glibc's malloc keeps
the freed space in its heaps and the process's resident size stays at its high-water
mark; the next large page then adds its own on top. ``malloc_trim`` hands the free pages
back to the system. Elsewhere than glibc (macOS, musl) this does nothing.
"""

import ctypes
import ctypes.util
import functools
import gc

# Below this a page's tree and its extraction stay within a few MB: not worth a collection.
LARGE_PAGE = 1024 * 1024


@functools.cache
def _malloc_trim():
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None


def release():
    """Collect garbage now and give the heaps' free pages back to the system."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
