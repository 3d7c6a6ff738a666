"""Highlighted snippets for the page of results shown (the only articles that get one)."""

import functools
import itertools
import re

from django.db import connection

from ..html import MARK_END, MARK_START, plain_text
from . import postgres, sqlite, switches
from .query import WORD, parse_query, stems

SNIPPET_WORDS = 32


def attach_snippets(articles, text):
    """Give each article of a page of results its `snippet_raw` (one query on SQLite, none
    on PostgreSQL); Article.search_snippet shows it highlighted and escaped."""
    parsed = parse_query(text)
    articles = list(articles)
    if not parsed or not articles:
        return articles
    if connection.vendor != "postgresql":
        snippets = sqlite.snippets(articles, parsed, SNIPPET_WORDS)
    elif switches.enabled("python_snippets"):
        # ts_headline would parse each whole body again in the database, the costliest part
        # of a search; the page's bodies are loaded anyway, so the words are found here,
        # by the same Snowball stemmer PostgreSQL's english configuration uses.
        found = {stem for group in parsed.groups for words in group for stem in stems(words)}
        snippets = {article.pk: body_snippet(article.body, found) for article in articles}
    else:
        snippets = postgres.headlines(articles, parsed, SNIPPET_WORDS)
    for article in articles:
        article.snippet_raw = snippets.get(article.pk, "")
    return articles


@functools.lru_cache(maxsize=256)
def _candidates(found):
    # A word can only stem to one of `found` if it starts as the stem does: a quick first
    # pass in the regular-expression engine; only what it finds is stemmed.
    prefixes = sorted({stem[:3] for stem in found if stem})
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, prefixes)) + r")\w*", re.IGNORECASE)


def body_snippet(body, found, size=SNIPPET_WORDS):
    """About `size` words of the body from a little before the first word whose stem is in
    `found`, matched words between MARK_START and MARK_END, "…" where the text is cut.
    With no match (a title-only one, say) it is the opening."""
    text = plain_text(body)
    start = 0
    found = frozenset(found)
    if found:
        for match in _candidates(found).finditer(text):
            if stems([match.group().lower()])[0] in found:
                before = list(WORD.finditer(text, max(0, match.start() - 40 * size), match.start()))
                keep = before[-(size // 4) :]
                start = keep[0].start() if keep else match.start()
                break
    tokens = list(itertools.islice(WORD.finditer(text, start), size + 1))
    if not tokens:
        return ""
    more = len(tokens) > size
    tokens = tokens[:size]
    marked = stems([token.group().lower() for token in tokens]) if found else []
    pieces, position = [], tokens[0].start()
    for i, token in enumerate(tokens):
        pieces.append(text[position : token.start()])
        word = token.group()
        pieces.append(f"{MARK_START}{word}{MARK_END}" if found and marked[i] in found else word)
        position = token.end()
    ellipsis = "\N{HORIZONTAL ELLIPSIS}"
    opening = WORD.search(text)
    cut_before = opening is not None and opening.start() < tokens[0].start()
    return (ellipsis if cut_before else "") + "".join(pieces) + (ellipsis if more else "")
