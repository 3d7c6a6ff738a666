"""Revisions of articles, kept by django-reversion: who saved what, when, and the way back.

Every save in the admin and every import that changes an article stores a revision: the
article's fields, its tags, its authors in order and its corrections (the ``TaggedArticle``,
``Byline`` and ``Correction`` rows, followed from the article). The
first time an article that has none is changed, its stored state is kept first, so the
text as it was imported or written before revisions existed is never lost.

``compare()`` gives a readable difference between two revisions: title, standfirst, authors,
tags, status and dates as before/after, the body paragraph by paragraph and the corrections
note by note, with the changed words marked. ``restore()`` puts an old revision's fields,
tags, authors and corrections back by saving the article, which keeps a new revision:
restoring is itself undoable.
"""

import difflib
import re

import reversion
from django.db import transaction
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from reversion.models import Version
from taggit.models import Tag

from authors.models import Author, Byline
from corrections.models import Correction

from .html import plain_text, render_body
from .models import Article, TaggedArticle
from .revisionmarks import RevisionMark

# Written by the site, not by editors: nothing to compare or restore.
NOT_KEPT = [
    "body_html",
    "search_vector",
    "search_head",
    "search_keys",
    "search_tags",
    "share_generation",
    "tags",  # kept as the TaggedArticle rows the article's revision follows
]
# The rows an article's revision carries with it (reverse relations of the article).
FOLLOWED = {"taggedarticle_set": TaggedArticle, "bylines": Byline, "corrections": Correction}
# Each followed row's key to its article.
ARTICLE_KEY = {TaggedArticle: "content_object_id", Byline: "article_id", Correction: "article_id"}
# What restore() puts back: an editor's fields, not provenance or bookkeeping.
RESTORED = ["title", "slug", "standfirst", "body", "byline", "published_at", "status"]


def register():
    """Called from AppConfig.ready()."""
    if not reversion.is_registered(Article):
        reversion.register(Article, exclude=NOT_KEPT, follow=list(FOLLOWED))
    for model in FOLLOWED.values():
        if not reversion.is_registered(model):
            reversion.register(model)


def versions_of(article):
    """The article's revisions, newest first, with who made them."""
    return Version.objects.get_for_object(article).select_related("revision__user")


def keep_revision(article, *, user=None, comment=""):
    """Store the article as it is now (fields and tags) as a revision."""
    with reversion.create_revision(manage_manually=True):
        reversion.add_to_revision(article)
        reversion.add_meta(RevisionMark)
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(comment)


def keep_baseline(article_pk):
    """Before the first change of an article that has no revision, keep its stored state."""
    stored = Article.objects.filter(pk=article_pk).first()
    if stored is not None and not Version.objects.get_for_object(stored).exists():
        keep_revision(stored, comment="As it was before its first kept revision.")


