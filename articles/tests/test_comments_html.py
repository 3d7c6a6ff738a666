"""The comment threads' HTML, written in Python since the article page's render had to get
cheaper (articles/comments/rendering.py), is exactly what the template it replaced gave.

That template, includes/comment.html (one include per comment, recursive), is kept in
fixtures/templates/ as the reference: each test opens an article page as a reader would and
finds in it, byte for byte, the list the old template renders from the same context.
"""

import datetime
import re
from pathlib import Path

from django.template import Context, Engine, engines
from django.test import TestCase, override_settings
from django.utils import timezone, translation

from articles.comments.cookies import PENDING_COOKIE, pending_cookie_value
from articles.models import Comment

from .factories import make_article, make_comment

REFERENCE_TEMPLATES = Path(__file__).parent / "fixtures" / "templates"
# The comment list as article_detail.html wrote it before.
REFERENCE_LIST = (
    '<ol class="comment-list">\n      {% for comment in comments %}\n'
    '        {% include "includes/comment.html" %}\n      {% endfor %}\n    </ol>'
)

READER_FIELDS = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken"[^>]*><input [^>]*>')


def reference_engine():
    """The site's template engine, with the old includes/comment.html found first."""
    site = engines["django"].engine
    return Engine(
        dirs=[REFERENCE_TEMPLATES, *site.dirs],
        app_dirs=site.app_dirs,
        libraries=site.libraries,
        # Engine adds Django's own builtins itself.
        builtins=[name for name in site.builtins if name not in Engine.default_builtins],
    )


@override_settings(COMMENTS_PER_PAGE=3, COMMENTS_MAX_DEPTH=3)
class CommentThreadHtmlTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()
        start = timezone.now() - datetime.timedelta(hours=5)
        cls.minute = 0

        def comment(**fields):
            cls.minute += 1
            created = start + datetime.timedelta(minutes=cls.minute, seconds=7)
            return make_comment(cls.article, created_at=created, **fields)

        # Names, addresses and bodies that need escaping; paragraphs and single line breaks.
        cls.first = comment(
            author_name='<b>Zoë & "Jo" O\'Neil</b>',
            author_url='https://example.org/?a=1&b="2"',
            body="Line one <script>alert(1)</script>\nline two & more\n\n\nNew 'para'.",
        )
        cls.reply = comment(parent=cls.first, author_name="Ann", body="A reply\r\nin two lines.")
        cls.deep = comment(parent=cls.reply, author_name="Ben", body="At the deepest level.")
        comment(parent=cls.deep, author_name="Too deep", body="Shown, never answerable.")
        cls.held = comment(parent=cls.reply, status=Comment.Status.PENDING, body="My own, held.")
        comment(status=Comment.Status.SPAM, body="Never shown.")
        comment(author_name="Cat", author_url="https://cat.example/", body="Second thread.")
        comment(author_name="Dan", body="Third thread.")
        cls.later = comment(author_name="Eve", body="On the second page.")
        comment(parent=cls.later, author_name="Fay", body="Answering Eve.")

    def assert_same_as_reference(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        # Every variable the page was rendered with (a ContextList iterates its contexts,
        # so its keys are asked for).
        names = response.context.keys()
        context = Context({name: response.context[name] for name in names})
        expected = reference_engine().from_string(REFERENCE_LIST).render(context)
        self.assertIn('<li id="comment-', expected)
        html = response.content.decode()
        if context.get("reader_fields") and context["reader_fields"] in expected:
            # A reply form's per-reader fields, filled in for this request by the page cache.
            expected = expected.replace(context["reader_fields"], READER_FIELDS.search(html)[0])
        self.assertIn(expected, html)
        return response

    def test_threads_with_escaping_nesting_and_depth(self):
        """Escaped names, addresses and bodies, replies nested three deep, no Reply link
        at the deepest level."""
        response = self.assert_same_as_reference(self.article.get_absolute_url())
        self.assertContains(response, "&lt;b&gt;Zoë &amp; &quot;Jo&quot; O&#x27;Neil&lt;/b&gt;")

    def test_second_page(self):
        self.assert_same_as_reference(f"{self.article.get_absolute_url()}?cpage=2")

    def test_reply_form_under_a_reply_on_the_second_page(self):
        later_reply = self.later.replies.get()
        url = f"{self.article.get_absolute_url()}?cpage=2&replytocom={later_reply.pk}"
        response = self.assert_same_as_reference(url)
        self.assertContains(response, "Leave a Reply to Fay")

    def test_reply_form_under_a_nested_comment(self):
        url = f"{self.article.get_absolute_url()}?replytocom={self.reply.pk}"
        response = self.assert_same_as_reference(url)
        self.assertContains(response, "Leave a Reply to Ann")

    def test_readers_own_pending_reply(self):
        self.client.cookies[PENDING_COOKIE] = pending_cookie_value([self.held.pk])
        response = self.assert_same_as_reference(self.article.get_absolute_url())
        self.assertContains(response, "Your comment is awaiting moderation.")

    def test_comments_closed(self):
        with override_settings(COMMENTS_CLOSE_AFTER_DAYS=1):
            response = self.assert_same_as_reference(self.article.get_absolute_url())
        self.assertContains(response, "Comments are closed.")
        self.assertNotContains(response, "comment-reply-link")

    def test_dates_in_another_time_zone_and_language(self):
        with (
            override_settings(TIME_ZONE="Asia/Kolkata", LANGUAGE_CODE="fr"),
            timezone.override("Asia/Kolkata"),
            translation.override("fr"),
        ):
            response = self.assert_same_as_reference(self.article.get_absolute_url())
        self.assertContains(response, "+05:30")
