"""What the API shows of each model: the fields the public pages show, never more.

Each serializer names its fields one by one (no `__all__`): a field added to a model stays
private until someone decides to publish it here. Email and IP addresses never are.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from taggit.models import Tag

from articles.models import Article, Comment
from authors.models import Author


class TagSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:tag-detail", lookup_field="slug")

    class Meta:
        model = Tag
        fields = ["name", "slug", "url"]


class AuthorSerializer(serializers.ModelSerializer):
    page = serializers.SerializerMethodField(help_text="The author's page on the site.")

    class Meta:
        model = Author
        fields = ["name", "slug", "page"]

    def get_page(self, author) -> str:
        return self.context["request"].build_absolute_uri(author.get_absolute_url())


class ArticleSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:article-detail", lookup_field="slug")
    page = serializers.SerializerMethodField(help_text="The article's page on the site.")
    tags = serializers.SerializerMethodField(help_text="Tag names.")
    authors = serializers.SerializerMethodField(help_text="The authors credited, in order.")
    byline = serializers.SerializerMethodField(
        help_text="The authors' names as the page credits them; the source's byline when the "
        "article credits no author."
    )
    archived_at = serializers.SerializerMethodField(
        help_text="When the archive took it: imported, or created here."
    )
    body = serializers.CharField(source="body_html", help_text="The body as sanitised HTML.")
    source_url = serializers.CharField(
        read_only=True, help_text="Where it was first published; empty when unknown."
    )

    class Meta:
        model = Article
        fields = [
            "id", "slug", "url", "page", "title", "standfirst", "authors", "byline", "published_at",
            "updated_at", "tags", "body", "source_name", "source_url", "archived_at",
            "source_sha256",
        ]  # fmt: skip

    def get_page(self, article) -> str:
        return self.context["request"].build_absolute_uri(article.get_absolute_url())

    @extend_schema_field(AuthorSerializer(many=True))
    def get_authors(self, article):
        authors = [byline.author for byline in article.bylines.all()]
        return AuthorSerializer(authors, many=True, context=self.context).data

    def get_byline(self, article) -> str:
        names = [byline.author.name for byline in article.bylines.all()]
        if not names:
            return article.byline
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"

    def get_tags(self, article) -> list[str]:
        return sorted(tag.name for tag in article.tags.all())

    def get_archived_at(self, article) -> str:
        moment = article.imported_at or article.created_at
        return serializers.DateTimeField().to_representation(moment)


class ArticleSummarySerializer(ArticleSerializer):
    """An article in a list: everything but the body."""

    class Meta(ArticleSerializer.Meta):
        fields = [name for name in ArticleSerializer.Meta.fields if name != "body"]


class CommentSerializer(serializers.ModelSerializer):
    article = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    parent = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The comment this one replies to."
    )
    author_url = serializers.CharField(
        read_only=True, help_text="The website the commenter gave; empty when none."
    )

    class Meta:
        model = Comment
        # The name and website a reader chose to show; never the email or IP address.
        fields = ["id", "article", "parent", "author_name", "author_url", "body", "created_at"]
