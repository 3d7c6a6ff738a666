"""One switch per optimisation of the PostgreSQL search, all on in the site.

bench/search.py --ablate turns each off in turn to measure what it buys; nothing else
changes them. Off, the search finds the same articles, only by a plainer way:

- pair_keys: a quoted phrase is narrowed by its word-pair keys in the index, and one of
  two words in a row is proven by its key (off: every phrase checked by positions alone).
- rank_head: ranking reads the small search_head vector (off: the whole search_vector).
- python_snippets: snippets are found in Python with PyStemmer (off: ts_headline).
- tag_keys: a tag filter is a key in the index, the facets read search_tags (off: joins).
- estimate: the first window is sized from the words' statistics (off: the smallest).
"""

import contextlib

ENABLED = {
    "pair_keys": True,
    "rank_head": True,
    "python_snippets": True,
    "tag_keys": True,
    "estimate": True,
}


def enabled(name):
    return ENABLED[name]


@contextlib.contextmanager
def switched_off(*names):
    """Turn these optimisations off for the duration (the benchmark's ablation, tests)."""
    saved = dict(ENABLED)
    ENABLED.update(dict.fromkeys(names, False))
    try:
        yield
    finally:
        ENABLED.update(saved)
