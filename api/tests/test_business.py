"""The API's companies, key figures and authors: their contract, the links between them and
the articles, their filters, and that nothing unpublished, suggested or private shows."""

import datetime

import jsonschema
from django.test import TestCase
from django.urls import reverse

from api.views import _schema
from articles.models import Article
from articles.tests.factories import make_comment
from authors.credits import credit
from companies.models import ArticleCompany
from companies.tests.factories import confirm, make_article, make_company
from figures.models import KeyFigure

from .test_api import AGENT, EMAIL, IP, openapi_nullable

DAY = datetime.datetime(2024, 5, 14, 8, 0, tzinfo=datetime.UTC)
# Words that only unpublished articles, suggestions and private fields hold.
PRIVATE = [
    EMAIL, IP, AGENT, "Secret deal", "Secretco", "Hidden Writer", "hidden-writer",
    "Suggestedco", "9000000000", "Pending words",
]  # fmt: skip


class BusinessApiTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.jd = make_company(
            "JD.com", slug="jd-com", aliases=["JD"], tickers=[("NASDAQ", "JD"), ("HKEX", "9618")]
        )
        cls.tencent = make_company("Tencent", description="Games and messaging.")
        cls.secretco = make_company("Secretco")
        cls.suggestedco = make_company("Suggestedco")
        cls.deal = make_article(
            title="Tencent invests in JD",
            body="Tencent paid US$215 million for a 5% stake in JD.",
            published_at=DAY,
        )
        cls.copper = make_article(
            title="Copper climbs", body="Copper prices rose 3% in May.", published_at=DAY
        )
        cls.draft = make_article(
            title="Secret deal",
            body="Secretco will pay $9 billion for JD.",
            status=Article.Status.DRAFT,
        )
        confirm(cls.deal, cls.jd, cls.tencent)
        confirm(cls.draft, cls.secretco, cls.jd)
        ArticleCompany.objects.update_or_create(
            article=cls.copper,
            company=cls.suggestedco,
            defaults={"status": ArticleCompany.Status.SUGGESTED},
        )
        credit(cls.deal, ["Zoe Price", "Adam Bell"])
        credit(cls.copper, ["Adam Bell"])
        credit(cls.draft, ["Hidden Writer", "Zoe Price"])
        make_comment(cls.deal, author_email=EMAIL, ip_address=IP, user_agent=AGENT)
        cls.amount = KeyFigure.objects.get(article=cls.deal, kind=KeyFigure.Kind.MONEY)
        cls.hidden_amount = KeyFigure.objects.get(article=cls.draft, kind=KeyFigure.Kind.MONEY)

    def get(self, url, **headers):
        return self.client.get(url, headers=headers)

    def json(self, url):
        answer = self.get(url)
        self.assertEqual(answer.status_code, 200, answer.content)
        return answer.json()

    def names(self, url, field="name"):
        return [row[field] for row in self.json(url)["results"]]


class ContractTests(BusinessApiTestCase):
    def test_every_new_endpoint_answers_as_its_schema_says(self):
        """Company, author and figure lists and details validate against the served schema;
        so do an article's embedded authors and companies."""
        schema = _schema()
        cases = [
            (reverse("api:company-list"), "/api/v1/companies/"),
            (reverse("api:company-detail", args=["jd-com"]), "/api/v1/companies/{slug}/"),
            (reverse("api:author-list"), "/api/v1/authors/"),
            (reverse("api:author-detail", args=["zoe-price"]), "/api/v1/authors/{slug}/"),
            (reverse("api:keyfigure-list"), "/api/v1/figures/"),
            (reverse("api:keyfigure-list") + "?currency=usd&min=1e8", "/api/v1/figures/"),
            (reverse("api:keyfigure-detail", args=[self.amount.pk]), "/api/v1/figures/{id}/"),
            (reverse("api:article-list") + "?company=jd-com", "/api/v1/articles/"),
            (reverse("api:article-detail", args=[self.deal.slug]), "/api/v1/articles/{slug}/"),
        ]
        for url, path in cases:
            with self.subTest(url):
                spec = schema["paths"][path]["get"]["responses"]["200"]
                body = spec["content"]["application/json"]["schema"]
                document = openapi_nullable({**body, "components": schema["components"]})
                jsonschema.validate(self.json(url), document)

    def test_the_docs_page_lists_them(self):
        docs = self.get(reverse("api:docs"))
        for path in ("/api/v1/companies/", "/api/v1/authors/", "/api/v1/figures/"):
            self.assertContains(docs, f"<code>GET {path}</code>", html=True)


