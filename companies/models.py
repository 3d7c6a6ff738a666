"""Companies the archive's articles are about, and the links between the two.

A link starts as a *suggestion* made by matching the company's names in the article
(companies.matching); an editor confirms or rejects it. Only confirmed links, on
published articles, are ever shown.
"""

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.text import slugify

from articles.models import Article


class CompanyQuerySet(models.QuerySet):
    def public(self):
        """Companies with at least one confirmed link to a published article.

        A company only drafts mention is not public yet: its page would give their subject
        away (as a tag's would).
        """
        return self.filter(Exists(ArticleCompany.objects.public().filter(company=OuterRef("pk"))))

    def with_article_count(self):
        """Each company's published, confirmed articles, counted."""
        return self.annotate(
            article_count=Count(
                "article_links",
                filter=Q(
                    article_links__status=ArticleCompany.Status.CONFIRMED,
                    article_links__article__in=Article.objects.published(),
                ),
            )
        )


class Company(models.Model):
    name = models.CharField(max_length=200, unique=True, help_text="The name readers know it by.")
    slug = models.SlugField(
        max_length=200, unique=True, help_text="The last part of the company page's address."
    )
    aliases = models.JSONField(
        default=list,
        blank=True,
        help_text=(
            "Other names articles use for it, one per line (JD.com, Jingdong). Short or "
            "all-capital aliases (JD) only match with exactly that case."
        ),
    )
    website = models.URLField(max_length=300, blank=True)
    description = models.TextField(
        blank=True, max_length=1000, help_text="One or two sentences for its page."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        get_latest_by = "created_at"
        verbose_name = "company"
        verbose_name_plural = "companies"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200] or "company"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("companies:company-detail", args=[self.slug])

    def names(self):
        """Its name and aliases, each once, in the order given."""
        return list(dict.fromkeys(n.strip() for n in [self.name, *self.aliases] if n.strip()))


class Ticker(models.Model):
    """A listing: the symbol a company trades under on one exchange (JD on NASDAQ)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="tickers")
    symbol = models.CharField(max_length=20, help_text="As the exchange writes it: JD, 9618.")
    exchange = models.CharField(
        max_length=20, help_text="The exchange's usual short name: NASDAQ, NYSE, HKEX, SSE."
    )

    class Meta:
        ordering = ["exchange", "symbol"]
        verbose_name = "ticker"
        verbose_name_plural = "tickers"
        constraints = [
            models.UniqueConstraint(fields=["exchange", "symbol"], name="ticker_unique_listing"),
            models.CheckConstraint(
                condition=~Q(symbol="") & ~Q(exchange=""), name="ticker_symbol_exchange_set"
            ),
        ]

    def __str__(self):
        return f"{self.exchange}: {self.symbol}"


class ArticleCompanyQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=ArticleCompany.Status.CONFIRMED)

    def public(self):
        """The one gate for public links: confirmed, on a published article."""
        return self.confirmed().filter(article__in=Article.objects.published())


class ArticleCompany(models.Model):
    """An article's mention of a company: suggested by the matcher, decided by an editor."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="company_links")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="article_links")
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.SUGGESTED,
        help_text="Only confirmed links are shown to readers.",
    )
    mention_count = models.PositiveIntegerField(
        "mentions", default=0, help_text="How many times its names were found in the article."
    )
    in_title = models.BooleanField(
        "in the title", default=False, help_text="Named in the title: the article is about it."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleCompanyQuerySet.as_manager()

    class Meta:
        ordering = ["-in_title", "-mention_count", "company__name"]
        verbose_name = "company mention"
        verbose_name_plural = "company mentions"
        constraints = [
            models.UniqueConstraint(fields=["article", "company"], name="article_company_unique"),
            models.CheckConstraint(
                condition=Q(status__in=["suggested", "confirmed", "rejected"]),
                name="article_company_status_valid",
            ),
        ]
        indexes = [
            # The company page: its confirmed links.
            models.Index(fields=["company", "status"], name="article_company_status_idx"),
        ]

    def __str__(self):
        return f"{self.company} in “{self.article}” ({self.get_status_display().lower()})"
