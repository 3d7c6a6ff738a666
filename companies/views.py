from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import ListView

from articles.models import Article
from articles.pagination import UncountedPaginator
from articles.views import BreadcrumbMixin
from figures.models import KeyFigure, distinct_figures

from .chart import coverage_chart
from .matching import Matcher
from .models import ArticleCompany, Company

KEY_FIGURES = 8
# Figures are read from this many of the company's newest, then kept if their sentence
# names the company: a fixed amount of work however much it is covered.
FIGURES_SCANNED = 60
CO_MENTIONED = 10


def public_articles(company):
    """The published articles an editor confirmed are about this company."""
    confirmed = ArticleCompany.objects.confirmed().filter(article=OuterRef("pk"), company=company)
    return Article.objects.published().filter(Exists(confirmed))


class CompanyIndexView(BreadcrumbMixin, ListView):
    template_name = "companies/company_index.html"
    context_object_name = "company_list"
    paginate_by = 200

    def get_queryset(self):
        return (
            Company.objects.with_article_count()
            .filter(article_count__gt=0)
            .prefetch_related("tickers")
            .order_by("name")
        )

    def get_breadcrumbs(self):
        return [("Companies", reverse("companies:company-index"))]


class CompanyDetailView(BreadcrumbMixin, ListView):
    """A company's page: its articles newest first, its figures, its company, its coverage."""

    template_name = "companies/company_detail.html"
    paginate_by = 10
    paginator_class = UncountedPaginator

    def get(self, request, *args, **kwargs):
        self.company = get_object_or_404(
            Company.objects.prefetch_related("tickers"), slug=kwargs["slug"]
        )
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return public_articles(self.company).for_listing()

    def get_breadcrumbs(self):
        return [
            ("Companies", reverse("companies:company-index")),
            (self.company.name, self.company.get_absolute_url()),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(company=self.company, **kwargs)
        if not context["page_obj"].object_list:
            # Only drafts mention it (or no editor confirmed any): not public yet.
            raise Http404("No published article is about this company.")
        return {
            **context,
            "tickers": list(self.company.tickers.all()),
            "key_figures": self.key_figures(),
            "co_mentioned": self.co_mentioned(),
            "chart": self.coverage(),
        }

    def key_figures(self):
        """Amounts and stakes stated in a sentence that names the company, newest first."""
        figures = (
            KeyFigure.objects.filter(
                article__in=public_articles(self.company),
                kind__in=[KeyFigure.Kind.MONEY, KeyFigure.Kind.STAKE],
            )
            .select_related("article")
            .only(*FIGURE_FIELDS)
            .order_by("-article__published_at", "-article_id", "position")[:FIGURES_SCANNED]
        )
        matcher = Matcher([(self.company.pk, self.company.names())])
        named = (figure for figure in figures if matcher.spans(figure.sentence))
        return list(distinct_figures(named))[:KEY_FIGURES]

    def co_mentioned(self):
        """The companies most often confirmed on the same published articles."""
        return list(
            Company.objects.filter(
                article_links__status=ArticleCompany.Status.CONFIRMED,
                article_links__article__in=public_articles(self.company).values("pk"),
            )
            .exclude(pk=self.company.pk)
            .annotate(shared=Count("article_links"))
            .only("name", "slug")
            .order_by("-shared", "name")[:CO_MENTIONED]
        )

    def coverage(self):
        months = (
            public_articles(self.company)
            .annotate(month=TruncMonth("published_at"))
            .order_by()
            .values("month")
            .annotate(n=Count("pk"))
        )
        return coverage_chart({row["month"].date(): row["n"] for row in months})


FIGURE_FIELDS = [
    "kind",
    "value",
    "upper",
    "currency",
    "qualifier",
    "scale",
    "text",
    "sentence",
    "position",
    "article_id",
    "article__title",
    "article__slug",
    "article__published_at",
]
