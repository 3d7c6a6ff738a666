"""Abuse defence: honeypot, signed form token, flood control, duplicates."""

from unittest import mock

from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.test import TestCase, override_settings
from django.urls import reverse

from articles.comments import spam
from articles.comments.forms import REFUSED_MESSAGE
from articles.comments.views import DUPLICATE_MESSAGE
from articles.models import Comment

from .commenting import CommentingMixin, valid_comment
from .factories import make_article, make_comment


class BotTrapTests(CommentingMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()

    def assert_refused(self, response):
        """Refused with one message for every trap, the text kept, nothing stored."""
        self.assertContains(response, REFUSED_MESSAGE, status_code=400)
        self.assertContains(response, "The margins look thin to me.</textarea>", status_code=400)
        self.assertFalse(Comment.objects.exists())

    def test_honeypot_filled_in_is_refused(self):
        self.assert_refused(self.post_comment(self.article, url_confirm="http://spam.example/"))

    def test_form_sent_back_in_under_three_seconds_is_refused(self):
        self.assert_refused(self.post_comment(self.article, wait=2))

    def test_form_sent_after_three_seconds_is_accepted(self):
        self.assertEqual(self.post_comment(self.article, wait=3).status_code, 302)

    def test_form_older_than_two_hours_is_refused(self):
        self.assert_refused(self.post_comment(self.article, wait=2 * 60 * 60 + 1))

    def test_form_just_under_two_hours_is_accepted(self):
        self.assertEqual(self.post_comment(self.article, wait=2 * 60 * 60 - 5).status_code, 302)

    def test_tampered_token_is_refused(self):
        fields = self.form_fields(self.article.get_absolute_url())
        payload, _, signature = fields["token"].partition(":")
        forged = signing.dumps({"a": self.article.pk, "t": 0}, salt="wrong")
        for token in ["", "garbage", payload, forged, fields["token"][:-2] + "xx"]:
            with self.subTest(token=token):
                self.assert_refused(self.post_comment(self.article, token=token))

    def test_token_for_another_article_is_refused(self):
        other = make_article()
        token = self.form_fields(other.get_absolute_url())["token"]
        self.assert_refused(self.post_comment(self.article, token=token))

    def test_a_refused_form_comes_back_with_a_fresh_token_that_works(self):
        response = self.post_comment(self.article, wait=1)
        self.assertEqual(response.status_code, 400)
        token = response.content.decode().split('name="token" value="')[1].split('"')[0]
        csrf = self.client.cookies["csrftoken"].value
        self.clock.shift(5)
        response = self.client.post(
            reverse("articles:comment-create", args=[self.article.slug]),
            valid_comment(token=token, csrfmiddlewaretoken=csrf),
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Comment.objects.count(), 1)


class FloodTests(CommentingMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()

    def test_second_comment_from_the_same_ip_within_15_seconds_is_429(self):
        self.post_comment(self.article, author_email="one@example.net")
        response = self.post_comment(
            self.article, author_email="two@example.net", body="Again.", wait=4
        )
        self.assertContains(response, "You are posting comments too quickly", status_code=429)
        self.assertContains(response, "Again.</textarea>", status_code=429)
        self.assertEqual(response["Retry-After"], "15")
        self.assertEqual(Comment.objects.count(), 1)

    def test_second_comment_from_the_same_email_within_15_seconds_is_429(self):
        self.post_comment(self.article, ip="10.0.0.1")
        response = self.post_comment(self.article, ip="10.0.0.2", body="Again.", wait=4)
        self.assertEqual(response.status_code, 429)
        self.assertEqual(Comment.objects.count(), 1)

    def test_after_15_seconds_the_reader_may_post_again(self):
        self.post_comment(self.article)
        response = self.post_comment(self.article, body="Later.", wait=16)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Comment.objects.count(), 2)

    def test_other_readers_are_not_slowed_down(self):
        self.post_comment(self.article, ip="10.0.0.1", author_email="one@example.net")
        response = self.post_comment(
            self.article, ip="10.0.0.2", author_email="two@example.net", wait=4
        )
        self.assertEqual(response.status_code, 302)

    def test_an_invalid_form_does_not_use_up_the_slot(self):
        self.post_comment(self.article, author_email="broken")
        self.assertEqual(self.post_comment(self.article).status_code, 302)

    def test_flood_counters_live_in_the_cache(self):
        """So they are shared by every server process that shares the cache: emptying the
        cache, and nothing else, frees the slot."""
        self.assertTrue(spam.flood_allows("10.1.1.1", "a@example.net"))
        self.assertFalse(spam.flood_allows("10.1.1.1", "b@example.net"))
        self.assertFalse(spam.flood_allows("10.1.1.2", "A@Example.net"))
        cache.clear()
        self.assertTrue(spam.flood_allows("10.1.1.1", "a@example.net"))


class DuplicateTests(CommentingMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()

    def test_same_text_same_author_same_article_is_409(self):
        self.post_comment(self.article)
        response = self.post_comment(self.article, wait=60)
        self.assertContains(response, f"<p>{DUPLICATE_MESSAGE}</p>", status_code=409, html=True)
        self.assertEqual(Comment.objects.count(), 1)

    def test_duplicates_are_found_whatever_the_status_or_case_of_the_address(self):
        make_comment(
            self.article,
            author_email="DANA@example.net",
            body="The margins look thin to me.",
            status=Comment.Status.SPAM,
        )
        response = self.post_comment(self.article)
        self.assertEqual(response.status_code, 409)

    def test_same_text_from_someone_else_or_on_another_article_is_fine(self):
        self.post_comment(self.article)
        response = self.post_comment(self.article, author_email="other@example.net", wait=60)
        self.assertEqual(response.status_code, 302)
        response = self.post_comment(make_article(), wait=60)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Comment.objects.count(), 3)

    def test_identical_posts_at_the_same_instant_store_one_comment(self):
        """The check before the insert is blind to a post being stored at the same instant;
        simulate exactly that and the database's unique constraint still refuses it."""
        self.post_comment(self.article)
        with mock.patch.object(spam, "is_duplicate", side_effect=[False, True]):
            response = self.post_comment(self.article, wait=60)
        self.assertContains(response, f"<p>{DUPLICATE_MESSAGE}</p>", status_code=409, html=True)
        self.assertEqual(Comment.objects.count(), 1)

    def test_the_database_refuses_a_duplicate_row(self):
        make_comment(self.article, author_email="x@example.net", body="Same.")
        with self.assertRaises(IntegrityError), transaction.atomic():
            make_comment(self.article, author_email="X@example.net", body="Same.")
        self.assertEqual(Comment.objects.count(), 1)


class FloodCacheDownTests(CommentingMixin, TestCase):
    def test_comment_is_kept_when_the_cache_does_not_answer(self):
        """A cache outage costs the flood limit for a moment, never the reader's comment."""
        article = make_article()
        with (
            mock.patch.object(cache, "add", side_effect=ConnectionError("cache down")),
            self.assertLogs("articles.comments.spam", level="ERROR"),
        ):
            response = self.post_comment(article, body="Kept despite the outage.")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Comment.objects.filter(body="Kept despite the outage.").exists())


@override_settings(COMMENTS_FLOOD_SECONDS=0)
class FloodOffTests(CommentingMixin, TestCase):
    def test_zero_turns_flood_control_off(self):
        article = make_article()
        self.post_comment(article)
        self.assertEqual(self.post_comment(article, body="Again.").status_code, 302)
