"""Property-based tests (hypothesis): any text in a public form or query gets a clean answer
(a page, a redirect or a form error; a 400 only for NUL), and whatever is shown is escaped."""

import time

from django.test import override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from articles.comments.spam import form_token
from articles.models import Comment
from articles.text import strip_invisible

from .factories import make_article

PROBE = "<x-probe>"
ESCAPED_PROBE = "&lt;x-probe&gt;"

# Any Unicode text (hypothesis leaves out lone surrogates, which no browser can send),
# sometimes carrying a tag so escaping can be seen.
texts = st.text(max_size=200)
probed_texts = st.one_of(texts, texts.map(lambda text: text + PROBE))

EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


# Examples follow each other within milliseconds from one address: flood control (tested
# in test_comments_spam.py) would otherwise answer them.
@override_settings(COMMENTS_FLOOD_SECONDS=0)
class CommentFormPropertyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="Copper demand")
        cls.url = reverse("articles:comment-create", args=[cls.article.slug])

    @EXAMPLES
    @given(body=probed_texts, name=probed_texts, website=st.one_of(st.just(""), texts))
    def test_any_text_gives_a_redirect_a_form_error_or_a_400_for_nul(self, body, name, website):
        data = {
            "body": body,
            "author_name": name,
            "author_email": "reader@example.org",
            "author_url": website,
            "token": form_token(self.article, issued=time.time() - 10),
        }
        before = Comment.objects.count()
        response = self.client.post(self.url, data)
        if any("\x00" in value for value in data.values()):
            self.assertEqual(response.status_code, 400)
            self.assertEqual(Comment.objects.count(), before)
            return
        self.assertIn(response.status_code, {200, 302})
        page = response.content.decode()
        if response.status_code == 200:
            self.assertIn('aria-invalid="true"', page)
            self.assertEqual(Comment.objects.count(), before)
        else:
            comment = Comment.objects.latest("pk")
            self.assertEqual(comment.body, body.strip())
            self.assertEqual(comment.author_name, " ".join(strip_invisible(name).split()))
            Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.APPROVED)
            page = self.client.get(self.article.get_absolute_url()).content.decode()
        self.assertNotIn(PROBE, page)
        if PROBE in body:
            self.assertIn(ESCAPED_PROBE, page)

    @EXAMPLES
    @given(query=texts, page=texts)
    def test_any_query_on_a_list_page_gives_a_page_or_a_clean_4xx(self, query, page):
        response = self.client.get(reverse("articles:article-list"), {"q": query, "page": page})
        if "\x00" in query + page:
            self.assertEqual(response.status_code, 400)
        else:
            self.assertIn(response.status_code, {200, 404})
        self.assertNotIn(PROBE, response.content.decode())


# Search syntax and its edge: quotes, operators, FTS5 and tsquery specials, long words.
search_texts = st.one_of(
    probed_texts,
    st.lists(
        st.sampled_from(
            [
                '"',
                "-",
                "OR",
                "AND",
                "NOT",
                "*",
                ":*",
                "&",
                "|",
                "!",
                "(",
                ")",
                "^",
                "NEAR",
                "oil",
                "price",
                "'",
                ":",
                "\\",
                "{",
                "}",
                "+",
                "~",
                "<->",
                "💰",
                "\u202e",
            ]
        ),
        max_size=12,
    ).map(" ".join),
    st.text(min_size=990, max_size=1100),
)


class SearchPropertyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_article(
            title="Oil price climbs", body="Brent crude rose on supply worries.", tags=["Energy"]
        )
        make_article(title="Price war in retail", body="Supermarkets cut prices again.")

    @EXAMPLES
    @given(query=search_texts, tag=texts, year=texts)
    def test_any_search_gives_a_page_and_shows_the_query_escaped(self, query, tag, year):
        response = self.client.get(
            reverse("articles:search"), {"q": query, "tag": tag, "year": year}
        )
        if "\x00" in tag + year:
            self.assertEqual(response.status_code, 400)
            return
        if "\x00" in query:
            # The search box alone reads NUL as a space, on a clean address.
            self.assertEqual(response.status_code, 302)
            self.assertNotIn("%00", response["Location"])
            response = self.client.get(response["Location"])
            query = query.replace("\x00", " ")
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        self.assertNotIn(PROBE, page)
        if PROBE in query and len(query) <= 1000:
            self.assertIn(ESCAPED_PROBE, page)
