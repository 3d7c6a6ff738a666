import datetime

import jsonschema
import time_machine
from django.contrib.auth.models import User
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from api.models import ApiKey
from api.views import _schema
from articles.models import Article, Comment
from articles.tests.factories import make_article, make_comment
from authors.credits import credit

EMAIL, IP, AGENT = "secret.reader@example.org", "203.0.113.77", "SecretAgent/1.0"


def openapi_nullable(node):
    """OpenAPI 3.0's `nullable: true` as JSON Schema's type list, for jsonschema."""
    if isinstance(node, dict):
        node = {key: openapi_nullable(value) for key, value in node.items()}
        if node.pop("nullable", False) and "type" in node:
            node["type"] = [node["type"], "null"]
        return node
    if isinstance(node, list):
        return [openapi_nullable(value) for value in node]
    return node


class ApiTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(
            title="Copper climbs",
            published_at=datetime.datetime(2018, 6, 28, 9, 30, tzinfo=datetime.UTC),
            tags=["Metals"],
        )
        cls.other = make_article(
            title="Bank rates held",
            published_at=datetime.datetime(2020, 1, 2, tzinfo=datetime.UTC),
            tags=["Banks"],
        )
        cls.draft = make_article(title="Secret draft", status=Article.Status.DRAFT, tags=["Hidden"])
        credit(cls.article, ["Tom Reyes", "Lena Ortiz"])
        credit(cls.draft, ["Hidden Hand"])
        cls.comment = make_comment(
            cls.article,
            author_email=EMAIL,
            ip_address=IP,
            user_agent=AGENT,
            author_url="https://r.example/",
        )
        make_comment(cls.article, parent=cls.comment, author_email=EMAIL, ip_address=IP)
        make_comment(cls.article, body="Pending one", status=Comment.Status.PENDING)
        make_comment(cls.draft, body="On a draft")

    def get(self, url, **headers):
        return self.client.get(url, headers=headers)


class ContractTests(ApiTestCase):
    def operation(self, path):
        schema = _schema()
        return schema, schema["paths"][path]["get"]["responses"]["200"]

    def assert_matches_schema(self, url, path):
        schema, response_spec = self.operation(path)
        body_schema = response_spec["content"]["application/json"]["schema"]
        document = openapi_nullable({**body_schema, "components": schema["components"]})
        response = self.get(url)
        self.assertEqual(response.status_code, 200, response.content)
        jsonschema.validate(response.json(), document)

    def test_every_endpoint_answers_as_its_schema_says(self):
        """Each list and detail answer validates against the OpenAPI schema served."""
        cases = [
            (reverse("api:article-list"), "/api/v1/articles/"),
            (reverse("api:article-detail", args=[self.article.slug]), "/api/v1/articles/{slug}/"),
            (reverse("api:tag-list"), "/api/v1/tags/"),
            (reverse("api:tag-detail", args=["metals"]), "/api/v1/tags/{slug}/"),
            (reverse("api:comment-list"), "/api/v1/comments/"),
            (reverse("api:comment-detail", args=[self.comment.pk]), "/api/v1/comments/{id}/"),
        ]
        for url, path in cases:
            with self.subTest(url):
                self.assert_matches_schema(url, path)

    def test_a_schema_violation_is_caught(self):
        """The contract check can fail: an answer missing a required field does not pass."""
        schema, spec = self.operation("/api/v1/articles/{slug}/")
        document = openapi_nullable(
            {**spec["content"]["application/json"]["schema"], "components": schema["components"]}
        )
        answer = self.get(reverse("api:article-detail", args=[self.article.slug])).json()
        del answer["title"]
        with self.assertRaises(jsonschema.ValidationError):
            jsonschema.validate(answer, document)

    def test_the_schema_and_the_docs_page_are_served(self):
        self.assertContains(self.get(reverse("api:schema")), "openapi: 3.0.3")
        docs = self.get(reverse("api:docs"))
        self.assertContains(docs, "<code>GET /api/v1/articles/</code>", html=True)
        self.assertContains(docs, "<code>since</code>", html=True)


