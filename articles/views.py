from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from .clientip import client_ip
from .forms import CommentForm
from .models import Article, Comment


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
        kwargs.setdefault("form", CommentForm())
        return super().get_context_data(
            tags=list(self.object.tags.all()),
            comments=list(self.object.comments.approved()),
            **kwargs,
        )


class CommentCreateView(ArticleDetailView):
    """Receives the Leave a Reply form; on errors the article page comes back with them."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = article = self.get_object()
        if not article.allow_comments:
            raise PermissionDenied("Comments are closed on this article.")
        form = CommentForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        comment = form.save(commit=False)
        comment.article = article
        comment.status = Comment.Status.PENDING
        comment.ip_address = client_ip(request)
        comment.user_agent = request.META.get("HTTP_USER_AGENT", "")[:255]
        comment.save()
        messages.success(
            request, "Thank you. Your comment is awaiting moderation and will appear once approved."
        )
        return redirect(article.get_absolute_url() + "#comments")
