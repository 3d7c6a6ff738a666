"""Feeds as small syndication classes, every one starting from Article.objects.published().

Articles: Atom and RSS, site-wide and per tag, full text, 20 items, ids that survive a slug
change. Comments: Atom, site-wide and per article. No email address in any of them.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaks_filter
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.text import Truncator

import pagecache
from authors.models import Byline
from corrections.models import last_correction, last_modified

from .html import plain_text
from .models import Article, Comment

FEED_ITEMS = 20


MEDIA_RSS = "http://search.yahoo.com/mrss/"


def add_media_element(handler, item):
    """The lead image as Media RSS's media:content, which feed readers show as the item's
    picture (an <enclosure> would need the file's byte length, which pages never fetch)."""
    image = item.get("lead_image")
    if image:
        handler.addQuickElement("media:content", None, image)


class FullTextRssFeed(Rss201rev2Feed):
    """RSS 2.0 with the whole article in content:encoded; description keeps the summary."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:media": MEDIA_RSS,
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content:encoded", item["content_html"])
        add_media_element(handler, item)


class FullTextAtomFeed(Atom1Feed):
    """Atom with the whole article as <content type="html">; <summary> keeps the summary."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_RSS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content_html"], {"type": "html"})
        add_media_element(handler, item)


class FeedRequest:
    """What the feed needs from the request, passed as the feed's object (feeds are shared)."""

    def __init__(self, request, tag=None):
        self.host = request.get_host().split(":")[0]
        self.absolute_uri = request.build_absolute_uri
        self.tag = tag


class ArticleFeedMixin:
    feed_type = FullTextRssFeed
    item_guid_is_permalink = False
    # No email address in any feed, at feed or item level.
    author_email = None
    item_author_email = None

    def get_object(self, request, *args, **kwargs):
        return FeedRequest(request)

    def author_name(self):
        return settings.SITE_NAME

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        articles = (
            self.articles(obj)
            .annotate(last_correction=last_correction())
            .select_related("lead_image")
            .prefetch_related(
                "tags", Prefetch("bylines", queryset=Byline.objects.select_related("author"))
            )
            .order_by("-published_at", "-id")
        )
        items = list(articles[:FEED_ITEMS])
        for item in items:
            item.feed_host = obj.host
            item.absolute_uri = obj.absolute_uri
        return items

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.standfirst or Truncator(plain_text(item.body_html)).words(60)

    def item_extra_kwargs(self, item):
        return {"content_html": item.body_html, "lead_image": self.lead_image(item)}

    def lead_image(self, item):
        if item.lead_image is None:
            return None
        rendition = item.lead_image.renditions.closest(1200)
        return {
            "url": item.absolute_uri(rendition.url),
            "type": rendition.mime_type,
            "medium": "image",
            "width": str(rendition.width),
            "height": str(rendition.height),
        }

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        # A correction or update added to the article makes its entry updated.
        return last_modified(item)

    def item_author_name(self, item):
        names = [byline.author.name for byline in item.bylines.all()]
        return ", ".join(names) or item.byline or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def item_guid(self, item):
        # A tag: URI on the article's id, so a changed slug does not make a new entry.
        return f"tag:{item.feed_host},{item.published_at:%Y-%m-%d}:article/{item.pk}"


class LatestArticlesRssFeed(ArticleFeedMixin, Feed):
    def title(self):
        return settings.SITE_NAME

    def description(self):
        return f"The latest articles in the {settings.SITE_NAME}."

    def link(self):
        return reverse("articles:article-list")


class LatestArticlesAtomFeed(LatestArticlesRssFeed):
    feed_type = FullTextAtomFeed
    subtitle = LatestArticlesRssFeed.description


class TagArticlesRssFeed(ArticleFeedMixin, Feed):
    url_name = "articles:tag-feed-rss"

    def __call__(self, request, *args, **kwargs):
        from .views import tag_or_redirect

        _, moved = tag_or_redirect(kwargs["slug"], self.url_name)
        return moved or super().__call__(request, *args, **kwargs)

    def get_object(self, request, slug):
        from .views import public_tag

        # Only tags with a public article have a feed, as they have a page.
        return FeedRequest(request, tag=public_tag(slug))

    def articles(self, obj):
        return Article.objects.published().filter(tags=obj.tag)

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.tag.name}"

    def description(self, obj):
        return f"The latest articles tagged “{obj.tag.name}” in the {settings.SITE_NAME}."

    def link(self, obj):
        return reverse("articles:tag-detail", args=[obj.tag.slug])


class TagArticlesAtomFeed(TagArticlesRssFeed):
    feed_type = FullTextAtomFeed
    url_name = "articles:tag-feed-atom"
    subtitle = TagArticlesRssFeed.description


# Comment feeds.

COMMENTS_IN_FEED = 30


def public_comments():
    return (
        Comment.objects.approved()
        .filter(article__in=Article.objects.published())
        .select_related("article")
        .only("pk", "author_name", "body", "created_at", "article__title", "article__slug")
        .order_by("-created_at", "-pk")
    )


class LatestCommentsFeed(Feed):
    """The latest approved comments on the whole site. Never an email address."""

    feed_type = Atom1Feed

    def title(self):
        return f"Comments on {settings.SITE_NAME}"

    def subtitle(self):
        return f"The latest reader comments on {settings.SITE_NAME}."

    def link(self):
        return reverse("articles:article-list")

    def items(self):
        # Comments on any article may join the feed, not only those of the articles in it.
        pagecache.depends_on("comments:list")
        return public_comments()[:COMMENTS_IN_FEED]

    def item_title(self, item):
        return f"{item.author_name} on {item.article.title}"

    def item_description(self, item):
        return linebreaks_filter(item.body)

    def item_author_name(self, item):
        return item.author_name

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.created_at


class ArticleCommentsFeed(LatestCommentsFeed):
    """The latest approved comments on one published article."""

    def get_object(self, request, slug):
        return get_object_or_404(Article.objects.published(), slug=slug)

    def title(self, obj):
        return (
            f"Comments on \N{LEFT DOUBLE QUOTATION MARK}{obj.title}\N{RIGHT DOUBLE QUOTATION MARK}"
        )

    def subtitle(self, obj):
        return f"Reader comments on {obj.title}, newest first."

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return public_comments().filter(article=obj)[:COMMENTS_IN_FEED]