class PrivacyTests(ApiTestCase):
    def test_no_private_data_or_unpublished_content_in_any_answer(self):
        """Every endpoint, list and detail: no email, IP or user agent, no draft, no pending
        comment, no comment on a draft."""
        urls = [
            reverse("api:article-list"),
            reverse("api:article-detail", args=[self.article.slug]),
            reverse("api:tag-list"),
            reverse("api:tag-detail", args=["metals"]),
            reverse("api:comment-list"),
            reverse("api:comment-detail", args=[self.comment.pk]),
            reverse("api:comment-list") + f"?article={self.article.slug}",
        ]
        for url in urls:
            with self.subTest(url):
                text = self.get(url).content.decode()
                for private in (
                    EMAIL,
                    IP,
                    AGENT,
                    "Secret draft",
                    "Pending one",
                    "On a draft",
                    "Hidden",  # the draft's tag and its author
                ):
                    self.assertNotIn(private, text)
        self.assertEqual(
            self.get(reverse("api:article-detail", args=[self.draft.slug])).status_code, 404
        )
        self.assertEqual(self.get(reverse("api:tag-detail", args=["hidden"])).status_code, 404)

    def test_comments_show_only_their_public_fields(self):
        answer = self.get(reverse("api:comment-detail", args=[self.comment.pk])).json()
        self.assertEqual(
            set(answer),
            {"id", "article", "parent", "author_name", "author_url", "body", "created_at"},
        )


class AuthorTests(ApiTestCase):
    def test_articles_name_their_authors_in_order_with_their_pages(self):
        expected = [
            {
                "name": "Tom Reyes",
                "slug": "tom-reyes",
                "url": "http://testserver/api/v1/authors/tom-reyes/",
                "page": "http://testserver/authors/tom-reyes/",
            },
            {
                "name": "Lena Ortiz",
                "slug": "lena-ortiz",
                "url": "http://testserver/api/v1/authors/lena-ortiz/",
                "page": "http://testserver/authors/lena-ortiz/",
            },
        ]
        detail = self.get(reverse("api:article-detail", args=[self.article.slug])).json()
        self.assertEqual(detail["authors"], expected)
        self.assertEqual(detail["byline"], "Tom Reyes and Lena Ortiz")
        listed = self.get(reverse("api:article-list")).json()["results"]
        self.assertEqual(
            {row["title"]: row["authors"] for row in listed}["Copper climbs"], expected
        )

    def test_without_authors_the_source_byline_is_given(self):
        Article.objects.filter(pk=self.other.pk).update(byline="By the wire desk")
        detail = self.get(reverse("api:article-detail", args=[self.other.slug])).json()
        self.assertEqual(detail["authors"], [])
        self.assertEqual(detail["byline"], "By the wire desk")


class FilterAndPagingTests(ApiTestCase):
    def titles(self, query=""):
        answer = self.get(reverse("api:article-list") + query)
        self.assertEqual(answer.status_code, 200, answer.content)
        return [row["title"] for row in answer.json()["results"]]

    def test_filters(self):
        self.assertEqual(self.titles(), ["Bank rates held", "Copper climbs"])
        self.assertEqual(self.titles("?since=2019-01-01"), ["Bank rates held"])
        self.assertEqual(self.titles("?until=2018-06-28"), ["Copper climbs"])
        self.assertEqual(self.titles("?tag=metals"), ["Copper climbs"])
        self.assertEqual(self.titles("?q=copper"), ["Copper climbs"])
        self.assertEqual(self.titles("?q=draft"), [])

    def test_bad_parameters_are_a_400_that_says_why(self):
        for query, field in [("?since=2018-13-01", "since"), ("?q=" + "x" * 201, "q")]:
            with self.subTest(query):
                answer = self.get(reverse("api:article-list") + query)
                self.assertEqual(answer.status_code, 400)
                self.assertIn(field, answer.json())
        answer = self.get(reverse("api:article-list") + "?since=2020-01-01&until=2019-01-01")
        self.assertIn("`since` is after `until`.", answer.json()["non_field_errors"])

    def test_cursor_pages_walk_every_article_once(self):
        for n in range(5):
            make_article(title=f"Extra {n}")
        seen, url = [], reverse("api:article-list") + "?limit=3"
        while url:
            answer = self.client.get(url).json()
            seen += [row["id"] for row in answer["results"]]
            url = answer["next"]
        self.assertEqual(len(seen), 7)
        self.assertEqual(len(set(seen)), 7)

    def test_queries_do_not_grow_with_the_rows(self):
        url = reverse("api:article-list")
        # The articles, then their tags, authors and confirmed companies.
        with self.assertNumQueries(4):
            self.get(url)
        for n in range(15):
            credit(make_article(title=f"More {n}", tags=["Banks", "Metals"]), ["A", "B"])
        with self.assertNumQueries(4):
            self.get(url)
        with self.assertNumQueries(1):
            self.get(reverse("api:comment-list"))


