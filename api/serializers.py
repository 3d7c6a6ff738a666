"""What the API shows of each model: the fields the public pages show, never more.

Each serializer names its fields one by one (no `__all__`): a field added to a model stays
private until someone decides to publish it here. Email and IP addresses never are.
"""

from django.urls import reverse
from django.utils.http import urlencode
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from taggit.models import Tag

from articles.models import Article, Comment
from authors.models import Author
from companies.models import Company, Ticker
from figures.models import KeyFigure


def api_list(serializer, name, **filters) -> str:
    """The absolute address of an API list, filtered: how one record links to others."""
    url = reverse(f"api:{name}-list") + "?" + urlencode(filters)
    return serializer.context["request"].build_absolute_uri(url)


def page(serializer, instance) -> str:
    return serializer.context["request"].build_absolute_uri(instance.get_absolute_url())


class TagSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:tag-detail", lookup_field="slug")

    class Meta:
        model = Tag
        fields = ["name", "slug", "url"]


class AuthorLinkSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:author-detail", lookup_field="slug")
    page = serializers.SerializerMethodField(help_text="The author's page on the site.")

    class Meta:
        model = Author
        fields = ["name", "slug", "url", "page"]

    def get_page(self, author) -> str:
        return page(self, author)


class CompanyLinkSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:company-detail", lookup_field="slug")

    class Meta:
        model = Company
        fields = ["name", "slug", "url"]


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
    companies = serializers.SerializerMethodField(
        help_text="The companies an editor confirmed it is about, by name."
    )
    key_figures = serializers.SerializerMethodField(
        help_text="The amounts, percentages and stakes it states, in this API."
    )

    class Meta:
        model = Article
        fields = [
            "id", "slug", "url", "page", "title", "standfirst", "byline", "authors",
            "published_at", "updated_at", "tags", "companies", "key_figures", "body",
            "source_name", "source_url", "archived_at", "source_sha256",
        ]  # fmt: skip

    def get_page(self, article) -> str:
        return page(self, article)

    @extend_schema_field(AuthorLinkSerializer(many=True))
    def get_authors(self, article):
        authors = [byline.author for byline in article.bylines.all()]
        return AuthorLinkSerializer(authors, many=True, context=self.context).data

    @extend_schema_field(CompanyLinkSerializer(many=True))
    def get_companies(self, article):
        # The view prefetches the confirmed links only (to_attr): suggestions never show.
        companies = [link.company for link in article.confirmed_links]
        return CompanyLinkSerializer(companies, many=True, context=self.context).data

    def get_key_figures(self, article) -> str:
        return api_list(self, "keyfigure", article=article.slug)

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


class TickerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Ticker
        fields = ["symbol", "exchange"]


class CompanySerializer(CompanyLinkSerializer):
    page = serializers.SerializerMethodField(help_text="The company's page on the site.")
    aliases = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Other names articles use."
    )
    tickers = TickerSerializer(many=True, read_only=True)
    website = serializers.CharField(read_only=True, help_text="Its website; empty when unknown.")
    article_count = serializers.IntegerField(
        read_only=True, help_text="Published articles confirmed to be about it."
    )
    articles = serializers.SerializerMethodField(help_text="Those articles, in this API.")
    key_figures = serializers.SerializerMethodField(
        help_text="The figures those articles state, in this API."
    )

    class Meta(CompanyLinkSerializer.Meta):
        fields = [
            "name", "slug", "url", "page", "aliases", "tickers", "website", "description",
            "article_count", "articles", "key_figures",
        ]  # fmt: skip

    def get_page(self, company) -> str:
        return page(self, company)

    def get_articles(self, company) -> str:
        return api_list(self, "article", company=company.slug)

    def get_key_figures(self, company) -> str:
        return api_list(self, "keyfigure", company=company.slug)


class AuthorSerializer(AuthorLinkSerializer):
    link = serializers.CharField(
        source="url", read_only=True, help_text="Their own page elsewhere; empty when none."
    )
    articles = serializers.SerializerMethodField(help_text="Their published articles, in this API.")

    class Meta(AuthorLinkSerializer.Meta):
        fields = ["name", "slug", "url", "page", "bio", "link", "articles"]

    def get_articles(self, author) -> str:
        return api_list(self, "article", author=author.slug)


class KeyFigureSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:keyfigure-detail")
    article = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    article_url = serializers.HyperlinkedRelatedField(
        source="article",
        view_name="api:article-detail",
        lookup_field="slug",
        read_only=True,
        help_text="The article it is stated in, in this API.",
    )
    value = serializers.DecimalField(
        max_digits=30,
        decimal_places=6,
        read_only=True,
        help_text="In units, as a string: $1.2bn is 1200000000; a percentage as written.",
    )
    upper = serializers.DecimalField(
        max_digits=30,
        decimal_places=6,
        read_only=True,
        allow_null=True,
        help_text="The top of a range; null for a single value.",
    )
    reading = serializers.CharField(
        read_only=True, help_text='As the archive understood it: "more than USD 15,000,000".'
    )

    class Meta:
        model = KeyFigure
        fields = [
            "id", "url", "article", "article_url", "kind", "value", "upper", "currency",
            "scale", "qualifier", "text", "reading", "sentence",
        ]  # fmt: skip
