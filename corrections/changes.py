"""Is a change to a published article's body material enough to call for a note?

A changed figure always is (business news is its numbers); otherwise five words or more
added, removed or replaced. Changes in markup, spacing or punctuation alone are not:
fixing a typo or a link needs no note to readers.
"""

import difflib
import re

from articles.html import plain_text, render_body

MATERIAL_WORDS = 5
_WORD = re.compile(r"\w+(?:[.,]\d+)*")


def words(body):
    return _WORD.findall(plain_text(render_body(body or "")).casefold())


def is_material(old_body, new_body):
    old, new = words(old_body), words(new_body)
    changed = 0
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        touched = old[a1:a2] + new[b1:b2]
        if any(any(ch.isdigit() for ch in word) for word in touched):
            return True
        changed += max(a2 - a1, b2 - b1)
    return changed >= MATERIAL_WORDS
