"""Revisions of articles, kept by django-reversion: who saved what, when, and the way back.

Every save in the admin and every import that changes an article stores a revision: the
article's fields and its tags (the ``TaggedArticle`` rows, followed from the article). The
first time an article that has none is changed, its stored state is kept first, so the
text as it was imported or written before revisions existed is never lost.

``compare()`` gives a readable difference between two revisions: title, standfirst, tags,
status and dates as before/after, the body paragraph by paragraph with the changed words
marked. ``restore()`` puts an old revision's fields and tags back by saving the article,
which keeps a new revision: restoring is itself undoable.
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

from .html import plain_text, render_body
from .models import Article, TaggedArticle

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
# What restore() puts back: an editor's fields, not provenance or bookkeeping.
RESTORED = ["title", "slug", "standfirst", "body", "byline", "published_at", "status"]


def register():
    """Called from AppConfig.ready()."""
    if not reversion.is_registered(Article):
        reversion.register(Article, exclude=NOT_KEPT, follow=["taggedarticle_set"])
    if not reversion.is_registered(TaggedArticle):
        reversion.register(TaggedArticle)


def versions_of(article):
    """The article's revisions, newest first, with who made them."""
    return Version.objects.get_for_object(article).select_related("revision__user")


def keep_revision(article, *, user=None, comment=""):
    """Store the article as it is now (fields and tags) as a revision."""
    with reversion.create_revision(manage_manually=True):
        reversion.add_to_revision(article)
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
    """What an editor compares of one revision."""

    def __init__(self, version):
        self.version = version
        fields = version.field_dict
        self.fields = fields
        self.tag_ids = tag_ids = [
            tagged.field_dict["tag_id"]
            for tagged in version.revision.version_set.all()
            if tagged.content_type.model_class() is TaggedArticle
        ]
        names = dict(Tag.objects.filter(pk__in=tag_ids).values_list("pk", "name"))
        self.tags = sorted((names.get(pk, f"(deleted tag {pk})") for pk in tag_ids), key=str.lower)

    def values(self):
        status = self.fields.get("status", "")
        published = self.fields.get("published_at")
        return {
            "Title": self.fields.get("title", ""),
            "Slug": self.fields.get("slug", ""),
            "Standfirst": self.fields.get("standfirst", ""),
            "Byline": self.fields.get("byline", ""),
            "Tags": ", ".join(self.tags),
            "Status": str(dict(Article.Status.choices).get(status, status)),
            "Publication date": date_format(published, "DATETIME_FORMAT") if published else "",
        }


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


def _body_diff(old, new):
    """Rows of (kind, html): paragraphs unchanged, changed (with words marked), added, removed."""
    rows = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            count = i2 - i1
            rows.append(("same", f"{count} unchanged paragraph{'s' if count != 1 else ''}"))
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
            "words": _words_diff(old_values[label], new_values[label]),
        }
        for label in old_values
        if old_values[label] != new_values[label]
    ]
    old_body = paragraphs(old.fields.get("body", ""))
    new_body = paragraphs(new.fields.get("body", ""))
    body = _body_diff(old_body, new_body) if old_body != new_body else []
    return {"fields": fields, "body": body, "same": not fields and not body}


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
        when = date_format(version.revision.date_created, "DATETIME_FORMAT")
        keep_revision(article, user=user, comment=f"Restored the revision of {when}.")
    return article
