from django.shortcuts import get_object_or_404, render
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from .comments.context import comment_context
from .models import Article


class PublishedArticleMixin:
    """Every public view starts from Article.objects.published()."""

    def get_queryset(self):
        return Article.objects.published()


class ArticleListView(PublishedArticleMixin, ListView):
    paginate_by = 10

    def get_queryset(self):
        return super().get_queryset().for_listing()


class TagArticleListView(PublishedArticleMixin, ListView):
    paginate_by = 10
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class ArticleDetailView(PublishedArticleMixin, DetailView):
    def get_context_data(self, **kwargs):
        context = comment_context(self.request, self.object, form=kwargs.pop("form", None))
        return super().get_context_data(tags=list(self.object.tags.all()), **context, **kwargs)


def csrf_failure(request, reason=""):
    """A refused form gets the site's own page (with its masthead), not Django's bare one."""
    return render(request, "403_csrf.html", {"reason": reason}, status=403)
