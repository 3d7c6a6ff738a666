import datetime
from urllib.parse import urlsplit

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from .html import highlight, plain_text, reading_minutes, render_body, sanitize
from .search import SearchResults, index_articles
from .search.expressions import FTS_TABLE, Fts5TableField, UtcDay
from .slugs import title_slug


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The single gate for public content: published, and not scheduled for later."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def with_comment_count(self):
        """Each article's approved comments, counted by a subquery per row shown.

        A join with GROUP BY would count the comments of every published article before
        the page is cut out of them; the subquery runs only for the ten rows on the page.
        """
        approved = (
            Comment.objects.approved()
            .filter(article=OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(approved_comment_count=Coalesce(Subquery(approved), 0))

    def for_listing(self):
        """What a list of article summaries shows, in a fixed number of queries."""
        return (
            self.with_comment_count()
            .select_related("lead_image")
            .prefetch_related("tags")
            .order_by("-published_at", "-id")
        )

    def search(self, text, *, tag=None):
        """Full-text search of these articles: the one path every search takes.

        `text` is web-search syntax ("quoted phrases", `or` between alternatives, `-word`
        to exclude) or a ParsedQuery; `tag`, a tag id to search within (on PostgreSQL the
        index answers it with the words). Gives lazy SearchResults, best match first: the
        newest SEARCH_MAX_RESULTS matches are ranked, and `.count()`, `.year_counts()` and
        `.tag_counts()` come from them without another query; a slice loads only its
        articles, each with a highlighted `search_snippet` and its `tag_ids`.
        PostgreSQL uses the stored weighted vector and its GIN index; SQLite its FTS5 table.
        """
        return SearchResults(self, text, tag=tag)


def published_between(articles, since=None, until=None):
    """Articles published on or after the day `since` and on or before the day `until`
    (days in the site's time zone). A range on the column itself, which its index serves;
    filtering on the column's date would compute it for every row."""
    zone = timezone.get_current_timezone()
    if since:
        start = datetime.datetime.combine(since, datetime.time(), tzinfo=zone)
        articles = articles.filter(published_at__gte=start)
    if until:
        end = datetime.datetime.combine(
            until + datetime.timedelta(days=1), datetime.time(), tzinfo=zone
        )
        articles = articles.filter(published_at__lt=end)
    return articles


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_queryset(self):
        # The search vectors are read only by the database; loading them with every article
        # would only cost time.
        return (
            super()
            .get_queryset()
            .defer("search_vector", "search_head", "search_keys", "search_tags")
        )


class TaggedArticle(TaggedItemBase):
    """Through model giving tags a real foreign key to Article (not a generic relation)."""

    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)

    class Meta:
        verbose_name = "tagged article"
        verbose_name_plural = "tagged articles"
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="tagged_article_unique_tag"
            ),
        ]
        indexes = [
            # The articles of some tags, read from the index alone: related articles count
            # the tags each shares without visiting the table (articles/related.py).
            models.Index(fields=["tag", "content_object"], name="tagged_article_tag_article"),
        ]


