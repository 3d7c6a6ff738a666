from django import forms

from .comments.forms import CommentForm

__all__ = ["CommentForm", "SearchForm"]


class SearchForm(forms.Form):
    """The search box and its filters; every field bounded, bad values reported, not raised."""

    q = forms.CharField(
        label="Search the archive",
        required=False,
        max_length=1000,
        widget=forms.SearchInput(attrs={"autocomplete": "off", "enterkeyhint": "search"}),
        error_messages={"max_length": "Search for at most %(limit_value)d characters."},
    )
    # A tag's slug; taggit keeps non-Latin letters in slugs, so any text up to its length.
    tag = forms.CharField(required=False, max_length=100)
    year = forms.IntegerField(required=False, min_value=1, max_value=9999)
