from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from articles.models import Article
from articles.pagination import UncountedPaginator
from articles.views import BreadcrumbMixin

from .models import Author


class AuthorDetailView(BreadcrumbMixin, ListView):
    """An author's published articles, newest first, a page at a time."""

    paginate_by = 10
    paginator_class = UncountedPaginator
    template_name = "authors/author_detail.html"

    def get(self, request, *args, **kwargs):
        self.author = get_object_or_404(Author, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.published().filter(bylines__author=self.author).for_listing()

    def get_breadcrumbs(self):
        return [(self.author.name, self.author.get_absolute_url())]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(author=self.author, **kwargs)
        if not context["page_obj"].object_list:
            # An author credited only on drafts is not public yet.
            raise Http404("No published article by this author.")
        return context
