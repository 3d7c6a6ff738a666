"""Writing parsed articles: create, update in place, or leave alone.

An article is found again by its ``source_id`` (its WordPress site and post id, the saved
page's URL or file name). When the SHA-256 of its normalised source is the one recorded at
the last import, nothing is touched; when it differs the article is updated in place,
keeping its slug (so its address) and its comments.

New articles, their tags and comments are written in bulk, a batch at a time, doing what
``Article.save()`` does (the admin's sanitiser and renderer, old slugs giving way, the
search index brought up to date, once per batch): saving them one by one reindexed each
article on its own and took minutes for a 10,000-post export. Updated articles go through
``save()`` and taggit, and keep a revision (the article as it was before, if it had none,
then as imported), like a save in the admin. Comments written in bulk send no reply
notifications: an import emails no one.
"""

import collections
from pathlib import Path

from django.utils import timezone
from taggit.models import Tag

from authors.credits import AuthorCache, bylines_for, credit
from authors.models import Byline

from ..html import render_body, replaced_media, sanitize
from ..models import Article, ArticleSlug, Comment, TaggedArticle
from ..revisions import keep_baseline, keep_revision
from ..search import index_articles
from ..signals import articles_imported
from ..slugs import title_slug

ARTICLE_FIELDS = [
    "title",
    "body",
    "standfirst",
    "byline",
    "published_at",
    "status",
    "allow_comments",
    "source_url",
    "source_name",
]


class TagCache:
    """Tags by case-folded name, loaded once, so a batch resolves its tags without queries."""

    def __init__(self):
        self._by_name = None

    def resolve(self, names):
        if self._by_name is None:
            self._by_name = {tag.name.casefold(): tag for tag in Tag.objects.all()}
        tags = []
        for name in names:
            tag = self._by_name.get(name.casefold())
            if tag is None:
                # Tag.save() gives the new tag a unique slug.
                tag = self._by_name[name.casefold()] = Tag.objects.create(name=name)
            if tag not in tags:
                tags.append(tag)
        return tags


