"""Giving back the memory a large page took, so that the next one starts low again.

Extracting a page near html.MAX_BYTES, and writing it (search index, figures, copies),
allocates some 100 MB in many small blocks. Python frees them, but glibc's malloc keeps
the freed space in its heaps and the process's resident size stays at its high-water
mark; the next large page then adds its own on top. ``malloc_trim`` hands the free pages
back to the system. Elsewhere than glibc (macOS, musl) this does nothing.

trafilatura and htmldate remember recent lines of text in caches of up to 16,384 entries
each; after a large page those are its paragraphs, held until other pages push them out.
They are emptied too: a cache kept warm across pages of a crawl buys little, as pages
rarely share lines but for their furniture.
"""

import ctypes
import ctypes.util
import functools
import gc

from htmldate.extractors import try_date_expr
from trafilatura.utils import line_processing, return_printables_and_spaces, trim

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
    """Empty the extraction's caches, collect garbage and give free pages back."""
    # trafilatura.meta.reset_caches() does this and more, but logs an error about a
    # charset_normalizer function it cannot find (which would be on the command's output).
    for cached in (line_processing, return_printables_and_spaces, trim, try_date_expr):
        cached.cache_clear()
    gc.collect()
    malloc_trim = _malloc_trim()
    if malloc_trim is not None:
        malloc_trim(0)
