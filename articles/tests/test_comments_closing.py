"""Closed comments, drafts and unknown articles, and pagination by top-level thread."""

import datetime

from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Comment

from .commenting import CommentingMixin, valid_comment
from .factories import make_article, make_comment


class ClosedCommentsTests(CommentingMixin, TestCase):
    def assert_closed(self, article):
        page = self.client.get(article.get_absolute_url())
        self.assertContains(page, '<p class="comments-closed">Comments are closed.</p>', html=True)
        self.assertNotContains(page, "Post Comment")
        self.assertNotContains(page, "comment-reply-link")
        self.client.get(make_article().get_absolute_url())  # an open form, for a CSRF cookie
        csrf = self.client.cookies["csrftoken"].value
        self.clock.shift(5)
        response = self.client.post(
            reverse("articles:comment-create", args=[article.slug]),
            valid_comment(csrfmiddlewaretoken=csrf),
        )
        self.assertContains(response, "Comments are closed on this article.", status_code=403)
        self.assertFalse(Comment.objects.filter(author_email="dana@example.net").exists())

    def test_article_that_does_not_allow_comments(self):
        article = make_article(allow_comments=False)
        make_comment(article, body="From before closing.")
        self.assert_closed(article)
        self.assertContains(self.client.get(article.get_absolute_url()), "From before closing.")
        comment = Comment.objects.get(body="From before closing.")
        page = self.client.get(article.get_absolute_url(), {"replytocom": comment.pk})
        self.assertNotContains(page, "Leave a Reply to")
        self.assertContains(page, "Comments are closed.", count=1)

    @override_settings(COMMENTS_CLOSE_AFTER_DAYS=14)
    def test_comments_close_n_days_after_publication(self):
        old = make_article(published_at=timezone.now() - datetime.timedelta(days=15))
        self.assert_closed(old)
        recent = make_article(published_at=timezone.now() - datetime.timedelta(days=13))
        self.assertEqual(self.post_comment(recent).status_code, 302)

    def test_a_post_to_a_draft_or_unknown_article_is_404(self):
        draft = make_article(status=Article.Status.DRAFT)
        scheduled = make_article(published_at=timezone.now() + datetime.timedelta(days=1))
        public = make_article()
        self.client.get(public.get_absolute_url())
        csrf = self.client.cookies["csrftoken"].value
        for slug in [draft.slug, scheduled.slug, "no-such-article"]:
            with self.subTest(slug=slug):
                response = self.client.post(
                    reverse("articles:comment-create", args=[slug]),
                    valid_comment(csrfmiddlewaretoken=csrf),
                )
                self.assertEqual(response.status_code, 404)
        self.assertFalse(Comment.objects.exists())


@override_settings(COMMENTS_PER_PAGE=3)
class PaginationTests(CommentingMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()
        start = timezone.now() - datetime.timedelta(hours=10)
        cls.threads = []
        for i in range(7):
            top = make_comment(
                cls.article,
                body=f"Thread {i}.",
                created_at=start + datetime.timedelta(minutes=10 * i),
            )
            cls.threads.append(top)
        # A reply to the first thread written last: it stays on page 1 with its thread.
        cls.late_reply = make_comment(
            cls.article, parent=cls.threads[0], body="Late reply.", created_at=timezone.now()
        )

    def page(self, number=None):
        url = self.article.get_absolute_url()
        return self.client.get(url, {"cpage": number} if number else {})

    def test_pages_of_top_level_threads_oldest_first(self):
        first = self.page()
        self.assertContains(first, "Thread 0.")
        self.assertContains(first, "Thread 2.")
        self.assertContains(first, "Late reply.")
        self.assertNotContains(first, "Thread 3.")
        self.assertContains(first, "8 comments")
        self.assertContains(first, "Comments page 1 of 3")
        self.assertContains(first, '<a href="?cpage=2#comments" rel="next">', count=2)
        html = first.content.decode()
        self.assertLess(html.index("Thread 0."), html.index("Thread 1."))
        last = self.page(3)
        self.assertContains(last, "Thread 6.")
        self.assertNotContains(last, "Thread 5.")

    def test_bad_page_numbers_are_404(self):
        for number in ["0", "4", "abc", "-1", "9" * 50]:
            with self.subTest(number=number):
                self.assertEqual(self.page(number).status_code, 404)

    def test_a_form_with_errors_never_loses_the_text_to_a_bad_page_number(self):
        fields = self.form_fields(self.article.get_absolute_url())
        self.clock.shift(5)
        url = reverse("articles:comment-create", args=[self.article.slug])
        response = self.client.post(
            f"{url}?cpage=99", valid_comment(author_email="broken", body="Keep me.") | fields
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Keep me.</textarea>")
        self.assertContains(response, "Comments page 3 of 3")

    def test_a_comment_link_lands_on_the_right_page(self):
        for comment, page in [
            (self.threads[0], 1),
            (self.late_reply, 1),
            (self.threads[4], 2),
            (self.threads[6], 3),
        ]:
            with self.subTest(comment=comment.body):
                response = self.client.get(comment.get_absolute_url())
                suffix = f"?cpage={page}" if page > 1 else ""
                target = f"{self.article.get_absolute_url()}{suffix}#comment-{comment.pk}"
                self.assertRedirects(response, target, fetch_redirect_response=False)
                landed = self.client.get(target.split("#")[0])
                self.assertContains(landed, f'id="comment-{comment.pk}"')

    def test_a_new_comment_redirects_to_its_page(self):
        make_comment(make_article(), author_email="dana@example.net")
        response = self.post_comment(self.article, body="Newest thread.")
        comment = Comment.objects.get(body="Newest thread.")
        self.assertEqual(
            response["Location"],
            f"{self.article.get_absolute_url()}?cpage=3#comment-{comment.pk}",
        )
        self.assertContains(self.client.get(response["Location"]), "Newest thread.")

    def test_reply_form_on_a_later_page_posts_back_to_that_page(self):
        target = self.threads[4]
        url = f"{self.article.get_absolute_url()}?cpage=2&replytocom={target.pk}"
        response = self.client.get(url)
        self.assertContains(response, "Leave a Reply to")
        self.assertContains(
            response,
            f'action="{reverse("articles:comment-create", args=[self.article.slug])}?cpage=2"',
        )

    def test_the_page_carries_the_permalink_pattern_for_its_script(self):
        """Without JavaScript nothing changes; with it, a stale #comment-<id> link is sent to
        the permalink (the script itself needs a browser, which the suite does not have)."""
        response = self.page()
        self.assertContains(response, 'data-comment-permalink="/comments/0/"')
        self.assertContains(response, '<script src="/static/js/comments.js" defer></script>')
        self.assertEqual(reverse("articles:comment-permalink", args=[0]), "/comments/0/")

    def test_permalinks_of_hidden_comments_are_404(self):
        held = make_comment(self.article, status=Comment.Status.PENDING)
        draft_comment = make_comment(make_article(status=Article.Status.DRAFT))
        for comment in [held, draft_comment]:
            with self.subTest(status=comment.status):
                self.assertEqual(self.client.get(comment.get_absolute_url()).status_code, 404)
