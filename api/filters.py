from rest_framework import serializers


class ArticleFilters(serializers.Serializer):
    """The article list's query parameters, checked: a bad one is a 400 that says why."""

    since = serializers.DateField(required=False, help_text="Published on or after this day.")
    until = serializers.DateField(required=False, help_text="Published on or before this day.")
    tag = serializers.SlugField(
        required=False, max_length=100, allow_unicode=True, help_text="A tag's slug."
    )
    q = serializers.CharField(
        required=False, max_length=200, help_text="Full-text search, in the search page's syntax."
    )

    def validate(self, data):
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise serializers.ValidationError("`since` is after `until`.")
        return data


class CommentFilters(serializers.Serializer):
    article = serializers.SlugField(
        required=False, max_length=300, allow_unicode=True, help_text="An article's slug."
    )
