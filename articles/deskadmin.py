"""The editorial desk in the article admin: revisions, previews, share links and workflow.

A mixin for ArticleAdmin, so that admin.py keeps the list and the fields, and this module
the pages and rules that come with editing.
"""

import json

from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse
from reversion.models import Version

from . import preview, revisions, workflow
from .deskforms import ArticleDeskForm
from .editor import EDITOR_STYLE_HASH
from .html import reading_minutes, word_count
from .models import Article


class DeskAdminMixin:
    form = ArticleDeskForm

    # Pages

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/preview/",
                view(self.preview_view),
                name="articles_article_preview",
            ),
            path(
                "<path:object_id>/preview/revoke/",
                view(self.revoke_share_links_view),
                name="articles_article_revoke_share",
            ),
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name="articles_article_compare",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                view(self.restore_view),
                name="articles_article_restore",
            ),
            *super().get_urls(),
        ]

    def _article(self, request, object_id, *, change=False):
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404("No such article.")
        allowed = (
            self.has_change_permission(request, article)
            if change
            else self.has_view_or_change_permission(request, article)
        )
        if not allowed:
            raise PermissionDenied
        return article

    def view_on_site(self, obj):
        # A draft's public address answers 404: "View on site" shows its preview instead.
        if obj.is_public:
            return obj.get_absolute_url()
        return reverse("admin:articles_article_preview", args=[obj.pk])

    def preview_view(self, request, object_id):
        article = self._article(request, object_id)
        return preview.StaffPreviewView.as_view()(request, pk=article.pk)

    def revoke_share_links_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[object_id]))
        article = self._article(request, object_id, change=True)
        preview.revoke_share_links(article)
        self.message_user(
            request,
            "Every share link given out for this article so far no longer works.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def history_view(self, request, object_id, extra_context=None):
        article = self._article(request, object_id)
        versions = list(revisions.versions_of(article))
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {article}",
            "subtitle": None,
            "opts": self.model._meta,
            "object": article,
            "versions": versions,
            "can_restore": self.has_change_permission(request, article),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/articles/article/revision_history.html", context)

    def compare_view(self, request, object_id):
        article = self._article(request, object_id)
        found = Version.objects.get_for_object(article).select_related("revision__user")
        try:
            ids = int(request.GET["from"]), int(request.GET["to"])
            picked = {v.pk: v for v in found.filter(pk__in=ids)}
            old, new = picked[ids[0]], picked[ids[1]]
        except (KeyError, ValueError, OverflowError):
            self.message_user(
                request, "Choose two revisions of this article to compare.", messages.WARNING
            )
            return HttpResponseRedirect(
                reverse("admin:articles_article_history", args=[article.pk])
            )
        if old.revision.date_created > new.revision.date_created:
            old, new = new, old
        context = {
            **self.admin_site.each_context(request),
            "title": f"Changes to {article}",
            "subtitle": None,
            "opts": self.model._meta,
            "object": article,
            "old": old,
            "new": new,
            "diff": revisions.compare(old, new),
            "can_restore": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/articles/article/revision_compare.html", context)

    def restore_view(self, request, object_id, version_id):
        article = self._article(request, object_id, change=True)
        if request.method != "POST":
            return HttpResponseRedirect(
                reverse("admin:articles_article_history", args=[article.pk])
            )
        version = get_object_or_404(Version.objects.get_for_object(article), pk=version_id)
        if (
            not workflow.can_publish(request.user)
            and version.field_dict.get("status") == "published"
        ):
            raise PermissionDenied
        revisions.restore(article, version, request.user)
        self.message_user(
            request,
            "The revision was restored; the version it replaced is kept in the history.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    # Saving: a revision for every save

    def save_model(self, request, obj, form, change):
        if change:
            revisions.keep_baseline(obj.pk)
        super().save_model(request, obj, form, change)

    def _revision_comment(self, message):
        if isinstance(message, list):
            message = json.dumps(message)
        text = LogEntry(change_message=message).get_change_message() if message else ""
        return text or "No fields changed."

    def log_addition(self, request, obj, message):
        revisions.keep_revision(obj, user=request.user, comment=self._revision_comment(message))
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        revisions.keep_revision(obj, user=request.user, comment=self._revision_comment(message))
        return super().log_change(request, obj, message)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        response = super().changeform_view(request, object_id, form_url, extra_context)
        # Read by django-csp's middleware: the editor's own stylesheet, by its hash.
        response._csp_update = {"style-src": [EDITOR_STYLE_HASH]}
        return response

    def response_change(self, request, obj):
        if "_preview" in request.POST:
            return HttpResponseRedirect(reverse("admin:articles_article_preview", args=[obj.pk]))
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if "_preview" in request.POST:
            return HttpResponseRedirect(reverse("admin:articles_article_preview", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    # Workflow

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "status" in form.base_fields:
            form.base_fields["status"].choices = workflow.status_choices(request.user)
        return form

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and workflow.may_change(
            request.user, obj
        )

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    def _set_status(self, request, queryset, status, comment):
        with transaction.atomic():
            articles = list(queryset.exclude(status=status))
            for article in articles:
                revisions.keep_baseline(article.pk)
            Article.objects.filter(pk__in=[a.pk for a in articles]).update(
                status=status, version=F("version") + 1
            )
            for article in Article.objects.filter(pk__in=[a.pk for a in articles]):
                revisions.keep_revision(article, user=request.user, comment=comment)
        return len(articles)

    # Read-only fields

    @admin.display(description="length")
    def length(self, obj):
        """Words in the body and the reading time the article page shows."""
        if obj is None or not obj.pk:
            return "Shown once the article is saved."
        words = word_count(obj.body_html)
        minutes = reading_minutes(obj.body_html)
        return f"{words} word{pluralize(words)}, about {minutes} minute{pluralize(minutes)} to read"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        extra = {"review_status": Article.Status.REVIEW}
        if article is not None and not article.is_public:
            extra["share_url"] = preview.share_url(request, article)
            extra["share_days"] = preview.share_link_max_age().days
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})
