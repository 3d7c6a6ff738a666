"""Previews of unpublished articles: for staff from the admin, and by share link.

A preview is the article page itself (the same view, template and context as readers get)
with a "Preview, not published" banner. It is never cached, by the page cache or by
anyone else (``Cache-Control: private, no-store``), and never indexed (``X-Robots-Tag``).

A share link lets someone without an account read one unpublished article. Its token is
signed with the site's secret and a timestamp, so it expires (``PREVIEW_LINK_MAX_AGE``,
seven days by default), and it carries the article's ``share_generation``: raising that
number (the "Revoke share links" button) makes every link given out so far invalid.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.db.models import F
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from .models import Article
from .views import ArticleDetailView

SHARE_SALT = "articles.preview.share"


def share_link_max_age():
    return datetime.timedelta(days=settings.PREVIEW_LINK_MAX_AGE_DAYS)


def share_token(article):
    return signing.dumps({"a": article.pk, "g": article.share_generation}, salt=SHARE_SALT)


def share_url(request, article):
    token = share_token(article)
    return request.build_absolute_uri(reverse("articles:preview-share", args=[token]))


def article_for_token(token):
    """The article a share link names, or None when it is forged, expired or revoked."""
    try:
        data = signing.loads(token, salt=SHARE_SALT, max_age=share_link_max_age())
        return Article.objects.get(pk=data["a"], share_generation=data["g"])
    except (signing.BadSignature, Article.DoesNotExist, KeyError, TypeError):
        return None


def revoke_share_links(article):
    """Invalidate every share link of this article given out so far."""
    Article.objects.filter(pk=article.pk).update(share_generation=F("share_generation") + 1)
    article.refresh_from_db(fields=["share_generation"])


class PreviewMixin:
    """The article page of one article, public or not, marked and kept out of every cache."""

    def get_object(self, queryset=None):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        response = self.render_to_response(self.get_context_data(object=self.object))
        add_never_cache_headers(response)  # private, no-cache, no-store, must-revalidate
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["preview"] = True
        context["canonical_url"] = self.request.build_absolute_uri(self.object.get_absolute_url())
        return context


class StaffPreviewView(PreviewMixin, ArticleDetailView):
    """Reached from the change form (and "View on site") by staff who may view articles."""

    def get_object(self, queryset=None):
        try:
            return Article.objects.get(pk=self.kwargs["pk"])
        except (Article.DoesNotExist, ValueError):
            raise Http404("No such article.") from None


class SharedPreviewView(PreviewMixin, ArticleDetailView):
    """What an outside reviewer opens from a share link."""

    def get(self, request, *args, **kwargs):
        article = article_for_token(kwargs["token"])
        if article is not None and article.is_public:
            # Published since the link was given: the real page is the one to read.
            return HttpResponseRedirect(article.get_absolute_url())
        self.shared = article
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        if self.shared is None:
            raise Http404("This preview link is not valid: it has expired or was revoked.")
        return self.shared

    def get_context_data(self, **kwargs):
        return super().get_context_data(share_link=True, **kwargs)
