"""Replies: a Reply link that works without JavaScript, nesting, and its limits."""

from django.test import TestCase, override_settings

from articles.models import Comment

from .commenting import CommentingMixin
from .factories import make_article, make_comment


def reply_page(article, comment):
    return f"{article.get_absolute_url()}?replytocom={comment.pk}"


class ReplyLinkTests(CommentingMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()
        cls.top = make_comment(cls.article, author_name="Ann", body="Top level.")

    def test_approved_comment_has_a_plain_reply_link(self):
        response = self.client.get(self.article.get_absolute_url())
        href = f"{reply_page(self.article, self.top)}#respond"
        self.assertContains(
            response,
            f'<a rel="nofollow" class="comment-reply-link" href="{href}" '
            'aria-label="Reply to Ann">Reply</a>',
            html=True,
        )

    def test_reply_link_puts_the_form_under_the_comment_with_cancel(self):
        response = self.client.get(reply_page(self.article, self.top))
        html = response.content.decode()
        comment_at = html.index(f'id="comment-{self.top.pk}"')
        form_at = html.index('id="respond"')
        self.assertGreater(form_at, comment_at)
        self.assertEqual(html.count('id="respond"'), 1)
        self.assertContains(response, "Leave a Reply to Ann")
        self.assertContains(
            response,
            f'<a rel="nofollow" id="cancel-comment-reply-link" '
            f'href="{self.article.get_absolute_url()}#respond">Cancel reply</a>',
            html=True,
        )
        self.assertContains(
            response, f'<input type="hidden" name="parent" value="{self.top.pk}" id="id_parent">'
        )

    def test_posting_a_reply_nests_it_under_its_parent(self):
        make_comment(self.article, author_email="dana@example.net", body="Earlier approved.")
        response = self.post_comment(
            self.article, page_url=reply_page(self.article, self.top), body="I agree."
        )
        reply = Comment.objects.get(body="I agree.")
        self.assertEqual(reply.parent, self.top)
        self.assertEqual(reply.status, Comment.Status.APPROVED)
        page = self.client.get(response["Location"].split("#")[0])
        self.assertContains(page, '<ol class="children">')
        html = page.content.decode()
        self.assertLess(html.index(f'id="comment-{self.top.pk}"'), html.index("I agree."))

    def test_replying_to_a_comment_on_another_article_is_refused(self):
        other = make_comment(make_article(), body="Elsewhere.")
        response = self.post_comment(self.article, parent=str(other.pk))
        self.assertContains(response, "You can only reply to a published comment on this article.")
        self.assertFalse(Comment.objects.filter(parent=other).exists())

    def test_replying_to_a_comment_that_is_not_approved_is_refused(self):
        for status in [Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.TRASH]:
            with self.subTest(status=status):
                held = make_comment(self.article, status=status)
                response = self.post_comment(self.article, parent=str(held.pk))
                self.assertContains(
                    response, "You can only reply to a published comment on this article."
                )
                self.assertFalse(Comment.objects.filter(parent=held).exists())

    def test_nonsense_parent_and_reply_ids_get_clear_answers(self):
        """Out-of-range or malformed ids: a form error or an ignored parameter, never a 500."""
        for parent in ["9" * 30, "-1", "0", "abc", "1.5"]:
            with self.subTest(parent=parent):
                response = self.post_comment(self.article, parent=parent)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, 'class="form-errors"')
        self.assertFalse(Comment.objects.filter(author_email="dana@example.net").exists())
        for reply in ["9" * 30, "abc", "-5"]:
            with self.subTest(replytocom=reply):
                page = self.client.get(self.article.get_absolute_url(), {"replytocom": reply})
                self.assertContains(page, "Leave a Reply</h2>")
        for pk in ["9" * 30, "0"]:
            with self.subTest(permalink=pk):
                self.assertEqual(self.client.get(f"/comments/{pk}/").status_code, 404)

    def test_a_pending_comment_has_no_reply_link_even_for_its_author(self):
        response = self.post_comment(self.article, body="Held for now.")
        held = Comment.objects.get(body="Held for now.")
        page = self.client.get(response["Location"].split("#")[0])
        self.assertContains(page, "Held for now.")
        self.assertNotContains(page, f"replytocom={held.pk}")
        self.assertContains(self.client.get(reply_page(self.article, held)), "Leave a Reply</h2>")


class DepthTests(CommentingMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()
        cls.chain = [make_comment(cls.article, body="Depth 1.")]
        for depth in range(2, 6):
            cls.chain.append(
                make_comment(cls.article, parent=cls.chain[-1], body=f"Depth {depth}.")
            )

    def test_replies_nest_to_five_levels_by_default(self):
        response = self.client.get(self.article.get_absolute_url())
        for comment in self.chain[:4]:
            self.assertContains(response, f"replytocom={comment.pk}#respond")
        self.assertNotContains(response, f"replytocom={self.chain[4].pk}")
        self.assertContains(response, '<ol class="children">', count=4)

    def test_a_reply_below_the_deepest_level_is_refused(self):
        response = self.post_comment(self.article, parent=str(self.chain[4].pk))
        self.assertContains(response, "nested as deeply as it can go")
        self.assertFalse(Comment.objects.filter(parent=self.chain[4]).exists())
        response = self.post_comment(
            self.article, parent=str(self.chain[3].pk), body="Fifth level reply."
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Comment.objects.filter(parent=self.chain[3]).exists())

    @override_settings(COMMENTS_MAX_DEPTH=2)
    def test_depth_is_configurable(self):
        response = self.client.get(self.article.get_absolute_url())
        self.assertContains(response, f"replytocom={self.chain[0].pk}#respond")
        self.assertNotContains(response, f"replytocom={self.chain[1].pk}")
        response = self.post_comment(self.article, parent=str(self.chain[1].pk))
        self.assertContains(response, "nested as deeply as it can go")

    def test_replies_under_an_unapproved_comment_are_hidden(self):
        Comment.objects.filter(pk=self.chain[2].pk).update(status=Comment.Status.TRASH)
        response = self.client.get(self.article.get_absolute_url())
        self.assertContains(response, "Depth 2.")
        self.assertNotContains(response, "Depth 4.")
        self.assertContains(response, "2 comments")
        response = self.post_comment(self.article, parent=str(self.chain[3].pk))
        self.assertContains(response, "You can only reply to a published comment on this article.")