class PrivacyTests(BusinessApiTestCase):
    def test_nothing_unpublished_suggested_or_private_in_any_answer(self):
        """Every endpoint that shows companies, authors or figures, list and detail."""
        urls = [
            reverse("api:company-list"),
            reverse("api:company-detail", args=["jd-com"]),
            reverse("api:author-list"),
            reverse("api:author-detail", args=["zoe-price"]),
            reverse("api:keyfigure-list"),
            reverse("api:keyfigure-list") + "?company=jd-com",
            reverse("api:keyfigure-detail", args=[self.amount.pk]),
            reverse("api:article-list"),
            reverse("api:article-list") + "?company=jd-com",
            reverse("api:article-list") + "?author=zoe-price",
            reverse("api:article-detail", args=[self.deal.slug]),
            reverse("api:article-detail", args=[self.copper.slug]),
        ]
        for url in urls:
            with self.subTest(url):
                text = self.get(url).content.decode()
                for private in PRIVATE:
                    self.assertNotIn(private, text)

    def test_unpublished_records_are_not_found(self):
        """A company only a draft is about, a suggested one, an author only credited on a
        draft and a draft's figure are each a 404."""
        for url in [
            reverse("api:company-detail", args=[self.secretco.slug]),
            reverse("api:company-detail", args=[self.suggestedco.slug]),
            reverse("api:author-detail", args=["hidden-writer"]),
            reverse("api:keyfigure-detail", args=[self.hidden_amount.pk]),
        ]:
            with self.subTest(url):
                self.assertEqual(self.get(url).status_code, 404)

    def test_counts_are_of_published_confirmed_articles(self):
        companies = self.json(reverse("api:company-list"))["results"]
        self.assertEqual(
            [(c["name"], c["article_count"]) for c in companies], [("JD.com", 1), ("Tencent", 1)]
        )


class LinkTests(BusinessApiTestCase):
    def follow(self, url):
        return self.json(url)

    def test_an_article_links_its_authors_companies_and_figures(self):
        article = self.json(reverse("api:article-detail", args=[self.deal.slug]))
        self.assertEqual([a["name"] for a in article["authors"]], ["Zoe Price", "Adam Bell"])
        self.assertEqual([c["name"] for c in article["companies"]], ["JD.com", "Tencent"])
        self.assertEqual(self.follow(article["authors"][0]["url"])["slug"], "zoe-price")
        jd = self.follow(article["companies"][0]["url"])
        self.assertEqual(jd["tickers"], [{"symbol": "9618", "exchange": "HKEX"},
                                         {"symbol": "JD", "exchange": "NASDAQ"}])  # fmt: skip
        figures = self.follow(article["key_figures"])["results"]
        self.assertEqual(sorted(f["reading"] for f in figures), ["5% stake", "USD 215,000,000"])
        self.assertEqual(self.follow(figures[0]["article_url"])["title"], "Tencent invests in JD")

    def test_a_suggested_company_is_not_among_an_articles_companies(self):
        article = self.json(reverse("api:article-detail", args=[self.copper.slug]))
        self.assertEqual(article["companies"], [])

    def test_a_company_and_an_author_link_their_published_articles(self):
        jd = self.json(reverse("api:company-detail", args=["jd-com"]))
        self.assertEqual(self.names(jd["articles"], "title"), ["Tencent invests in JD"])
        self.assertEqual(sorted(self.names(jd["key_figures"], "text")), ["5%", "US$215 million"])
        zoe = self.json(reverse("api:author-detail", args=["zoe-price"]))
        self.assertEqual(self.names(zoe["articles"], "title"), ["Tencent invests in JD"])
        page = reverse("authors:author-detail", args=["zoe-price"])
        self.assertEqual(zoe["page"], f"http://testserver{page}")
        self.assertEqual(self.names(reverse("api:author-list")), ["Adam Bell", "Zoe Price"])