# Where one block of a rendered body ends and the next begins.
_BLOCK = re.compile(r"(?=<(?:p|h[1-6]|li|blockquote|figure|pre|tr|hr)\b)", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def paragraphs(body):
    """The body's blocks (paragraphs, headings, list items, table rows) as plain text."""
    blocks = (_SPACE.sub(" ", plain_text(part)).strip() for part in _BLOCK.split(render_body(body)))
    return [block for block in blocks if block]


class Snapshot:
    """What an editor compares, and restore() puts back, of one revision."""

    def __init__(self, version):
        self.version = version
        fields = version.field_dict
        self.fields = fields
        # Kept before the authors and corrections were followed: those are not known.
        self.has_credits = RevisionMark.objects.filter(revision_id=version.revision_id).exists()
        rows = {model: [] for model in FOLLOWED.values()}
        for kept in version.revision.version_set.all():
            model = kept.content_type.model_class()
            # One article per revision; the check keeps a revision of several apart.
            if model in rows and str(kept.field_dict.get(ARTICLE_KEY[model])) == version.object_id:
                rows[model].append(kept.field_dict)
        self.tag_ids = tag_ids = [row["tag_id"] for row in rows[TaggedArticle]]
        names = dict(Tag.objects.filter(pk__in=tag_ids).values_list("pk", "name"))
        self.tags = sorted((names.get(pk, f"(deleted tag {pk})") for pk in tag_ids), key=str.lower)
        self.bylines = sorted(rows[Byline], key=lambda row: (row["position"], row["id"]))
        authors = dict(
            Author.objects.filter(pk__in=[row["author_id"] for row in self.bylines]).values_list(
                "pk", "name"
            )
        )
        self.authors = [
            authors.get(row["author_id"], f"(deleted author {row['author_id']})")
            for row in self.bylines
        ]
        self.corrections = sorted(rows[Correction], key=lambda row: (row["date"], row["id"]))

    def values(self):
        status = self.fields.get("status", "")
        published = self.fields.get("published_at")
        return {
            "Title": self.fields.get("title", ""),
            "Slug": self.fields.get("slug", ""),
            "Standfirst": self.fields.get("standfirst", ""),
            "Authors": ", ".join(self.authors) if self.has_credits else "(not recorded)",
            "Byline": self.fields.get("byline", ""),
            "Tags": ", ".join(self.tags),
            "Status": str(dict(Article.Status.choices).get(status, status)),
            "Publication date": date_format(published, "DATETIME_FORMAT") if published else "",
        }

    def notes(self):
        """Each correction as one line of text: kind, date and what it says."""
        if not self.has_credits:
            return None
        kinds = dict(Correction.Kind.choices)
        return [
            f"{kinds.get(row['kind'], row['kind'])} of "
            f"{date_format(row['date'], 'DATETIME_FORMAT')}: {row['text']}"
            for row in self.corrections
        ]


def _words_diff(old, new):
    """Two texts as HTML, the removed words in <del> and the added ones in <ins>."""
    a, b = old.split(), new.split()
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(format_html("<del>{}</del>", " ".join(a[i1:i2])))
        if j2 > j1:
            parts.append(format_html("<ins>{}</ins>", " ".join(b[j1:j2])))
    return mark_safe(" ".join(parts))  # nosec B308 B703: every part escaped above


def _whole_diff(old, new):
    """Two values as HTML, the old one in <del> and the new one in <ins>: for an ordered
    list of names, where a word-by-word diff would split names apart."""
    parts = [format_html("<del>{}</del>", old)] if old else []
    parts += [format_html("<ins>{}</ins>", new)] if new else []
    return mark_safe(" ".join(parts))  # nosec B308 B703: every part escaped above


# Fields compared as a whole rather than word by word.
WHOLE = {"Authors"}


def _body_diff(old, new, unit="paragraph"):
    """Rows of (kind, html): paragraphs unchanged, changed (with words marked), added, removed."""
    rows = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            count = i2 - i1
            rows.append(("same", f"{count} unchanged {unit}{'s' if count != 1 else ''}"))
            continue
        pairs = list(zip(old[i1:i2], new[j1:j2], strict=False)) if op == "replace" else []
        for before, after in pairs:
            rows.append(("changed", _words_diff(before, after)))
        for before in old[i1 + len(pairs) : i2]:
            rows.append(("removed", format_html("<del>{}</del>", before)))
        for after in new[j1 + len(pairs) : j2]:
            rows.append(("added", format_html("<ins>{}</ins>", after)))
    return rows


def compare(old_version, new_version):
    """The differences between two revisions, for the history's comparison page."""
    old, new = Snapshot(old_version), Snapshot(new_version)
    old_values, new_values = old.values(), new.values()
    fields = [
        {
            "label": label,
            "before": old_values[label],
            "after": new_values[label],
            "words": (_whole_diff if label in WHOLE else _words_diff)(
                old_values[label], new_values[label]
            ),
        }
        for label in old_values
        if old_values[label] != new_values[label]
    ]
    old_body = paragraphs(old.fields.get("body", ""))
    new_body = paragraphs(new.fields.get("body", ""))
    body = _body_diff(old_body, new_body) if old_body != new_body else []
    old_notes, new_notes = old.notes(), new.notes()
    notes = []
    if None not in (old_notes, new_notes) and old_notes != new_notes:
        notes = _body_diff(old_notes, new_notes, "note")
    return {
        "fields": fields,
        "body": body,
        "notes": notes,
        "same": not fields and not body and not notes,
    }


def _restore_authors(article, snapshot):
    """The revision's authors in its order; an author deleted since is left out."""
    alive = set(
        Author.objects.filter(pk__in=[row["author_id"] for row in snapshot.bylines]).values_list(
            "pk", flat=True
        )
    )
    Byline.objects.filter(article=article).delete()
    Byline.objects.bulk_create(
        Byline(article=article, author_id=row["author_id"], position=row["position"])
        for row in snapshot.bylines
        if row["author_id"] in alive
    )


def _restore_corrections(article, snapshot):
    """The revision's notes, under their old ids (their #correction-N anchors stay valid)."""
    current = {note.pk: note for note in article.corrections.all()}
    kept = []
    for row in snapshot.corrections:
        values = {"date": row["date"], "kind": row["kind"], "text": row["text"]}
        note = current.get(row["id"])
        if note is None:
            # Deleted since: made again, with its old id unless another note has it now.
            taken = Correction.objects.filter(pk=row["id"]).exists()
            note = Correction(article=article, **({} if taken else {"pk": row["id"]}))
        for name, value in values.items():
            setattr(note, name, value)
        note.save()
        kept.append(note.pk)
    Correction.objects.filter(article=article).exclude(pk__in=kept).delete()


def restore(article, version, user):
    """Put an old revision back; the result is saved, and kept, as a new revision."""
    snapshot = Snapshot(version)
    with transaction.atomic():
        keep_baseline(article.pk)
        for field in RESTORED:
            if field in snapshot.fields:
                setattr(article, field, snapshot.fields[field])
        article.save()
        # A tag deleted since is not brought back.
        article.tags.set(list(Tag.objects.filter(pk__in=snapshot.tag_ids)))
        if snapshot.has_credits:
            _restore_authors(article, snapshot)
            _restore_corrections(article, snapshot)
        when = date_format(version.revision.date_created, "DATETIME_FORMAT")
        keep_revision(article, user=user, comment=f"Restored the revision of {when}.")
    return article
