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
    # pass in the regular-expression engine over the lower-cased text; only what it finds
    # is stemmed. Plain prefixes let the engine skip along the text; a look-behind for the
    # word's start, or ignoring case, made it try every position (ten to thirty times
    # slower on a body of 4,000 characters): the start is checked on what it finds.
    prefixes = sorted({stem[:3] for stem in found if stem})
    return re.compile(r"(?:" + "|".join(map(re.escape, prefixes)) + r")\w*")


def _first_found(text, found):
    """The first word of `text` (a match in it) whose stem is in `found`, or None."""
    lowered = text.lower()
    if len(lowered) != len(text):
        # A few letters lower-case to two characters (İ): positions would not carry over.
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    for match in _candidates(found).finditer(lowered):
        start = match.start()
        if start and (lowered[start - 1].isalnum() or lowered[start - 1] == "_"):
            continue  # inside a word, not at its start
        if stems([match.group()])[0] in found:
            return match
    return None


def body_snippet(body, found, size=SNIPPET_WORDS):
    """About `size` words of the body from a little before the first word whose stem is in
    `found`, matched words between MARK_START and MARK_END, "…" where the text is cut.
    With no match (a title-only one, say) it is the opening."""
    text = plain_text(body)
    start = 0
    found = frozenset(found)
    match = _first_found(text, found) if found else None
    if match is not None:
        before = list(WORD.finditer(text, max(0, match.start() - 40 * size), match.start()))
        keep = before[-(size // 4) :]
        start = keep[0].start() if keep else match.start()
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
