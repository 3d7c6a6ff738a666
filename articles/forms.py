from django import forms

from .models import Comment


class CommentForm(forms.ModelForm):
    """The "Leave a Reply" form, with the source pages' fields and wording."""

    author_url = forms.URLField(
        label="Website",
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )

    class Meta:
        model = Comment
        fields = ["body", "author_name", "author_email", "author_url"]
        labels = {
            "body": "Comment",
            "author_name": "Name",
            "author_email": "Email",
            "author_url": "Website",
        }
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8, "cols": 45}),
            "author_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "author_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
