"""One archived article as a reference, written out in the formats researchers paste or load.

Each format is a plain function of a Work, so that the page, the downloads and the tests share
one description of what is cited: who wrote it, where and when it first appeared, and where
and since when this archive keeps it.
"""

import datetime
import json
import re
from dataclasses import dataclass, field

_SPLIT_NAMES = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.IGNORECASE)
_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_KEY_WORD = re.compile(r"[A-Za-z0-9]+")


@dataclass(frozen=True)
class Person:
    given: str
    family: str

    @classmethod
    def parse(cls, name):
        """ "Jane Q. Smith" -> given "Jane Q.", family "Smith"; a single word is a family name."""
        words = name.split()
        return cls(" ".join(words[:-1]), words[-1])

    def initials(self):
        return " ".join(f"{part[0]}." for part in self.given.replace("-", " ").split())


@dataclass(frozen=True)
class Work:
    title: str
    published: datetime.date
    archived: datetime.date
    permanent_url: str
    archive_name: str
    source_name: str = ""
    source_url: str = ""
    authors: tuple = field(default_factory=tuple)
    # A byline that names an organisation ("Reuters staff") is kept whole, not split in two.
    organisation: str = ""

    @classmethod
    def from_byline(cls, byline, **kwargs):
        names = [n for n in _SPLIT_NAMES.split(byline or "") if n.strip()]
        people = tuple(Person.parse(n) for n in names if len(n.split()) > 1)
        if names and len(people) != len(names):
            # One of the names is a single word: an agency or a desk, not a person.
            return cls(organisation=byline.strip(), **kwargs)
        return cls(authors=people, **kwargs)

    @property
    def original_url(self):
        return self.source_url or self.permanent_url

    def container(self):
        return self.source_name or self.archive_name


def _long_date(day):
    return f"{day.day} {day:%B} {day.year}"


def apa(work):
    """APA 7th edition, a news article on a website."""
    date = f"({work.published.year}, {work.published:%B} {work.published.day})"
    if work.authors:
        names = [f"{p.family}, {p.initials()}" for p in work.authors]
        who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]
        head = f"{who} {date}. {work.title}."
    elif work.organisation:
        head = f"{work.organisation}. {date}. {work.title}."
    else:
        head = f"{work.title}. {date}."
    return (
        f"{head} {work.container()}. {work.original_url} "
        f"(archived {_long_date(work.archived)} by {work.archive_name}: {work.permanent_url})"
    )


def chicago(work):
    """Chicago 17th edition, notes and bibliography, a news or magazine article online."""
    if work.authors:
        first = work.authors[0]
        names = [f"{first.family}, {first.given}"]
        names += [f"{p.given} {p.family}" for p in work.authors[1:]]
        who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", and " + names[-1]
        lead = f"{who}. "
    else:
        lead = f"{work.organisation}. " if work.organisation else ""
    published = f"{work.published:%B} {work.published.day}, {work.published.year}"
    archived = f"{work.archived:%B} {work.archived.day}, {work.archived.year}"
    return (
        f"{lead}\N{LEFT DOUBLE QUOTATION MARK}{work.title}.\N{RIGHT DOUBLE QUOTATION MARK} "
        f"{work.container()}, {published}. {work.original_url}. "
        f"Archived {archived}, at {work.archive_name}, {work.permanent_url}."
    )


def _bibtex_text(value):
    return "".join(_BIBTEX_SPECIAL.get(char, char) for char in value)


def bibtex_key(work):
    first = work.authors[0].family if work.authors else (work.organisation or work.container())
    word = next(iter(_KEY_WORD.findall(work.title)), "article")
    name = "".join(_KEY_WORD.findall(first)) or "anon"
    return f"{name.lower()}{work.published.year}{word.lower()}"


def bibtex(work):
    """A BibTeX @misc entry (read by BibTeX and biblatex alike)."""
    if work.authors:
        author = " and ".join(
            f"{_bibtex_text(p.family)}, {_bibtex_text(p.given)}" for p in work.authors
        )
    else:
        # Braced: an organisation is one name, not a surname and given names.
        author = "{" + _bibtex_text(work.organisation) + "}" if work.organisation else ""
    fields = [
        ("author", author),
        ("title", "{" + _bibtex_text(work.title) + "}"),
        ("howpublished", _bibtex_text(work.container())),
        ("year", str(work.published.year)),
        ("month", f"{work.published:%b}".lower()),
        ("day", str(work.published.day)),
        ("url", work.original_url),
        ("urldate", work.archived.isoformat()),
        ("note", _bibtex_text(f"Archived by {work.archive_name}: ") + work.permanent_url),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{{bibtex_key(work)},\n{body}\n}}\n"


def _ris_line(tag, value):
    # One field a line: a line break inside a value would start a new, unknown field.
    return f"{tag}  - {' '.join(str(value).split())}"


def ris(work):
    """RIS, the tagged format reference managers import (Zotero, EndNote, Mendeley)."""
    lines = [_ris_line("TY", "NEWS"), _ris_line("TI", work.title)]
    lines += [_ris_line("AU", f"{p.family}, {p.given}") for p in work.authors]
    if work.organisation:
        lines.append(_ris_line("AU", work.organisation))
    lines += [
        _ris_line("T2", work.container()),
        _ris_line("PY", work.published.year),
        _ris_line("DA", f"{work.published:%Y/%m/%d}/"),
        _ris_line("UR", work.original_url),
        _ris_line("Y2", f"{work.archived:%Y/%m/%d}/"),
        _ris_line("DB", work.archive_name),
        _ris_line("N1", f"Archived copy: {work.permanent_url}"),
        "ER  - ",
    ]
    return "\r\n".join(lines) + "\r\n"


def _date_parts(day):
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl_json(work):
    """CSL-JSON, the citation processors' own format (one item in a list)."""
    item = {
        "id": bibtex_key(work),
        "type": "article-newspaper",
        "title": work.title,
        "container-title": work.container(),
        "issued": _date_parts(work.published),
        "accessed": _date_parts(work.archived),
        "URL": work.original_url,
        "archive": work.archive_name,
        "archive_location": work.permanent_url,
    }
    if work.authors:
        item["author"] = [{"family": p.family, "given": p.given} for p in work.authors]
    elif work.organisation:
        item["author"] = [{"literal": work.organisation}]
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


# name: (label, writer, file extension, content type); the text ones are shown on the page.
FORMATS = {
    "apa": ("APA", apa, "txt", "text/plain"),
    "chicago": ("Chicago", chicago, "txt", "text/plain"),
    "bibtex": ("BibTeX", bibtex, "bib", "application/x-bibtex"),
    "ris": ("RIS", ris, "ris", "application/x-research-info-systems"),
    "csl-json": ("CSL-JSON", csl_json, "json", "application/vnd.citationstyles.csl+json"),
}