class SourceFormat(models.TextChoices):
    TEXT = "text", "Saved article page"
    WXR = "wxr", "WordPress export (WXR)"
    HTML = "html", "Saved web page (HTML)"
    WARC = "warc", "Web archive (WARC)"
    FEED = "feed", "Feed (RSS/Atom)"
    # A feed entry that carried only its summary: imported as a draft for an editor to finish.
    FEED_SUMMARY = "summary", "Feed entry, summary only"

    @property
    def short_label(self):
        """The label as a line of text names the format: "saved web page", "WordPress export".

        import_articles reports each file with it. The abbreviation in brackets is left out
        and the first letter is lower-cased, unless the first word is a name (a capital
        inside it, as in WordPress).
        """
        name = self.label.partition(" (")[0]
        first = name.split(" ", 1)[0]
        return name if first[1:] != first[1:].lower() else name[:1].lower() + name[1:]


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "Ready for review"
        PUBLISHED = "published", "Published"

    SourceFormat = SourceFormat

    title = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=300,
        unique=True,
        help_text="The last part of the article's address. Filled in from the title.",
    )
    standfirst = models.TextField(
        "standfirst",
        blank=True,
        max_length=1000,
        help_text="A one- or two-sentence summary shown under the title and in lists.",
    )
    body = models.TextField(
        help_text=(
            "Separate paragraphs with a blank line. Links, emphasis, lists, headings, "
            "block quotes, images, tables and figures are kept; any other HTML is removed "
            "on save."
        ),
    )
    body_html = models.TextField(editable=False, default="")
    byline = models.CharField(
        "credited as",
        max_length=200,
        blank=True,
        help_text="The byline as the source gave it; readers see the authors credited, if any.",
    )
    seo_title = models.CharField(
        "title for search engines",
        max_length=200,
        blank=True,
        help_text="For search results and social shares, if it should differ from the title.",
    )
    seo_description = models.CharField(
        "description for search engines",
        max_length=300,
        blank=True,
        help_text="For search results and social shares; the standfirst is used when empty.",
    )
    published_at = models.DateTimeField(
        "publication date",
        default=timezone.now,
        help_text="When the source published it. A future date schedules the article.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    allow_comments = models.BooleanField("allow comments", default=True)
    source_name = models.CharField(
        max_length=200, blank=True, help_text="The publication this article was archived from."
    )
    source_url = models.URLField(
        "source URL", max_length=500, blank=True, help_text="The original page's address."
    )
    # Provenance of imported articles (empty for articles written in the admin).
    source_format = models.CharField(
        "source format", max_length=10, choices=SourceFormat.choices, blank=True, editable=False
    )
    source_file = models.CharField(
        "source file",
        max_length=255,
        blank=True,
        editable=False,
        help_text="The imported file's name.",
    )
    source_id = models.CharField(
        "source identifier",
        max_length=500,
        blank=True,
        editable=False,
        help_text="Identifies the source item, so that importing it again updates this article.",
    )
    source_sha256 = models.CharField(
        "source SHA-256",
        max_length=64,
        blank=True,
        editable=False,
        help_text="Digest of the normalised source, to tell whether it changed since the import.",
    )
    imported_at = models.DateTimeField("imported at", null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Counts the saves: a form opened at one version cannot overwrite a later one
    # (optimistic locking, articles/revisions.py).
    version = models.PositiveIntegerField(default=1, editable=False)
    # Part of every preview share link's signature: raising it revokes the links given out.
    share_generation = models.PositiveIntegerField(default=0, editable=False)

    # Title (A) above tags (B) above standfirst (C) above body (D); written by search/ on
    # PostgreSQL. SQLite keeps its own FTS5 table instead and leaves this empty.
    search_vector = SearchVectorField(null=True, editable=False)
    # Title, tags and standfirst alone (A, B, C): small enough to stay in the row, for ranking.
    search_head = SearchVectorField(null=True, editable=False)
    # Exact keys for the index: each pair of adjacent words and each tag (search.postgres), so
    # that a quoted phrase or a tag filter is answered by the index without reading vectors.
    search_keys = SearchVectorField(null=True, editable=False)
    # The ids of its tags, space separated, written with the index on both databases: a
    # search counts its matches by tag, and shows their tags, from these. Null until
    # indexed, like the vectors (and a column added NOT NULL makes SQLite rebuild the table).
    search_tags = models.TextField(null=True, editable=False)  # noqa: DJ001

    lead_image = models.ForeignKey(
        "images.Image",
        null=True,
        blank=True,
        # An image in use cannot be deleted: the admin lists the articles that use it.
        on_delete=models.PROTECT,
        related_name="lead_articles",
        verbose_name="lead image",
        help_text="Shown above the article, in lists, and when the article is shared.",
    )

    tags = TaggableManager(through=TaggedArticle, blank=True)

    objects = ArticleManager()

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        verbose_name = "article"
        verbose_name_plural = "articles"
        permissions = [("publish_article", "Can publish articles")]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_pub_idx"),
            # An import finds the same content already archived under another identity, and
            # the earlier import of a saved page known by its file name, title and date.
            models.Index(fields=["source_sha256"], name="article_source_sha256_idx"),
            models.Index(fields=["source_file", "published_at"], name="article_source_file_idx"),
            # Created on PostgreSQL only (migrations 0005, 0006, 0008); SQLite searches
            # its FTS5 table. The vector with the UTC publication day (btree_gin) and the keys:
            # a search among the newest articles, for a phrase or within a tag, is answered
            # by this one index (search.postgres.newest_rows).
            GinIndex(
                F("search_vector"),
                UtcDay("published_at"),
                F("search_keys"),
                name="article_search_vector_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "review", "published"]),
                name="article_status_valid",
            ),
            # One article per source item: a second import updates it instead of duplicating.
            models.UniqueConstraint(
                fields=["source_id"],
                condition=~Q(source_id=""),
                name="article_unique_source_id",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        self.body = sanitize(self.body)
        self.body_html = render_body(self.body)
        if not self._state.adding:
            self.version += 1
        if kwargs.get("update_fields") is not None:
            extra = {"version", "body_html"} if "body" in kwargs["update_fields"] else {"version"}
            kwargs["update_fields"] = {*kwargs["update_fields"], *extra}
        with transaction.atomic():
            super().save(*args, **kwargs)
            self._record_slug_change()
            index_articles([self.pk])

    def get_absolute_url(self):
        return reverse("articles:article-detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remembered so that save() can tell a changed slug and keep the old one redirecting.
        instance._stored_slug = instance.__dict__.get("slug")
        return instance

    def _record_slug_change(self):
        old = getattr(self, "_stored_slug", None)
        # The live article always wins over a redirect with the same slug.
        # Looked up first: a DELETE, even of nothing, would renew every page that reads the
        # slug history (the page cache's safety net).
        taken = ArticleSlug.objects.filter(slug=self.slug)
        if taken.exists():
            taken.delete()
        if old and old != self.slug:
            ArticleSlug.objects.create(article=self, slug=old)
        self._stored_slug = self.slug

    def _unique_slug(self):
        base = title_slug(self.title)
        slug, n = base, 2
        while Article.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    @property
    def source_label(self):
        """Who published the original: the source's name, else its web address's host."""
        return self.source_name or urlsplit(self.source_url).hostname or ""

    @property
    def summary(self):
        """The standfirst, or the opening words of the body: for descriptions and previews."""
        return self.standfirst or Truncator(plain_text(self.body_html)).words(40)

    @property
    def page_title(self):
        """The title search engines and social shares get."""
        return self.seo_title or self.title

    @property
    def page_description(self):
        return self.seo_description or self.summary

    @property
    def search_snippet(self):
        """The highlighted passage of a search result (given by search() to a page shown)."""
        return highlight(getattr(self, "snippet_raw", ""))

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def reading_minutes(self):
        return reading_minutes(self.body_html)


class ArticleSlug(models.Model):
    """A slug an article used to have: its old address answers 301 to the current one."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    slug = models.SlugField(max_length=300, unique=True)
    created_at = models.DateTimeField("retired", default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        verbose_name = "old slug"
        verbose_name_plural = "old slugs"

    def __str__(self):
        return f"{self.slug} \N{RIGHTWARDS ARROW} {self.article.slug}"


class TagRedirect(models.Model):
    """The slug of a tag merged into another: its pages and feeds redirect to the survivor."""

    old_slug = models.SlugField(max_length=100, unique=True)
    tag = models.ForeignKey("taggit.Tag", on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField("merged", default=timezone.now)

    class Meta:
        ordering = ["old_slug"]
        verbose_name = "tag redirect"
        verbose_name_plural = "tag redirects"

    def __str__(self):
        return f"{self.old_slug} \N{RIGHTWARDS ARROW} {self.tag.slug}"


class ArticleSearchEntry(models.Model):
    """SQLite only: a row of the FTS5 index, one per article, written by search.index_articles().

    Lets the ORM join an article to its index row (rowid = article id). On PostgreSQL the
    table does not exist and nothing reads it; the stored search_vector serves instead.
    """

    article = models.OneToOneField(
        Article,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        db_column="rowid",
        related_name="search_entry",
    )
    fts = Fts5TableField(db_column=FTS_TABLE)
    title = models.TextField()
    tags = models.TextField()
    standfirst = models.TextField()
    body = models.TextField()

    class Meta:
        managed = False
        db_table = FTS_TABLE
        verbose_name = "search index entry"
        verbose_name_plural = "search index entries"

    def __str__(self):
        return self.title


# Models of this app kept in their own modules, loaded with the rest: the reader comments
# (articles/comments/models.py) and the revisions' bookkeeping.
from .comments.models import (  # noqa: E402, F401
    COMMENT_BODY_MAX,
    COMMENT_EMAIL_MAX,
    COMMENT_NAME_MAX,
    COMMENT_URL_MAX,
    Comment,
    CommentQuerySet,
    comment_content_hash,
)
from .revisionmarks import RevisionMark  # noqa: E402, F401