class ArticleStore:
    """Writes the ParsedArticles of one file, in batches; counts what it did."""

    def __init__(
        self, *, source_format, source_path, force=False, seen_in_run=None, batch_size=250
    ):
        self.source_format = source_format
        self.source_path = str(source_path)
        self.source_file = Path(source_path).name[:255]
        self.force = force
        self.batch_size = batch_size
        # source_id and "sha256:<digest>" -> (file path, title): the articles of the files
        # imported before in this run, and of this file (merged into the former by the
        # caller once this file succeeds, so that a failed file hides nothing).
        self.seen_in_run = seen_in_run or {}
        self.seen_here = {}
        self.now = timezone.now()
        self.tags = TagCache()
        self.authors = AuthorCache()
        self.counts = collections.Counter()
        self.notes = []
        self.last_action = None
        # The source ids of items skipped or refused: nothing of theirs may be attached to
        # the article that holds the id (it is another article, or another file's).
        self.left_alone = set()
        self._batch = []

    def add(self, parsed):
        self._batch.append(parsed)
        if len(self._batch) >= self.batch_size:
            self.flush()

    def flush(self):
        batch, self._batch = self._batch, []
        if not batch:
            return
        existing = {
            article.source_id: article
            for article in Article.objects.filter(source_id__in=[p.source_id for p in batch])
        }
        # The same content already archived under another identity (another file name,
        # with or without its URL): found by its digest, never imported a second time.
        # Asked only for the items not found by their identity (none, when nothing changed).
        new_digests = [p.sha256 for p in batch if p.source_id not in existing]
        same_content = {}
        if new_digests:
            for article in Article.objects.filter(source_sha256__in=new_digests).order_by("pk"):
                same_content.setdefault(article.source_sha256, article)
        creates = []
        for parsed in batch:
            if self._seen_before(parsed):
                continue
            article = existing.get(parsed.source_id)
            if article is None:
                duplicate = same_content.get(parsed.sha256)
                earlier = duplicate is None and self._earlier_version(parsed)
                if earlier:
                    self.notes.append(
                        f"{parsed.label}: an edited copy of the page imported before from a "
                        "file of the same name, with the same title and date; updated in place"
                    )
                    self._update(earlier, parsed)
                    self._count("updated")
                elif duplicate is None:
                    creates.append(parsed)
                    self._count("created")
                    self._note_changes_to_body(parsed)
                elif parsed.source_url and not duplicate.source_url:
                    # The page archived before without its address: now it has one.
                    self._update(duplicate, parsed)
                    self.notes.append(f"{parsed.label}: source URL recorded")
                    self._count("updated")
                else:
                    self._duplicate(parsed, duplicate)
            elif article.source_sha256 == parsed.sha256 and not self.force:
                if parsed.source_id.startswith("sha256:") and article.source_file != (
                    self.source_file
                ):
                    # Known by its content alone: another file with it is a copy.
                    self._duplicate(parsed, article)
                else:
                    self._count("unchanged")
            elif (collision := self._collision(article, parsed)) and not self.force:
                self.notes.append(collision)
                self._count("refused")
                self.left_alone.add(parsed.source_id)
            else:
                self._report_changes(article, parsed)
                self._update(article, parsed)
                self._count("updated")
                self._note_changes_to_body(parsed)
        if creates:
            self._create(creates)

    def _note_changes_to_body(self, parsed):
        """Name what the sanitiser will replace (embeds, audio, video) and what the parser
        changed: nothing leaves an article without the report saying so."""
        changes = collections.Counter(replaced_media(parsed.body))
        said = [f"{what} (×{n})" if n > 1 else what for what, n in changes.items()]
        for note in [*parsed.notes, *said]:
            self.notes.append(f"{parsed.label}: {note}")

    def _earlier_version(self, parsed):
        if not parsed.earlier_version:
            return None
        found = list(
            Article.objects.filter(
                source_format=self.source_format, **parsed.earlier_version
            ).order_by("pk")[:2]
        )
        # Two candidates: which one is edited cannot be told, so neither is touched.
        return found[0] if len(found) == 1 else None

    def _duplicate(self, parsed, article):
        self.notes.append(
            f"{parsed.label}: a duplicate of “{article.title}” (imported from "
            f"{article.source_file or 'elsewhere'}); skipped"
        )
        self._count("skipped")
        self.left_alone.add(parsed.source_id)

    def _seen_before(self, parsed):
        """Whether this run already had this source or this content; said so when it did."""
        by_content = self.seen_here.get(f"sha256:{parsed.sha256}") or self.seen_in_run.get(
            f"sha256:{parsed.sha256}"
        )
        by_source = self.seen_here.get(parsed.source_id) or self.seen_in_run.get(parsed.source_id)
        if by_content:
            where, title = by_content
            self.notes.append(f"{parsed.label}: a duplicate of “{title}” ({where}); skipped")
        elif by_source:
            where, _title = by_source
            self.notes.append(f"{parsed.label}: the same source as {where}; skipped")
        else:
            here = (self.source_path, parsed.title)
            self.seen_here[parsed.source_id] = self.seen_here[f"sha256:{parsed.sha256}"] = here
            return False
        self._count("skipped")
        if not by_source:
            self.left_alone.add(parsed.source_id)
        return True

    def _collision(self, article, parsed):
        """Why an update looks like another article under the same identity, or None.

        Test exports reuse post ids, and two sites' exports may declare the same address:
        when the title, the date and the body all differ, it is not the same article.
        """
        if (
            article.title != parsed.title
            and article.published_at != parsed.published_at
            and article.body != sanitize(parsed.body)
        ):
            return (
                f"{parsed.label}: refused, probably another article under the same identity "
                f"({parsed.source_id}): title, date and body all differ from “{article.title}” "
                f"({article.published_at:%Y-%m-%d}); --force overwrites it"
            )
        return None

    def _report_changes(self, article, parsed):
        if article.title != parsed.title:
            self.notes.append(
                f"{parsed.label}: title changed from “{article.title}” to “{parsed.title}”"
            )
        if article.published_at != parsed.published_at:
            self.notes.append(
                f"{parsed.label}: date changed from {_when(article.published_at)} to "
                f"{_when(parsed.published_at)}"
            )

    def _count(self, action):
        self.counts[action] += 1
        self.last_action = action

    def _provenance(self, parsed):
        return {
            "source_format": self.source_format,
            "source_file": self.source_file,
            # An export of this archive says where the article came from in the first place.
            **parsed.provenance,
            "source_id": parsed.source_id,
            "source_sha256": parsed.sha256,
        }

    def _create(self, batch):
        slugs = self._unique_slugs([p.slug or title_slug(p.title) for p in batch])
        articles = []
        for parsed, slug in zip(batch, slugs, strict=True):
            # What Article.save() does before it writes, done here so that the batch is
            # inserted at once: the same sanitiser and renderer as the admin.
            body = sanitize(parsed.body)
            article = Article(
                slug=slug,
                **{"imported_at": self.now, **self._provenance(parsed)},
                **{field: getattr(parsed, field) for field in ARTICLE_FIELDS},
            )
            article.body, article.body_html = body, render_body(body)
            articles.append(article)
        Article.objects.bulk_create(articles)
        # And what it does after: a live article wins over an old address with its slug.
        ArticleSlug.objects.filter(slug__in=slugs).delete()

        # Tags in one insert for the batch, then the search index brought up to date once for
        # the whole batch (adding tags one article at a time through taggit would reindex
        # each article per tag).
        TaggedArticle.objects.bulk_create(
            [
                TaggedArticle(content_object=article, tag=tag)
                for article, parsed in zip(articles, batch, strict=True)
                for tag in self.tags.resolve(parsed.tags)
            ],
            batch_size=500,
        )
        index_articles([article.pk for article in articles])
        articles_imported.send(sender=Article, article_ids=[article.pk for article in articles])
        # The byline's name (a WordPress dc:creator, say) as an author record, found by name.
        Byline.objects.bulk_create(
            [
                byline
                for article, parsed in zip(articles, batch, strict=True)
                for byline in bylines_for(
                    article, self.authors.resolve(parsed.credited(), parsed.author_profiles)
                )
            ]
        )

        self._add_comments([(a, p.comments, {}) for a, p in zip(articles, batch, strict=True)])

    def _update(self, article, parsed):
        for field in ARTICLE_FIELDS:
            value = getattr(parsed, field)
            # A source URL given once is not lost when a later import has none.
            if field != "source_url" or value:
                setattr(article, field, value)
        for field, value in self._provenance(parsed).items():
            setattr(article, field, value)
        keep_baseline(article.pk)
        article.save()
        article.tags.set(self.tags.resolve(parsed.tags))
        if any(parsed.credited()):
            credit(article, parsed.credited(), self.authors, parsed.author_profiles)
        # After the authors: the revision records them too.
        keep_revision(article, comment=f"Updated by an import of {self.source_file}.")
        existing = {
            _comment_key(c.author_name, c.author_email, c.body): c.pk
            for c in Comment.objects.filter(article=article).only(
                "id", "author_name", "author_email", "body"
            )
        }
        self._add_comments([(article, parsed.comments, existing)])

    def _add_comments(self, per_article):
        """Create the comments of several articles, parents before replies.

        ``per_article`` holds (article, parsed comments, {natural key: pk} of the comments
        the article already has). A comment already there (same author and text) is not
        added again, which is also what makes a repeated import add nothing.
        """
        pending = []
        pk_by_key = {}  # (article pk, source comment id) -> pk
        alias = {}  # a repeated comment's id -> the id of its first occurrence
        for article, comments, existing in per_article:
            first_by_natural = {}
            source_keys = {c.key for c in comments if c.key}
            for parsed in comments:
                natural = _comment_key(parsed.author_name, parsed.author_email, parsed.body)
                if natural in existing:
                    pk_by_key[article.pk, parsed.key] = existing[natural]
                    self.counts["comments kept"] += 1
                elif natural in first_by_natural:
                    alias[article.pk, parsed.key] = (article.pk, first_by_natural[natural].key)
                    self.counts["comments repeated"] += 1
                else:
                    first_by_natural[natural] = parsed
                    pending.append((article, parsed, source_keys))

        def parent_of(article, parsed):
            ref = (article.pk, parsed.parent_key)
            return pk_by_key.get(alias.get(ref, ref))

        while pending:
            ready, waiting = [], []
            for entry in pending:
                article, parsed, source_keys = entry
                if (
                    not parsed.parent_key
                    or parsed.parent_key not in source_keys
                    or parent_of(article, parsed)
                ):
                    ready.append(entry)
                else:
                    waiting.append(entry)
            if not ready:
                # Replies whose parents form a loop: keep them, as top-level comments.
                ready, waiting = waiting, []
                for article, parsed, _keys in ready:
                    parsed.parent_key = ""
                    self.notes.append(f"comment {parsed.key} on “{article}”: threading loop")
            objects = [
                Comment(
                    article=article,
                    parent_id=parent_of(article, parsed) if parsed.parent_key else None,
                    author_name=parsed.author_name,
                    author_email=parsed.author_email,
                    author_url=parsed.author_url,
                    ip_address=parsed.ip_address,
                    body=parsed.body,
                    created_at=parsed.created_at,
                    status=parsed.status,
                )
                for article, parsed, _keys in ready
            ]
            Comment.objects.bulk_create(objects, batch_size=500)
            for (article, parsed, _keys), comment in zip(ready, objects, strict=True):
                if parsed.key:
                    pk_by_key[article.pk, parsed.key] = comment.pk
            self.counts["comments added"] += len(objects)
            pending = waiting

    def _unique_slugs(self, wanted):
        taken = set(Article.objects.filter(slug__in=set(wanted)).values_list("slug", flat=True))
        slugs = []
        for base in wanted:
            slug = base
            if slug in taken:
                siblings = set(
                    Article.objects.filter(slug__startswith=f"{base}-").values_list(
                        "slug", flat=True
                    )
                )
                n = 2
                while f"{base}-{n}" in taken or f"{base}-{n}" in siblings:
                    n += 1
                slug = f"{base}-{n}"
            taken.add(slug)
            slugs.append(slug)
        return slugs


def _when(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _comment_key(author_name, author_email, body):
    return (author_name.casefold(), author_email.casefold(), body.strip())
