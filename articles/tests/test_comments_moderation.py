"""Moderation: statuses, WordPress's approval rules, who sees a pending comment, staff email."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import TestCase, override_settings
from django.urls import reverse

from articles.models import Comment

from .commenting import CommentingMixin
from .factories import make_article, make_comment


class ApprovalRuleTests(CommentingMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()

    def test_a_new_address_is_held_as_pending(self):
        self.post_comment(self.article)
        self.assertEqual(Comment.objects.get().status, Comment.Status.PENDING)

    def test_an_address_with_an_approved_comment_is_approved_at_once(self):
        """Whatever the case of the address."""
        make_comment(make_article(), author_email="Dana@Example.NET")
        response = self.post_comment(self.article, follow=True)
        comment = Comment.objects.get(article=self.article)
        self.assertEqual(comment.status, Comment.Status.APPROVED)
        self.assertContains(response, "The margins look thin to me.")
        self.assertContains(response, "1 comment")
        self.assertNotContains(response, "Your comment is awaiting moderation.")

    def test_an_address_with_only_pending_or_spam_comments_is_held(self):
        make_comment(self.article, author_email="dana@example.net", status="pending")
        make_comment(self.article, author_email="dana@example.net", status="spam")
        self.post_comment(self.article, body="Third try.")
        self.assertEqual(Comment.objects.get(body="Third try.").status, Comment.Status.PENDING)

    def test_two_links_hold_even_a_known_address(self):
        make_comment(self.article, author_email="dana@example.net")
        self.post_comment(self.article, body="See https://a.example/ and www.b.example for more.")
        comment = Comment.objects.get(body__startswith="See")
        self.assertEqual(comment.status, Comment.Status.PENDING)

    def test_one_link_from_a_known_address_is_approved(self):
        make_comment(self.article, author_email="dana@example.net")
        self.post_comment(self.article, body="See https://a.example/ for more.")
        comment = Comment.objects.get(body__startswith="See")
        self.assertEqual(comment.status, Comment.Status.APPROVED)

    @override_settings(COMMENTS_DISALLOWED_WORDS=["casino", "Crème brûlée"])
    def test_disallowed_words_mark_spam_in_any_field_case_and_accent_insensitively(self):
        make_comment(self.article, author_email="known@example.net")
        cases = [
            {"body": "Visit the CASÍNO today"},
            {"author_name": "Casino Royale"},
            {"author_url": "https://casino.example/"},
            {"author_email": "casino@example.net"},
            {"body": "I love creme BRULEE."},
        ]
        for i, fields in enumerate(cases):
            with self.subTest(fields=fields):
                fields = {"author_email": "known@example.net", "body": f"Text {i}"} | fields
                response = self.post_comment(self.article, ip=f"10.0.0.{i + 1}", **fields)
                self.next_minute()
                self.assertEqual(response.status_code, 302)
                comment = Comment.objects.latest("pk")
                self.assertEqual(comment.status, Comment.Status.SPAM)
        page = self.client.get(self.article.get_absolute_url())
        self.assertNotContains(page, "CASÍNO")

    @override_settings(COMMENTS_HOLD_ALL=True)
    def test_hold_all_holds_even_a_known_address(self):
        make_comment(self.article, author_email="dana@example.net")
        self.post_comment(self.article, body="Held anyway.")
        self.assertEqual(Comment.objects.get(body="Held anyway.").status, Comment.Status.PENDING)


class PendingVisibilityTests(CommentingMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()

    def test_redirects_to_the_comment_anchor_and_shows_it_to_its_author_only(self):
        response = self.post_comment(self.article)
        comment = Comment.objects.get()
        self.assertRedirects(
            response,
            f"{self.article.get_absolute_url()}#comment-{comment.pk}",
            fetch_redirect_response=False,
        )
        page = self.client.get(self.article.get_absolute_url())
        self.assertContains(page, f'id="comment-{comment.pk}"')
        self.assertContains(page, "Your comment is awaiting moderation.")
        self.assertContains(page, "The margins look thin to me.")
        self.assertContains(page, "0 comments")
        stranger = self.new_client()
        page = stranger.get(self.article.get_absolute_url())
        self.assertNotContains(page, "The margins look thin to me.")
        self.assertNotContains(page, "awaiting moderation")

    def test_the_pending_cookie_cannot_be_forged(self):
        """A reader cannot see someone else's pending comment by naming its id."""
        other = make_comment(self.article, status=Comment.Status.PENDING, body="Not yours.")
        self.client.cookies["comment_pending"] = f"[{other.pk}]"
        page = self.client.get(self.article.get_absolute_url())
        self.assertNotContains(page, "Not yours.")

    def test_spam_is_shown_to_nobody(self):
        with override_settings(COMMENTS_DISALLOWED_WORDS=["margins"]):
            response = self.post_comment(self.article, follow=True)
        self.assertEqual(Comment.objects.get().status, Comment.Status.SPAM)
        self.assertNotContains(response, "The margins look thin to me.")


class ModeratorEmailTests(CommentingMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="Bank merger approved")
        users = get_user_model().objects
        users.create_superuser("boss", "boss@example.com", "a-long-test-password")
        moderator = users.create_user(
            "mod", "mod@example.com", "a-long-test-password", is_staff=True
        )
        moderator.user_permissions.add(Permission.objects.get(codename="change_comment"))
        users.create_user("clerk", "clerk@example.com", "a-long-test-password", is_staff=True)

    def test_staff_who_moderate_are_emailed_with_an_admin_link(self):
        self.post_comment(self.article)
        comment = Comment.objects.get()
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(sorted(message.to), ["boss@example.com", "mod@example.com"])
        self.assertIn("Please moderate", message.subject)
        self.assertIn("Bank merger approved", message.subject)
        self.assertIn(
            "http://testserver" + reverse("admin:articles_comment_change", args=[comment.pk]),
            message.body,
        )
        self.assertIn("The margins look thin to me.", message.body)

    @override_settings(MANAGERS=[("Desk", "desk@example.com")])
    def test_managers_setting_chooses_the_recipients(self):
        self.post_comment(self.article)
        self.assertEqual(mail.outbox[0].to, ["desk@example.com"])

    def test_approved_and_spam_comments_send_no_moderation_email(self):
        make_comment(self.article, author_email="dana@example.net")
        self.post_comment(self.article, body="Approved at once.")
        with override_settings(COMMENTS_DISALLOWED_WORDS=["viagra"]):
            self.next_minute()
            self.post_comment(self.article, body="Buy viagra")
        self.assertEqual(mail.outbox, [])

    def test_reader_input_cannot_inject_a_header(self):
        """Line breaks in the name or text stay in the body; headers carry none of it."""
        self.post_comment(
            self.article,
            author_name="Eve\r\nBcc: victim@example.org",
            body="Hi\r\nBcc: victim@example.org\r\n\r\nSubject: x",
        )
        message = mail.outbox[0]
        raw = message.message()
        self.assertNotIn("victim@example.org", str(raw["Bcc"] or ""))
        self.assertNotIn("Eve", message.subject)
        # The only added header is the outbox's own Message-ID.
        self.assertEqual(list(message.extra_headers), ["Message-ID"])
        for header, value in raw.items():
            with self.subTest(header=header):
                self.assertNotIn("victim", value)
