from rest_framework import serializers

from figures.models import KeyFigure


def _slug(what, max_length=200):
    return serializers.SlugField(
        required=False, max_length=max_length, allow_unicode=True, help_text=f"{what}'s slug."
    )


class DealFilters(serializers.Serializer):
    """Deal size, as on the search page: an amount in one currency, at least `min`."""

    currency = serializers.RegexField(
        r"^[A-Za-z]{3}$",
        required=False,
        help_text="An ISO 4217 code: USD, CNY, HKD, EUR.",
        error_messages={"invalid": "A currency is a three-letter code such as USD."},
    )
    min = serializers.DecimalField(
        required=False,
        min_value=0,
        max_digits=24,
        decimal_places=6,
        help_text="At least this amount, in units (100000000 for 100 million); needs `currency`.",
    )

    def validate_currency(self, value):
        return value.upper()

    def validate(self, data):
        if data.get("min") is not None and not data.get("currency"):
            raise serializers.ValidationError({"currency": "Give the currency of `min`."})
        return data


class ArticleFilters(DealFilters):
    """The article list's query parameters, checked: a bad one is a 400 that says why."""

    since = serializers.DateField(required=False, help_text="Published on or after this day.")
    until = serializers.DateField(required=False, help_text="Published on or before this day.")
    tag = _slug("A tag", max_length=100)
    company = _slug("A company")
    author = _slug("An author")
    q = serializers.CharField(
        required=False, max_length=200, help_text="Full-text search, in the search page's syntax."
    )

    def validate(self, data):
        data = super().validate(data)
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise serializers.ValidationError("`since` is after `until`.")
        return data


class CommentFilters(serializers.Serializer):
    article = _slug("An article", max_length=300)


class FigureFilters(DealFilters):
    article = _slug("An article", max_length=300)
    company = _slug("A company")
    kind = serializers.ChoiceField(
        required=False, choices=KeyFigure.Kind.choices, help_text="money, percent or stake."
    )
