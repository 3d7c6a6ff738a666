from django import template

import pagecache
from articles.models import Article

register = template.Library()


def _copies(article):
    """The article's published copies (other members of its group), in one query,
    remembered on the article for the second tag on the page."""
    if not hasattr(article, "_published_copies"):
        # Kept apart from the page (pagecache.fragment), which a comment renders again.
        article._published_copies = pagecache.fragment(
            f"copies:{article.pk}",
            lambda: list(
                Article.objects.published()
                .filter(fingerprint__group__fingerprints__article=article)
                .exclude(pk=article.pk)
                .select_related("fingerprint__group")
                .only("title", "slug", "source_name", "source_url", "published_at",
                      "fingerprint__group__canonical_id")
                .order_by("published_at", "pk")
            ),
        )  # fmt: skip
    return article._published_copies


@register.simple_tag(takes_context=True)
def canonical_copy_url(context, article):
    """The address search engines should index: the group's canonical copy when an editor
    named another published one, else the page's own."""
    for copy in _copies(article):
        if copy.fingerprint.group.canonical_id == copy.pk:
            return context["request"].build_absolute_uri(copy.get_absolute_url())
    return context["canonical_url"]


@register.inclusion_tag("copies/also_published.html")
def also_published_by(article):
    return {"copies": _copies(article)}
