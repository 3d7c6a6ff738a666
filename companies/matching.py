"""Finding companies' names in a text, in one pass whatever the number of names.

An Aho-Corasick automaton (pyahocorasick) holds every name and alias, lower-cased; the
text is lower-cased once and scanned once, so the work grows with the text, not with the
number of companies. Each hit is then checked:

- whole words only: "JD" is not found in "JDate" nor "Alibaba" in "Alibabas";
- short (four characters or fewer) or all-capital aliases only match with exactly their
  case, so "JD" is not found in "jd" and "AMD" not in "amd";
- where names overlap ("Alibaba Pictures" and "Alibaba") the longest wins.

Chinese or Japanese characters have no spaces between words, so an edge written in them
needs no word boundary ("京东" is found in "京东集团").
"""

import unicodedata
from dataclasses import dataclass, field

import ahocorasick

SHORT_ALIAS = 4


def _lower(text):
    """`text` lower-cased character by character, so offsets stay those of `text`."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def case_sensitive(alias):
    letters = [c for c in alias if c.isalpha()]
    return len(alias) <= SHORT_ALIAS or (bool(letters) and all(c.isupper() for c in letters))


def _is_word(char):
    return char.isalnum() or char == "_"


def _needs_boundary(char):
    # CJK ideographs and kana are written without spaces: no boundary to look for.
    return _is_word(char) and not unicodedata.name(char, "").startswith(
        ("CJK", "HIRAGANA", "KATAKANA")
    )


@dataclass
class Mentions:
    """What was found of one company: how many times, and whether in the title."""

    count: int = 0
    in_title: bool = False
    spans: list = field(default_factory=list)


class Matcher:
    """Built once from (company id, names) pairs; `find()` then scans any number of texts."""

    def __init__(self, companies):
        self.automaton = ahocorasick.Automaton()
        patterns = {}
        for company_id, names in companies:
            for name in names:
                name = name.strip()
                if not name:
                    continue
                key = _lower(name)
                patterns.setdefault(key, []).append((company_id, name, case_sensitive(name)))
        for key, entries in patterns.items():
            self.automaton.add_word(key, (len(key), entries))
        self.empty = not patterns
        if not self.empty:
            self.automaton.make_automaton()

    def spans(self, text):
        """(start, end, company id) of every accepted match, longest first where they overlap."""
        if self.empty or not text:
            return []
        found = []
        for end, (length, entries) in self.automaton.iter(_lower(text)):
            start, stop = end - length + 1, end + 1
            if not self._whole_word(text, start, stop):
                continue
            for company_id, name, exact in entries:
                if not exact or text[start:stop] == name:
                    found.append((start, stop, company_id))
        found.sort(key=lambda span: (span[0], -(span[1] - span[0])))
        accepted, reached = [], 0
        for start, stop, company_id in found:
            if start >= reached or (accepted and accepted[-1][:2] == (start, stop)):
                # Two companies may share a name: both are suggested, the editor decides.
                accepted.append((start, stop, company_id))
                reached = max(reached, stop)
        return accepted

    @staticmethod
    def _whole_word(text, start, stop):
        first, last = text[start], text[stop - 1]
        if start > 0 and _needs_boundary(first) and _is_word(text[start - 1]):
            return False
        return not (stop < len(text) and _needs_boundary(last) and _is_word(text[stop]))

    def find(self, title, body):
        """{company id: Mentions} for an article's title and text."""
        mentions = {}
        for part, in_title in ((title, True), (body, False)):
            for start, stop, company_id in self.spans(part):
                found = mentions.setdefault(company_id, Mentions())
                found.count += 1
                found.in_title |= in_title
                found.spans.append((in_title, start, stop))
        return mentions
