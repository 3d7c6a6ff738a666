import datetime

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce, Greatest, TruncMonth
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.dateformat import format as format_date
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView, dates
from taggit.models import Tag

import pagecache
from authors.models import Byline
from companies.templatetags.company_tags import attach_companies, companies_column, companies_from

from .comments.context import comment_context
from .forms import SearchForm
from .links import PathMaker, querystrings
from .models import Article, ArticleSlug, TaggedArticle, TagRedirect
from .pagination import UncountedPaginator
from .related import related_articles
from .search import parse_query
from .search.expressions import InIds
from .tagsummary import tag_summaries


class PublishedArticleMixin:
    """Every public view starts from Article.objects.published()."""

    def get_queryset(self):
        return Article.objects.published()


class BreadcrumbMixin:
    """Pages name their place in the site: shown as a trail and given to search engines."""

    def get_breadcrumbs(self):
        return []

    def get_context_data(self, **kwargs):
        home = ("Home", reverse("articles:article-list"))
        crumbs = self.get_breadcrumbs()
        return super().get_context_data(breadcrumbs=[home, *crumbs] if crumbs else [], **kwargs)


class ArticleListView(PublishedArticleMixin, ListView):
    paginate_by = 10
    paginator_class = UncountedPaginator

    def get_queryset(self):
        return super().get_queryset().for_listing()


def public_tag(slug):
    """The tag with this slug if a public article has it (else DoesNotExist)."""
    public = TaggedArticle.objects.filter(
        tag=OuterRef("pk"), content_object__in=Article.objects.published()
    )
    return Tag.objects.filter(Exists(public)).get(slug=slug)


class TagIndexView(BreadcrumbMixin, ListView):
    template_name = "articles/tag_index.html"
    context_object_name = "tag_list"
    paginate_by = 200

    def get_queryset(self):
        return tag_summaries()

    def get_breadcrumbs(self):
        return [("Tags", reverse("articles:tag-index"))]


def tag_or_redirect(slug, url_name):
    """The tag with this slug, or a 301 to where a merged or differently cased tag now lives."""
    tag = Tag.objects.filter(slug=slug).first()
    if tag is not None:
        return tag, None
    moved = TagRedirect.objects.filter(old_slug=slug.lower()).select_related("tag").first()
    target = moved.tag if moved else Tag.objects.filter(slug=slug.lower()).first()
    if target is None:
        raise Http404("No such tag.")
    return None, HttpResponsePermanentRedirect(reverse(url_name, args=[target.slug]))


