"""The article change form: the rich-text body, and a refusal to overwrite a newer save."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import router
from django.urls import reverse
from django.utils.html import format_html

from .editor import BodyEditorWidget, BodyHtmlWidget, editor_keeps
from .html import render_body
from .models import Article
from .revisions import versions_of


class BodyField(forms.CharField):
    """The body, changed only if it would show differently.

    The form shows the rendered HTML (the editor's format) and browsers send line breaks
    as CRLF, so the raw text differs on a save with no edit; comparing the rendered bodies
    keeps the history from recording "Changed Body." for nothing.
    """

    def has_changed(self, initial, data):
        return render_body(initial or "") != render_body(self.to_python(data) or "")


def conflict_url(article, opened_version):
    """The comparison of the revision an editor opened with the latest one, else the history."""
    versions = list(versions_of(article)[:50])
    opened = next((v for v in versions if v.field_dict.get("version") == opened_version), None)
    if opened is None or not versions or opened == versions[0]:
        return reverse("admin:articles_article_history", args=[article.pk])
    compare = reverse("admin:articles_article_compare", args=[article.pk])
    return f"{compare}?from={opened.pk}&to={versions[0].pk}"


HTML_BODY_HELP = (
    "This body holds markup the rich-text editor cannot keep (a picture, a figure, a table "
    "caption or head row, a rule, a smaller heading...): it is edited here as HTML, so that "
    "nothing of it is lost. Anything the public pages do not allow is removed on save."
)


class ArticleDeskForm(forms.ModelForm):
    # The version the editor opened; a save from an older one is refused (optimistic lock).
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = ["body"]
        field_classes = {"body": BodyField}
        widgets = {"body": BodyEditorWidget}
        help_texts = {
            "body": (
                "Paragraphs, headings, bold, italic, links, lists, quotes and tables, from the "
                "toolbar or the keyboard (Ctrl+B, Ctrl+I; “## ” starts a heading, “- ” a "
                "list). Without JavaScript: HTML, or paragraphs separated by a blank line. "
                "Anything else is removed on save."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial.setdefault("base_version", self.instance.version)
            # The editor edits HTML: a body stored as plain paragraphs is given to it
            # rendered, which renders again to the very same page.
            self.initial["body"] = self.instance.body_html
            if "body" in self.fields and not editor_keeps(self.instance.body_html):
                body = self.fields["body"]
                body.widget = BodyHtmlWidget()
                body.help_text = HTML_BODY_HELP
        published = self.fields.get("published_at")
        if published is not None and hasattr(published.widget, "widgets"):
            # The admin's date and time boxes have text beside them but no <label>.
            date, time = published.widget.widgets
            date.attrs["aria-label"] = "Publication date: date"
            time.attrs["aria-label"] = "Publication date: time"

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        opened = cleaned.get("base_version")
        # Locked until this save commits (PostgreSQL; SQLite takes its write lock up
        # front), so two saves cannot both read the same version and both go through.
        current = (
            Article.objects.using(router.db_for_write(Article))
            .select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if opened is not None and current is not None and opened != current:
            # The next save, made knowingly after seeing the changes, goes through.
            self.data = self.data.copy()
            self.data["base_version"] = current
            raise ValidationError(
                format_html(
                    "This article was changed by someone else since you opened it. Your "
                    'changes are still in the form below: <a href="{}">see what changed</a>, '
                    "then save again to keep your version.",
                    conflict_url(self.instance, opened),
                ),
                code="stale",
            )
        return cleaned