class FilterTests(BusinessApiTestCase):
    def test_figures_by_deal_size_kind_and_article(self):
        figures = reverse("api:keyfigure-list")
        self.assertEqual(self.names(figures + "?currency=usd", "value"), ["215000000.000000"])
        self.assertEqual(self.names(figures + "?currency=USD&min=215000001", "value"), [])
        self.assertEqual(self.names(figures + "?currency=EUR", "value"), [])
        self.assertEqual(sorted(self.names(figures + "?kind=percent", "text")), ["3%"])
        self.assertEqual(self.names(figures + f"?article={self.copper.slug}", "text"), ["3%"])

    def test_articles_by_company_author_and_deal_size(self):
        articles = reverse("api:article-list")
        self.assertEqual(
            self.names(articles + "?company=tencent", "title"), ["Tencent invests in JD"]
        )
        self.assertEqual(self.names(articles + "?company=suggestedco", "title"), [])
        self.assertEqual(
            sorted(self.names(articles + "?author=adam-bell", "title")),
            ["Copper climbs", "Tencent invests in JD"],
        )
        self.assertEqual(
            self.names(articles + "?currency=USD&min=100000000", "title"),
            ["Tencent invests in JD"],
        )
        self.assertEqual(self.names(articles + "?currency=USD&min=300000000", "title"), [])

    def test_bad_parameters_are_a_400_that_says_why(self):
        cases = [
            (reverse("api:keyfigure-list") + "?min=5", "currency", "Give the currency of `min`."),
            (reverse("api:keyfigure-list") + "?currency=US", "currency", "three-letter code"),
            (reverse("api:keyfigure-list") + "?kind=gold", "kind", "not a valid choice"),
            (reverse("api:article-list") + "?currency=USD&min=-1", "min", "greater than"),
            (reverse("api:article-list") + "?company=" + "x" * 201, "company", "200"),
        ]
        for url, field, reason in cases:
            with self.subTest(url):
                answer = self.get(url)
                self.assertEqual(answer.status_code, 400)
                self.assertIn(reason, " ".join(answer.json()[field]))


class QueryCountTests(BusinessApiTestCase):
    def test_lists_take_the_same_queries_however_many_rows(self):
        """Companies with their tickers in 2 queries; authors in 1; figures in 1."""
        lists = [
            (reverse("api:company-list"), 2),
            (reverse("api:author-list"), 1),
            (reverse("api:keyfigure-list"), 1),
        ]
        for url, queries in lists:
            with self.subTest(url), self.assertNumQueries(queries):
                self.get(url)
        for n in range(12):
            company = make_company(f"Extra Company {n}", tickers=[("LSE", f"X{n}")])
            article = make_article(title=f"Extra {n}", body=f"It paid ${n + 1} million for 4%.")
            confirm(article, company, self.jd)
            credit(article, [f"Extra Writer {n}"])
        for url, queries in lists:
            with self.subTest(url), self.assertNumQueries(queries):
                self.assertGreaterEqual(len(self.get(url).json()["results"]), 14)


class CachingTests(BusinessApiTestCase):
    def test_etag_gives_304_until_the_company_changes(self):
        url = reverse("api:company-detail", args=["jd-com"])
        etag = self.get(url)["ETag"]
        self.assertEqual(self.get(url, If_None_Match=etag).status_code, 304)
        self.jd.description = "Online retailer."
        self.jd.save()
        self.assertEqual(self.get(url, If_None_Match=etag).status_code, 200)
