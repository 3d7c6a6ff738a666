"""Metadata for search engines: JSON-LD for articles and breadcrumbs."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from corrections.models import last_modified as article_last_modified

register = template.Library()

# Inside <script> the HTML parser only looks for "</script" and "<!--": escaping these three
# characters as JSON unicode escapes keeps any article text from ending the element early.
_LD_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def ld_json(data):
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_LD_ESCAPES)
    # Escaped above for the inside of a script element (HTML escaping would corrupt the JSON).
    safe = mark_safe(text)  # nosec B308 B703
    return format_html('<script type="application/ld+json">{}</script>', safe)


@register.filter
def last_modified(article):
    """When the article last changed for readers: its last save or its latest note."""
    return article_last_modified(article)


def person(request, author):
    """A schema.org Person for an author record, with their page's address."""
    data = {
        "@type": "Person",
        "name": author.name,
        "url": request.build_absolute_uri(author.get_absolute_url()),
    }
    if author.url:
        data["sameAs"] = author.url
    return data


@register.simple_tag(takes_context=True)
def author_structured_data(context, author):
    """A schema.org ProfilePage about this author."""
    entity = person(context["request"], author)
    if author.bio:
        entity["description"] = author.bio
    return ld_json({"@context": "https://schema.org", "@type": "ProfilePage", "mainEntity": entity})


@register.simple_tag(takes_context=True)
def article_structured_data(context, article, tags, comment_count, extra=None):
    """A schema.org NewsArticle for this article; `extra`, properties other apps add
    (the companies it is about and mentions)."""
    request = context["request"]
    url = request.build_absolute_uri(article.get_absolute_url())
    publisher = {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": request.build_absolute_uri(reverse("articles:article-list")),
    }
    authors = [person(request, byline.author) for byline in article.bylines.all()]
    if authors:
        author = authors if len(authors) > 1 else authors[0]
    elif article.byline:
        author = {"@type": "Person", "name": article.byline}
    elif article.source_name:
        author = {"@type": "Organization", "name": article.source_name}
    else:
        author = publisher
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.page_description,
        "datePublished": article.published_at,
        "dateModified": article_last_modified(article),
        "author": author,
        "publisher": publisher,
        "keywords": [tag.name for tag in tags],
        "url": url,
        "mainEntityOfPage": url,
        "commentCount": comment_count,
        "isAccessibleForFree": True,
        **corrections_data(article),
        **(extra or {}),
    }
    if article.lead_image is not None:
        rendition = article.lead_image.renditions.closest(1200)
        data["image"] = {
            "@type": "ImageObject",
            "url": request.build_absolute_uri(rendition.url),
            "width": rendition.width,
            "height": rendition.height,
        }
        if article.lead_image.caption:
            data["image"]["caption"] = article.lead_image.caption
    return ld_json(data)


def corrections_data(article):
    """The notes under the article, as schema.org CorrectionComments (none: no key)."""
    notes = [
        {
            "@type": "CorrectionComment",
            "name": note.get_kind_display(),
            "text": note.text,
            "datePublished": note.date,
        }
        for note in article.corrections.all()
    ]
    return {"correction": notes} if notes else {}


@register.simple_tag(takes_context=True)
def website_structured_data(context):
    """A schema.org WebSite with its search: for the home page."""
    request = context["request"]
    search = request.build_absolute_uri(reverse("articles:search"))
    return ld_json(
        {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": settings.SITE_NAME,
            "url": request.build_absolute_uri(reverse("articles:article-list")),
            "potentialAction": {
                "@type": "SearchAction",
                "target": {
                    "@type": "EntryPoint",
                    "urlTemplate": f"{search}?q={{search_term_string}}",
                },
                "query-input": "required name=search_term_string",
            },
        }
    )


@register.simple_tag(takes_context=True)
def breadcrumb_structured_data(context, breadcrumbs):
    """A schema.org BreadcrumbList of the trail shown on the page."""
    request = context["request"]
    return ld_json(
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "name": name,
                    "item": request.build_absolute_uri(url),
                }
                for position, (name, url) in enumerate(breadcrumbs, start=1)
            ],
        }
    )
