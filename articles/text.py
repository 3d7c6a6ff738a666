"""Plain-text clean-up shared by the comment form and the importers.

One definition, so that a name typed into the form and a name read from a WordPress export
lose exactly the same characters.
"""

import re

# Bidirectional marks, overrides and isolates (the Arabic letter mark and U+200E/F among
# them), zero-width spaces and joiners, invisible operators, the Mongolian vowel separator
# and the byte-order mark: invisible, and able to make a name or an address read
# differently from what it is.
INVISIBLE = re.compile("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def strip_invisible(value):
    return INVISIBLE.sub("", value or "")
