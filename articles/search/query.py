"""The query language, shared by both databases: web-search syntax parsed once into a tree.

Words, "quoted phrases", `or` between alternatives and `-word` to exclude. Every term is
reduced to plain words, so no reader input is ever read as operator syntax by either engine.
"""

import functools
import re
from dataclasses import dataclass, field

# The text-search configuration on PostgreSQL: English stemming and stop words.
PG_CONFIG = "english"
MAX_TERMS = 12
MAX_WORD_LENGTH = 60

# Left out of searches unless quoted, on both databases alike.
STOP_WORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "in"}
    | {"is", "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "with"}
)
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
WORD = re.compile(r"\w+")


@dataclass
class ParsedQuery:
    """AND of groups; each group an OR of phrases; a phrase is a tuple of words."""

    groups: list = field(default_factory=list)
    excluded: list = field(default_factory=list)
    truncated: bool = False

    def __bool__(self):
        # Only exclusions would match nearly everything: not a search.
        return bool(self.groups)

    def fts5(self):
        """The FTS5 MATCH expression: every phrase double-quoted, so it is only ever words."""
        expression = self.fts5_positive()
        for words in self.excluded:
            expression = f"({expression}) NOT {fts5_phrase(words)}"
        return expression

    def fts5_positive(self):
        """The FTS5 expression of the groups alone, without the exclusions."""
        return " AND ".join(
            "(" + " OR ".join(fts5_phrase(p) for p in group) + ")" for group in self.groups
        )

    def tsquery(self, as_words=()):
        """The PostgreSQL query. A phrase that is a group of its own and in `as_words` is
        asked for as its words, in any order: the index's pair keys check the order
        (postgres.match())."""
        from django.contrib.postgres.search import SearchQuery

        def phrase(words, kind="phrase"):
            kind = kind if len(words) > 1 else "plain"
            return SearchQuery(" ".join(words), search_type=kind, config=PG_CONFIG)

        query = None
        for group in self.groups:
            if len(group) == 1 and group[0] in as_words:
                alternatives = phrase(group[0], "plain")
            else:
                alternatives = phrase(group[0])
                for words in group[1:]:
                    alternatives |= phrase(words)
            query = alternatives if query is None else query & alternatives
        for words in self.excluded:
            query &= ~phrase(words)
        return query


def fts5_phrase(words):
    return '"' + " ".join(words) + '"'


def parse_query(text):
    """Parse web-search syntax into a ParsedQuery; never fails, whatever the input.

    An already parsed query is returned as it is.
    """
    if isinstance(text, ParsedQuery):
        return text
    parsed = ParsedQuery()
    pending_or = False
    terms = 0
    for match in _TOKEN.finditer((text or "").replace("\x00", " ")):
        negated, quoted, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None and bare.lower() == "or":
            pending_or = bool(parsed.groups)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negated, bare = "-", bare[1:]
        words = tuple(w[:MAX_WORD_LENGTH] for w in WORD.findall((quoted or bare or "").lower()))
        if not words or (bare is not None and len(words) == 1 and words[0] in STOP_WORDS):
            pending_or = False
            continue
        if terms == MAX_TERMS:
            parsed.truncated = True
            break
        terms += 1
        if negated:
            parsed.excluded.append(words)
        elif pending_or:
            parsed.groups[-1].append(words)
        else:
            parsed.groups.append([words])
        pending_or = False
    return parsed


@functools.cache
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def stems(words):
    """The Snowball stems of these words, as PostgreSQL's english configuration makes them."""
    return _stemmer().stemWords(list(words))
