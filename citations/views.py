from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views import View

from articles.models import Article
from authors.models import Byline

from .formats import FORMATS
from .work import work_for_article


class CitationDownloadView(View):
    """One published article's reference as a file to load into a reference manager."""

    def get(self, request, slug, format):
        if format not in FORMATS:
            raise Http404("No such citation format.")
        articles = Article.objects.published().prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author"))
        )
        article = get_object_or_404(articles, slug=slug)
        _label, write, extension, content_type = FORMATS[format]
        response = HttpResponse(
            write(work_for_article(article, request)), content_type=f"{content_type}; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{article.slug}.{extension}"'
        response["X-Robots-Tag"] = "noindex"
        return response