class TagArticleListView(BreadcrumbMixin, PublishedArticleMixin, ListView):
    paginate_by = 10
    paginator_class = UncountedPaginator
    template_name = "articles/tag_detail.html"

    def get(self, request, *args, **kwargs):
        self.tag, moved = tag_or_redirect(kwargs["slug"], "articles:tag-detail")
        return moved or super().get(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(tags=self.tag).for_listing()

    def get_breadcrumbs(self):
        return [
            ("Tags", reverse("articles:tag-index")),
            (self.tag.name, reverse("articles:tag-detail", args=[self.tag.slug])),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(tag=self.tag, **kwargs)
        if not context["page_obj"].object_list:
            # A tag only drafts use is not public yet: its page would give their subject
            # away.
            raise Http404("No published article has this tag.")
        return context


def article_breadcrumbs(article):
    published = article.published_at
    return [
        (str(published.year), reverse("articles:archive-year", args=[published.year])),
        (
            format_date(published, "F Y"),
            reverse("articles:archive-month", args=[published.year, published.month]),
        ),
        (article.title, article.get_absolute_url()),
    ]


class ArticleDetailView(BreadcrumbMixin, PublishedArticleMixin, DetailView):
    def get_queryset(self):
        # The byline's authors in order and the notes under the article: one query each,
        # however many there are; the lead image in the article's own query.
        return (
            super()
            .get_queryset()
            .select_related("lead_image")
            .prefetch_related(
                Prefetch("bylines", queryset=Byline.objects.select_related("author")),
                "corrections",
            )
        )

    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object()
        except Http404:
            # An address the article had before an editor changed its slug: permanently moved.
            old = (
                ArticleSlug.objects.filter(
                    slug=kwargs["slug"], article__in=Article.objects.published()
                )
                .select_related("article")
                .first()
            )
            if old is None:
                raise
            return HttpResponsePermanentRedirect(old.article.get_absolute_url())
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_breadcrumbs(self):
        return article_breadcrumbs(self.object)

    def get_context_data(self, **kwargs):
        context = comment_context(self.request, self.object, form=kwargs.pop("form", None))
        tags = list(self.object.tags.all())
        # Kept apart from the page (pagecache.fragment): a comment approved twice a second
        # on a busy article renders the page again each time, and these queries were a
        # third of it. The name holds the tags, the one input not read inside.
        name = f"related:{self.object.pk}:{','.join(str(tag.pk) for tag in tags)}"
        related = pagecache.fragment(name, lambda: related_articles(self.object, tags))
        return super().get_context_data(tags=tags, related_articles=related, **context, **kwargs)


def csrf_failure(request, reason=""):
    """A refused form gets the site's own page (with its masthead), not Django's bare one."""
    return render(request, "403_csrf.html", {"reason": reason}, status=403)


# Date archives. Years are four digits and months and days one or two (see urls.py), so a
# year like 99999 never reaches a view; impossible dates (2018/13, 2018/02/30) are answered
# 404 by Django's date parsing.


class ArchiveMixin(BreadcrumbMixin, PublishedArticleMixin):
    date_field = "published_at"
    paginate_by = 20
    month_format = "%m"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except OverflowError:
            # The last day of year 9999 has no "next day" for Django to compute.
            raise Http404("Date out of range.") from None

    def paginate_queryset(self, queryset, page_size):
        return super().paginate_queryset(queryset.for_listing(), page_size)

    def get_breadcrumbs(self):
        # Only reached once Django has accepted the date, so these are valid.
        year, month, day = (int(self.kwargs.get(part, 1)) for part in ("year", "month", "day"))
        date = datetime.date(year, month, day)
        crumbs = [
            ("Archive", reverse("articles:archive")),
            (str(year), reverse("articles:archive-year", args=[year])),
        ]
        if "month" in self.kwargs:
            url = reverse("articles:archive-month", args=[year, month])
            crumbs.append((format_date(date, "F Y"), url))
        if "day" in self.kwargs:
            url = reverse("articles:archive-day", args=[year, month, day])
            crumbs.append((format_date(date, "j F Y"), url))
        return crumbs


class ArchiveIndexView(BreadcrumbMixin, PublishedArticleMixin, dates.ArchiveIndexView):
    """Every month with articles, newest first, with its article count."""

    date_field = "published_at"
    allow_empty = True
    template_name = "articles/archive_index.html"

    def get_dated_items(self):
        months = (
            self.get_queryset()
            .annotate(month=TruncMonth("published_at"))
            .values("month")
            .annotate(article_count=Count("id"))
            .order_by("-month")
        )
        years = {}
        for row in months:
            years.setdefault(row["month"].year, []).append(row)
        date_list = [row["month"] for rows in years.values() for row in rows]
        return date_list, Article.objects.none(), {"years": list(years.items())}

    def get_breadcrumbs(self):
        return [("Archive", reverse("articles:archive"))]


class YearArchiveView(ArchiveMixin, dates.YearArchiveView):
    make_object_list = True


class MonthArchiveView(ArchiveMixin, dates.MonthArchiveView):
    pass


class DayArchiveView(ArchiveMixin, dates.DayArchiveView):
    day_format = "%d"


class SearchView(BreadcrumbMixin, PublishedArticleMixin, ListView):
    """Full-text search with tag and year filters, their counts, and highlighted snippets."""

    template_name = "articles/search.html"
    paginate_by = 10
    FACET_TAGS = 15

    def get(self, request, *args, **kwargs):
        if "\x00" in request.GET.get("q", ""):
            # Let through by the middleware for this field alone: read as a space, on a
            # clean address, so the page's own links carry no NUL.
            clean = request.GET.copy()
            clean.setlist("q", [q.replace("\x00", " ") for q in clean.getlist("q")])
            return HttpResponseRedirect(f"{request.path}?{clean.urlencode()}")
        self.form = SearchForm(request.GET)
        self.parsed = None
        if self.form.is_valid():
            self.parsed = parse_query(self.form.cleaned_data["q"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not self.parsed:
            return []
        # An edit can bring an article into results it was not in.
        pagecache.depends_on("articles:search")
        articles = super().get_queryset()
        data = self.form.cleaned_data
        if data.get("year"):
            articles = articles.filter(published_at__year=data["year"])
        tag_id = None
        if data.get("tag"):
            # The tag's id first: on PostgreSQL the search index holds it as a key.
            tag_id = Tag.objects.filter(slug=data["tag"]).values_list("pk", flat=True).first()
            if tag_id is None:
                articles = articles.none()
        if data.get("currency"):
            articles = articles.filter(pk__in=self.deals(data["currency"], data.get("min")))
        self.results = articles.search(self.parsed, tag=tag_id).name_tags(self.FACET_TAGS)
        if connection.vendor == "postgresql":
            self.results.annotate_page(company_list=companies_column())
        if data.get("sort") == "amount":
            self.results.order_by_size(lambda pks: self.deal_sizes(pks, data["currency"]))
        return self.results

    @staticmethod
    def deals(currency, minimum):
        """Articles stating an amount in `currency` of at least `minimum` (a range counts by
        its top). The amounts are the key figures the figures app reads from each article."""
        amounts = Q(key_figures__kind="money", key_figures__currency=currency)
        if minimum is not None:
            amounts &= Q(key_figures__value__gte=minimum) | Q(key_figures__upper__gte=minimum)
        return Article.objects.filter(amounts).values("pk")

    @staticmethod
    def deal_sizes(pks, currency):
        """{article id: its largest amount in `currency`} for these articles."""
        amounts = Q(key_figures__kind="money", key_figures__currency=currency)
        largest = Greatest(
            Max("key_figures__value", filter=amounts),
            Coalesce(
                Max("key_figures__upper", filter=amounts), Max("key_figures__value", filter=amounts)
            ),
        )
        rows = (
            Article.objects.filter(InIds(F("pk"), pks))
            .order_by()
            .values("pk")
            .annotate(size=largest)
            .values_list("pk", "size")
        )
        return {pk: size for pk, size in rows if size is not None}

    def facets(self, page):
        """Counts by year and by tag of the ranked matches, and the companies of the page shown.

        Each match carries its tag ids; the tags shown (those of the page, and those counted
        often enough to be among the FACET_TAGS most frequent) are named with the page, and
        on PostgreSQL the page's companies come with it too: no query of their own.
        """
        if connection.vendor == "postgresql":
            for article in page:
                article.companies = companies_from(article.company_list)
        else:
            attach_companies(page)
        years = self.results.year_counts()
        counts = self.results.tag_counts()
        names = self.results.tag_names
        tags = sorted(
            (
                {"tag_id": pk, "name": tag.name, "slug": tag.slug, "article_count": counts[pk]}
                for pk, tag in names.items()
                if counts[pk]
            ),
            key=lambda row: (-row["article_count"], row["name"].lower()),
        )[: self.FACET_TAGS]
        by_year = [{"year": y, "article_count": n} for y, n in sorted(years.items(), reverse=True)]
        return by_year, tags

    def link(self, page, years, tags):
        """Give the page's results, tags and companies their `url`, and the facets their
        `filter_url` (articles.links: the strings reverse() and {% querystring %} give, for
        a fraction of the cost)."""
        article_url = PathMaker("articles:article-detail")
        tag_url = PathMaker("articles:tag-detail")
        company_url = PathMaker("companies:company-detail")
        for article in page:
            article.url = article_url(article.slug)
            for company in article.companies:
                company.url = company_url(company.slug)
        for tag in self.results.tag_names.values():
            tag.url = tag_url(tag.slug)
        for rows, key, field in ((years, "year", "year"), (tags, "tag", "slug")):
            links = querystrings(self.request.GET, key, [row[field] for row in rows])
            for row, url in zip(rows, links, strict=True):
                row["filter_url"] = url

    def get_breadcrumbs(self):
        return [("Search", reverse("articles:search"))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context["article_list"] = page.object_list
        found = context["paginator"].count
        years, tags = [], []
        if found:
            years, tags = self.facets(page.object_list)
            self.link(page.object_list, years, tags)
        return {
            **context,
            "max_results": settings.SEARCH_MAX_RESULTS,
            "more_results": found >= settings.SEARCH_MAX_RESULTS,
            "form": self.form,
            "deal_fields": [self.form[name] for name in ("currency", "min", "sort")],
            "query": self.form.cleaned_data.get("q", "") if self.form.is_valid() else "",
            "parsed": self.parsed,
            "year_facets": years,
            "tag_facets": tags,
        }


@require_GET
def favicon(request):
    """/favicon.ico, asked for by browsers and crawlers whatever the page says: the SVG icon.

    A temporary redirect, kept for a day: the icon's hashed address changes with the icon.
    """
    response = HttpResponseRedirect(static("img/favicon.svg"))
    patch_cache_control(response, public=True, max_age=86400)
    return response


@require_GET
def robots_txt(request):
    # The admin is not named here: ADMIN_URL may be a secret, and its pages say noindex.
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('articles:search')}",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
