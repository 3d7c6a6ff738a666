import datetime

from django.test import RequestFactory, TestCase
from django.urls import reverse
from django.utils import timezone
from django.views.defaults import server_error

from articles.models import Article, Comment

from .factories import make_article, make_comment


class HomePageTests(TestCase):
    def test_lists_published_articles_with_their_details(self):
        """Each summary shows title, date, standfirst, tags and approved comment count."""
        article = make_article(
            title="Copper prices climb",
            standfirst="Mines in two countries halted output.",
            published_at=datetime.datetime(2018, 6, 28, 9, 0, tzinfo=datetime.UTC),
            tags=["Commodities"],
        )
        make_comment(article)
        make_comment(article)
        make_comment(article, status=Comment.Status.PENDING)
        response = self.client.get(reverse("articles:article-list"))
        self.assertContains(response, "Copper prices climb")
        self.assertContains(response, "Mines in two countries halted output.")
        self.assertContains(
            response, '<time datetime="2018-06-28T09:00:00+00:00">28 June 2018</time>', html=True
        )
        self.assertContains(response, 'href="/tags/commodities/"')
        self.assertContains(response, "2 comments")

    def test_newest_first_and_paginated(self):
        now = timezone.now()
        for day in range(12):
            make_article(title=f"Day {day:02d}", published_at=now - datetime.timedelta(days=day))
        first = self.client.get(reverse("articles:article-list"))
        titles = [a.title for a in first.context["article_list"]]
        self.assertEqual(titles[:2], ["Day 00", "Day 01"])
        self.assertEqual(len(titles), 10)
        second = self.client.get(reverse("articles:article-list"), {"page": 2})
        self.assertEqual([a.title for a in second.context["article_list"]], ["Day 10", "Day 11"])

    def test_bad_page_numbers_answer_404(self):
        make_article()
        for page in ["abc", "0", "-1", "99999", "9" * 5000]:
            with self.subTest(page=page[:10]):
                response = self.client.get(reverse("articles:article-list"), {"page": page})
                self.assertEqual(response.status_code, 404)

    def test_empty_archive(self):
        response = self.client.get(reverse("articles:article-list"))
        self.assertContains(response, "No articles have been published yet.")


class ArticlePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(
            title="Google invests in a retailer",
            body="First paragraph.\n\nSecond paragraph.",
            published_at=datetime.datetime(2018, 6, 28, 10, 0, tzinfo=datetime.UTC),
            tags=["Retail", "Investment"],
            byline="A. Reporter",
        )
        cls.comment = make_comment(cls.article, author_name="Helen", body="Sharp analysis.")
        make_comment(cls.article, status=Comment.Status.PENDING, body="Not yet approved")

    def test_shows_every_section_of_the_source_page(self):
        response = self.client.get(self.article.get_absolute_url())
        self.assertContains(
            response, '<h1 class="article__title">Google invests in a retailer</h1>', html=True
        )
        self.assertContains(
            response, '<time datetime="2018-06-28T10:00:00+00:00">28 June 2018</time>', html=True
        )
        self.assertContains(response, "<p>First paragraph.</p>", html=True)
        self.assertContains(response, "<p>Second paragraph.</p>", html=True)
        self.assertContains(response, "Tags:")
        self.assertContains(
            response, '<a class="tag" href="/tags/retail/" rel="tag">Retail</a>', html=True
        )
        self.assertContains(response, "1 comment")
        self.assertContains(response, "Sharp analysis.")
        self.assertNotContains(response, "Not yet approved")
        self.assertContains(response, "Leave a Reply")
        self.assertContains(response, "Your email address will not be published.")
        self.assertContains(response, "Required fields are marked")
        for label in ["Comment", "Name", "Email"]:
            self.assertContains(
                response, f'{label} <span class="required" aria-hidden="true">*</span>', html=False
            )
        self.assertContains(response, ">Website</label>")
        self.assertContains(response, "Post Comment")

    def test_commenter_email_never_appears(self):
        """No public page shows a commenter's email address."""
        pages = [
            self.article.get_absolute_url(),
            reverse("articles:article-list"),
            reverse("articles:tag-detail", args=["retail"]),
        ]
        for url in pages:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, self.comment.author_email)
                self.assertNotContains(response, "@example.org")

    def test_hostile_body_renders_without_script(self):
        article = make_article(
            body="<script>alert(1)</script>"
            '<img src=x onerror="alert(2)"> <a href="javascript:alert(3)">x</a>'
        )
        response = self.client.get(article.get_absolute_url())
        content = response.content.decode()
        self.assertNotIn("<script>alert", content)
        self.assertNotIn("onerror", content)
        self.assertNotIn("javascript:", content)

    def test_comment_text_is_escaped(self):
        make_comment(self.article, body='<script>alert("x")</script>', author_name="<b>Bold</b>")
        response = self.client.get(self.article.get_absolute_url())
        self.assertContains(response, "&lt;script&gt;")
        self.assertContains(response, "&lt;b&gt;Bold&lt;/b&gt;")
        self.assertNotContains(response, '<script>alert("x")')

    def test_unknown_article_answers_styled_404(self):
        response = self.client.get(reverse("articles:article-detail", args=["no-such-article"]))
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Page not found", status_code=404)


class HiddenArticleTests(TestCase):
    """Drafts and scheduled articles are invisible on every public page."""

    @classmethod
    def setUpTestData(cls):
        cls.draft = make_article(title="Secret draft", status=Article.Status.DRAFT, tags=["Hidden"])
        cls.future = make_article(
            title="Embargoed story",
            published_at=timezone.now() + datetime.timedelta(days=3),
            tags=["Hidden"],
        )
        make_article(title="Public story", tags=["Hidden"])

    def test_detail_pages_answer_404(self):
        for article in (self.draft, self.future):
            with self.subTest(article=article.title):
                response = self.client.get(article.get_absolute_url())
                self.assertEqual(response.status_code, 404)

    def test_lists_do_not_show_them(self):
        for url in (
            reverse("articles:article-list"),
            reverse("articles:tag-detail", args=["hidden"]),
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, "Public story")
                self.assertNotContains(response, "Secret draft")
                self.assertNotContains(response, "Embargoed story")

    def test_commenting_on_them_answers_404_and_stores_nothing(self):
        for article in (self.draft, self.future):
            response = self.client.post(
                reverse("articles:comment-create", args=[article.slug]),
                {"body": "x", "author_name": "A", "author_email": "a@example.com"},
            )
            self.assertEqual(response.status_code, 404)
        self.assertFalse(Comment.objects.exists())


class TagPageTests(TestCase):
    def test_lists_articles_with_the_tag(self):
        make_article(title="Bank story", tags=["Banking"])
        make_article(title="Farm story", tags=["Agriculture"])
        response = self.client.get(reverse("articles:tag-detail", args=["banking"]))
        self.assertContains(response, "Tag: Banking")
        self.assertContains(response, "Bank story")
        self.assertNotContains(response, "Farm story")

    def test_unknown_tag_answers_404(self):
        response = self.client.get(reverse("articles:tag-detail", args=["nothing-here"]))
        self.assertEqual(response.status_code, 404)


class ErrorPageTests(TestCase):
    def test_500_page_renders_without_touching_the_database(self):
        """The server-error page needs no query, so it works when the database is down."""

        with self.assertNumQueries(0):
            response = server_error(RequestFactory().get("/"))
        self.assertEqual(response.status_code, 500)
        self.assertIn(b"Something went wrong", response.content)
