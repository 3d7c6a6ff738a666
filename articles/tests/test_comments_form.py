"""The "Leave a Reply" form: fields, limits, cleaning, escaping, cookies, CSRF."""

import time

from django.db import DatabaseError, transaction
from django.test import TestCase
from django.urls import reverse

from articles.comments import spam
from articles.comments.cookies import AUTHOR_COOKIE
from articles.comments.forms import CommentForm
from articles.models import Comment

from .commenting import CommentingMixin, valid_comment
from .factories import make_article


class FormLimitsTests(CommentingMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="Retail sales fall")

    def test_form_shows_the_wordpress_fields(self):
        """Comment, Name, Email, Website, the cookie consent and reply-notification boxes."""
        response = self.client.get(self.article.get_absolute_url())
        self.assertContains(response, "Leave a Reply")
        for label in ["Comment", "Name", "Email"]:
            self.assertContains(response, f'{label} <span class="required" aria-hidden="true">')
        self.assertContains(response, '<label for="id_author_url">Website</label>', html=True)
        self.assertContains(
            response,
            "Save my name, email, and website in this browser for the next time I comment.",
        )
        self.assertContains(response, "Notify me of replies by email.")
        self.assertContains(response, "Your email address will not be published.")

    def test_values_at_each_limit_are_accepted(self):
        """Name 245, email 100, website 200 and comment 65,525 characters are stored whole."""
        email = "a" * 88 + "@example.org"
        url = "https://example.org/" + "p" * 180
        response = self.post_comment(
            self.article,
            author_name="N" * 245,
            author_email=email,
            author_url=url,
            body="b" * 65525,
        )
        self.assertEqual(response.status_code, 302)
        comment = Comment.objects.get()
        self.assertEqual(
            [len(comment.author_name), len(comment.author_email), len(comment.author_url)],
            [245, 100, 200],
        )
        self.assertEqual(len(comment.body), 65525)

    def test_one_character_over_each_limit_is_refused_next_to_the_field(self):
        """Each field one over its limit gets its own message; the input comes back."""
        cases = {
            "author_name": "N" * 246,
            "author_email": "a" * 89 + "@example.org",
            "author_url": "https://example.org/" + "p" * 181,
            "body": "b" * 65526,
        }
        for field, value in cases.items():
            with self.subTest(field=field):
                response = self.post_comment(self.article, **{field: value})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, f'id="id_{field}_error"')
                self.assertContains(response, "at most")
                self.assertContains(response, value[:200])
                self.assertFalse(Comment.objects.exists())

    def test_a_megabyte_comment_is_refused_clearly(self):
        """1 MB of text: a form error, not a crash, and nothing stored."""
        response = self.post_comment(self.article, body="x" * 1_048_576)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Ensure this value has at most 65525 characters")
        self.assertFalse(Comment.objects.exists())

    def test_nul_characters_are_refused_in_every_field(self):
        """PostgreSQL cannot store NUL: the request is refused with a 400 page, nothing stored."""
        for field in ["body", "author_name", "author_email", "author_url"]:
            with self.subTest(field=field):
                value = valid_comment()[field]
                response = self.post_comment(self.article, **{field: value[:3] + "\x00" + value})
                self.assertContains(response, "Bad request", status_code=400)
                self.assertFalse(Comment.objects.exists())

    def test_the_form_itself_refuses_nul_characters(self):
        """Should a NUL get past the request guard, the form still stops it with a message."""
        article = self.article
        for field in ["body", "author_name", "author_email", "author_url"]:
            with self.subTest(field=field):
                data = valid_comment(token=spam.form_token(article, issued=time.time() - 10))
                data[field] = "ab\x00cd"
                form = CommentForm(data, article=article)
                self.assertFalse(form.is_valid())
                self.assertIn(field, form.errors)

    def test_required_fields_have_clear_messages_and_input_is_kept(self):
        response = self.post_comment(
            self.article, author_email="not-an-email", author_name="", body="Kept text"
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Enter a valid email address.")
        self.assertContains(response, "Please enter your name.")
        self.assertContains(response, "Kept text</textarea>")
        self.assertContains(response, 'value="not-an-email"')
        self.assertContains(response, 'aria-describedby="id_author_email_error"')
        self.assertContains(response, 'aria-describedby="id_author_name_error"')
        self.assertFalse(Comment.objects.exists())

    def test_the_database_enforces_the_limits_too(self):
        """Check constraints hold on SQLite as on PostgreSQL, even without the form."""
        for field, value in [
            ("author_name", "N" * 246),
            ("author_email", "a" * 101),
            ("author_url", "https://x.example/" + "p" * 190),
            ("body", "b" * 65526),
        ]:
            with (
                self.subTest(field=field),
                self.assertRaises(DatabaseError),  # IntegrityError, or DataError on PostgreSQL
                transaction.atomic(),
            ):
                Comment.objects.create(article=self.article, **(valid_comment() | {field: value}))


class WebsiteAndNameTests(CommentingMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()

    def test_only_http_and_https_websites(self):
        """javascript:, JaVaScRiPt:, data: and other schemes are refused."""
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "ftp://example.org/",
            "vbscript:msgbox(1)",
        ]:
            with self.subTest(url=url):
                response = self.post_comment(self.article, author_url=url)
                self.assertContains(
                    response, "Enter a website address that starts with http:// or https://."
                )
                self.assertFalse(Comment.objects.exists())

    def test_bidi_and_zero_width_characters_are_removed(self):
        """Invisible characters go from the name and the website before storing."""
        self.post_comment(
            self.article,
            author_name="Da\u202ena\u200b\u2066 Smith\ufeff",
            author_url="https://exa\u200dmple.org/\u202e",
        )
        comment = Comment.objects.get()
        self.assertEqual(comment.author_name, "Dana Smith")
        self.assertEqual(comment.author_url, "https://example.org/")

    def test_a_website_is_checked_after_its_invisible_characters_go(self):
        response = self.post_comment(self.article, author_url="https://\u200b\u202e/")
        self.assertContains(response, "Enter a website address that starts with http")
        self.assertFalse(Comment.objects.exists())

    def test_a_name_of_only_invisible_characters_is_required(self):
        response = self.post_comment(self.article, author_name="\u200b\u202e")
        self.assertContains(response, "Please enter your name.")
        self.assertFalse(Comment.objects.exists())


class RenderingTests(CommentingMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()

    def test_markup_in_every_field_is_shown_escaped(self):
        """Script tags and attribute breakouts render as text, on the page and in the form."""
        attack = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
        Comment.objects.create(
            article=self.article,
            author_name=f"Eve {attack}",
            author_email="eve@example.org",
            author_url="https://eve.example/?q=%22%3E",
            body=f"Hello {attack}",
            status=Comment.Status.APPROVED,
        )
        page = self.client.get(self.article.get_absolute_url()).content.decode()
        self.assertNotIn("<script>alert(2)", page)
        self.assertNotIn("<img src=x", page)
        self.assertIn("&lt;script&gt;alert(2)&lt;/script&gt;", page)
        # Sent back in a form with errors, every field stays escaped too.
        response = self.post_comment(
            self.article,
            author_name=attack,
            author_email=attack,
            author_url=attack,
            body=attack,
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "<img src=x")
        self.assertNotContains(response, "<script>alert(2)")
        self.assertEqual(Comment.objects.count(), 1)

    def test_paragraphs_and_line_breaks_are_kept(self):
        make_comment_body = "First line\nsecond line\n\nNew paragraph <b>bold?</b>"
        Comment.objects.create(
            article=self.article,
            author_name="Ann",
            author_email="ann@example.org",
            body=make_comment_body,
            status=Comment.Status.APPROVED,
        )
        response = self.client.get(self.article.get_absolute_url())
        self.assertContains(
            response,
            '<div class="comment__body"><p>First line<br>second line</p>'
            "<p>New paragraph &lt;b&gt;bold?&lt;/b&gt;</p></div>",
            html=True,
        )

    def test_author_links_to_website_with_nofollow_ugc_noopener(self):
        Comment.objects.create(
            article=self.article,
            author_name="Dana",
            author_email="dana@example.org",
            author_url="https://dana.example.net/",
            body="Hi",
            status=Comment.Status.APPROVED,
        )
        response = self.client.get(self.article.get_absolute_url())
        self.assertContains(
            response,
            '<a href="https://dana.example.net/" rel="nofollow ugc noopener">Dana</a>',
            html=True,
        )
        self.assertNotContains(response, "dana@example.org")


class RememberMeTests(CommentingMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()

    def test_no_cookie_unless_the_box_is_ticked(self):
        response = self.post_comment(self.article)
        self.assertNotIn(AUTHOR_COOKIE, response.cookies)
        page = self.client.get(self.article.get_absolute_url())
        self.assertNotContains(page, 'value="dana@example.net"')

    def test_ticked_box_prefills_the_form_next_time(self):
        response = self.post_comment(self.article, save_author="on")
        cookie = response.cookies[AUTHOR_COOKIE]
        self.assertTrue(cookie["httponly"])
        self.assertNotIn("dana@example.net", cookie.value)  # signed and encoded, not plain
        other = make_article()
        page = self.client.get(other.get_absolute_url())
        self.assertContains(page, 'value="Dana"')
        self.assertContains(page, 'value="dana@example.net"')
        self.assertContains(page, 'value="https://dana.example.net/"')
        self.assertContains(
            page,
            '<input type="checkbox" name="save_author" id="id_save_author" checked>',
            html=True,
        )

    def test_unticking_the_box_forgets_the_reader(self):
        self.post_comment(self.article, save_author="on")
        self.next_minute()
        response = self.post_comment(self.article, body="Another thought.")
        self.assertEqual(response.cookies[AUTHOR_COOKIE].value, "")
        page = self.client.get(self.article.get_absolute_url())
        self.assertNotContains(page, 'value="dana@example.net"')

    def test_a_tampered_cookie_is_ignored(self):
        self.client.cookies[AUTHOR_COOKIE] = "eyJhdXRob3JfbmFtZSI6Ik1hbGxvcnkifQ:tampered"
        page = self.client.get(self.article.get_absolute_url())
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "Mallory")


class CsrfTests(CommentingMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()
        cls.url = reverse("articles:comment-create", args=[cls.article.slug])

    def test_missing_csrf_token_is_refused_with_a_clear_page(self):
        fields = self.form_fields(self.article.get_absolute_url())
        del fields["csrfmiddlewaretoken"]
        self.clock.shift(5)
        response = self.client.post(self.url, valid_comment() | fields)
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "security check", status_code=403)
        self.assertFalse(Comment.objects.exists())

    def test_wrong_csrf_token_is_refused(self):
        fields = self.form_fields(self.article.get_absolute_url())
        fields["csrfmiddlewaretoken"] = "x" * 64
        self.clock.shift(5)
        response = self.client.post(self.url, valid_comment() | fields)
        self.assertContains(response, "security check", status_code=403)
        self.assertFalse(Comment.objects.exists())

    def test_get_is_not_allowed_on_the_comment_url(self):
        self.assertEqual(self.client.get(self.url).status_code, 405)