class CachingTests(ApiTestCase):
    def test_etag_gives_304_until_the_data_changes(self):
        url = reverse("api:article-detail", args=[self.article.slug])
        first = self.get(url)
        etag = first["ETag"]
        self.assertEqual(self.get(url, If_None_Match=etag).status_code, 304)
        Article.objects.filter(pk=self.article.pk).update(title="Copper climbs again")
        changed = self.get(url, If_None_Match=etag)
        self.assertEqual(changed.status_code, 200)
        self.assertNotEqual(changed["ETag"], etag)


@override_settings(API_ANON_RATE="3/minute")
class RateLimitTests(ApiTestCase):
    def test_anonymous_clients_get_429_with_retry_after_then_again_later(self):
        url = reverse("api:tag-list")
        with time_machine.travel(timezone.now(), tick=False) as clock:
            for _ in range(3):
                self.assertEqual(self.get(url).status_code, 200)
            refused = self.get(url)
            self.assertEqual(refused.status_code, 429)
            self.assertEqual(refused["Retry-After"], "60")
            clock.shift(61)
            self.assertEqual(self.get(url).status_code, 200)

    def test_limits_are_per_client_address(self):
        url = reverse("api:tag-list")
        for _ in range(3):
            self.client.get(url, REMOTE_ADDR="198.51.100.1")
        self.assertEqual(self.client.get(url, REMOTE_ADDR="198.51.100.1").status_code, 429)
        self.assertEqual(self.client.get(url, REMOTE_ADDR="198.51.100.2").status_code, 200)

    def test_a_key_has_its_own_higher_limit_and_a_bad_key_is_refused(self):
        _key, secret = ApiKey.issue("Research group", rate="10/minute")
        url = reverse("api:tag-list")
        for _ in range(10):
            self.assertEqual(self.get(url, Authorization=f"Api-Key {secret}").status_code, 200)
        self.assertEqual(self.get(url, Authorization=f"Api-Key {secret}").status_code, 429)
        refused = self.get(url, Authorization="Api-Key not-a-key")
        self.assertEqual(refused.status_code, 401)
        self.assertEqual(refused.json(), {"detail": "Unknown or revoked API key."})


class KeyAdminTests(TestCase):
    def test_a_new_key_is_shown_once_and_stored_hashed(self):
        admin = User.objects.create_superuser("admin", "admin@example.org", "pw")
        self.client.force_login(admin)
        response = self.client.post(
            reverse("admin:api_apikey_add"),
            {"name": "Newsroom", "rate": "600/minute", "active": "on"},
            follow=True,
        )
        message = [str(m) for m in response.context["messages"]][0]
        secret = message.split(" is ")[1].split(" — ")[0]
        key = ApiKey.objects.get()
        self.assertEqual(key.hashed, ApiKey.hash(secret))
        self.assertNotIn(secret, str(list(ApiKey.objects.values())))
        self.assertEqual(ApiKey.objects.for_secret(secret), key)
