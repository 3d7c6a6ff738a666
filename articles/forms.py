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
    # Deal size: articles stating an amount in this currency (ISO 4217), at least `min`.
    currency = forms.RegexField(
        label="Currency",
        required=False,
        regex=r"^[A-Za-z]{3}$",
        max_length=3,
        widget=forms.TextInput(attrs={"size": 4, "autocomplete": "off"}),
        help_text="A three-letter code: USD, CNY, HKD, EUR.",
        error_messages={"invalid": "A currency is a three-letter code such as USD."},
    )
    min = forms.DecimalField(
        label="At least",
        required=False,
        min_value=0,
        max_digits=24,
        decimal_places=6,
        # Text, not type=number: a value a reader mistyped is shown back as typed (valid
        # HTML), with the message saying what is wrong.
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 14, "autocomplete": "off"}),
        help_text="In units: 100000000 for 100 million.",
    )
    sort = forms.ChoiceField(
        label="Order",
        required=False,
        choices=[("", "Best match first"), ("amount", "Largest amount first")],
    )

    def clean_currency(self):
        return self.cleaned_data["currency"].upper()

    def clean(self):
        data = super().clean()
        if not data.get("currency"):
            if data.get("min") is not None:
                self.add_error("currency", "Give the currency of the minimum amount.")
            if data.get("sort") == "amount":
                self.add_error("currency", "Give the currency to order the amounts in.")
        return data
