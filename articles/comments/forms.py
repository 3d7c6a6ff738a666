"""The "Leave a Reply" form, with WordPress's fields, wording and limits."""

from django import forms
from django.conf import settings
from django.core.validators import URLValidator

from ..models import COMMENT_URL_MAX, Comment
from ..text import strip_invisible
from . import spam

# Said to every refused bot alike, so none learns which trap it fell into.
REFUSED_MESSAGE = (
    "Sorry, your comment could not be accepted. Please check it and send it again in a moment."
)


class InvisibleFreeURLField(forms.URLField):
    """Invisible characters go before validation, so what is stored is what was checked."""

    def to_python(self, value):
        return super().to_python(strip_invisible(value))


class CommentForm(forms.ModelForm):
    author_url = InvisibleFreeURLField(
        label="Website",
        required=False,
        max_length=COMMENT_URL_MAX,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        error_messages={"invalid": "Enter a website address that starts with http:// or https://."},
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    parent = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1
    )
    save_author = forms.BooleanField(
        label="Save my name, email, and website in this browser for the next time I comment.",
        required=False,
    )
    notify_replies = forms.BooleanField(label="Notify me of replies by email.", required=False)
    # The honeypot: hidden from people by CSS and from screen readers, filled in by bots.
    url_confirm = forms.CharField(
        label="Leave this field empty",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    token = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)

    class Meta:
        model = Comment
        fields = ["body", "author_name", "author_email", "author_url", "notify_replies"]
        labels = {"body": "Comment", "author_name": "Name", "author_email": "Email"}
        widgets = {
            # Django adds each field's maxlength from the model's limits.
            "body": forms.Textarea(attrs={"rows": 8, "cols": 45}),
            "author_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "author_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        error_messages = {
            "body": {"required": "Please type your comment."},
            "author_name": {"required": "Please enter your name."},
            "author_email": {
                "required": "Please enter your email address.",
                "invalid": "Enter a valid email address.",
            },
        }

    def __init__(self, *args, article, **kwargs):
        self.article = article
        self.refused = False
        self.parent_comment = None
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["token"] = spam.form_token(article)
        self.order_fields(
            [
                "body",
                "author_name",
                "author_email",
                "author_url",
                "save_author",
                "notify_replies",
                "url_confirm",
                "parent",
                "token",
            ]
        )

    def clean_author_name(self):
        # One line: a name has no business carrying line breaks or tabs.
        name = " ".join(strip_invisible(self.cleaned_data["author_name"]).split())
        if not name:
            raise forms.ValidationError("Please enter your name.")
        return name

    def clean_author_email(self):
        return self.cleaned_data["author_email"].strip()

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if parent_id is None:
            return None
        self.parent_comment = reply_target(self.article, parent_id)
        return parent_id

    def clean(self):
        cleaned = super().clean()
        token_ok = spam.form_token_is_valid(self.data.get("token"), self.article)
        if cleaned.get("url_confirm") or not token_ok:
            self.refused = True
            raise forms.ValidationError(REFUSED_MESSAGE, code="refused")
        return cleaned

    def fresh_token(self):
        """Bound forms that come back to the reader carry a new token."""
        data = self.data.copy()
        data["token"] = spam.form_token(self.article)
        self.data = data


def reply_target(article, parent_id):
    """The comment a reply answers, if replying to it is allowed, else ValidationError.

    Walks up the thread (at most COMMENTS_MAX_DEPTH small queries) to check the depth and
    that every comment above is approved, since only approved threads are shown.
    """
    max_depth = settings.COMMENTS_MAX_DEPTH
    rows = Comment.objects.filter(article=article).values_list("parent_id", "status")
    parent = (
        Comment.objects.filter(pk=parent_id, article=article, status=Comment.Status.APPROVED)
        .only("pk", "parent_id", "author_name", "article_id")
        .first()
    )
    if parent is None:
        raise forms.ValidationError(
            "You can only reply to a published comment on this article.", code="bad_parent"
        )
    depth, above = 1, parent.parent_id
    while above is not None:
        depth += 1
        if depth >= max_depth:
            break
        row = rows.filter(pk=above).first()
        if row is None or row[1] != Comment.Status.APPROVED:
            raise forms.ValidationError(
                "You can only reply to a published comment on this article.", code="bad_parent"
            )
        above = row[0]
    if depth >= max_depth:
        raise forms.ValidationError(
            "This conversation is nested as deeply as it can go; "
            "please reply to an earlier comment in it.",
            code="too_deep",
        )
    return parent
