from django.test import Client, TestCase
from django.urls import reverse

from articles.models import Comment

from .factories import make_article


def valid_comment(**overrides):
    return {
        "body": "The margins look thin to me.",
        "author_name": "Dana",
        "author_email": "dana@example.net",
        "author_url": "https://dana.example.net/",
    } | overrides


class PostCommentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="Retail sales fall")
        cls.url = reverse("articles:comment-create", args=[cls.article.slug])

    def setUp(self):
        self.client = Client(enforce_csrf_checks=True)

    def post_with_csrf(self, data):
        self.client.get(self.article.get_absolute_url())
        token = self.client.cookies["csrftoken"].value
        return self.client.post(self.url, data | {"csrfmiddlewaretoken": token}, follow=True)

    def test_valid_comment_is_stored_pending_and_reader_is_told(self):
        """POST/redirect/GET back to the article, with a notice, and the comment is pending."""
        response = self.post_with_csrf(valid_comment())
        self.assertRedirects(response, self.article.get_absolute_url() + "#comments")
        self.assertContains(response, "Your comment is awaiting moderation")
        comment = Comment.objects.get()
        self.assertEqual(comment.status, Comment.Status.PENDING)
        self.assertEqual(comment.article, self.article)
        self.assertEqual(comment.ip_address, "127.0.0.1")
        self.assertNotContains(response, "The margins look thin to me.")
        self.assertContains(response, "0 comments")

    def test_approved_comment_appears_with_count(self):
        self.post_with_csrf(valid_comment())
        Comment.objects.update(status=Comment.Status.APPROVED)
        response = self.client.get(self.article.get_absolute_url())
        self.assertContains(response, "The margins look thin to me.")
        self.assertContains(response, "1 comment")
        self.assertContains(
            response,
            '<a href="https://dana.example.net/" rel="nofollow ugc noopener">Dana</a>',
            html=True,
        )
        self.assertNotContains(response, "dana@example.net")

    def test_invalid_comment_shows_errors_keeps_input_and_stores_nothing(self):
        response = self.post_with_csrf(valid_comment(author_email="not-an-email", author_name=""))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Enter a valid email address.")
        self.assertContains(response, "This field is required.")
        self.assertContains(response, "The margins look thin to me.")
        self.assertContains(response, 'value="not-an-email"')
        self.assertFalse(Comment.objects.exists())

    def test_missing_csrf_token_is_refused(self):
        response = self.client.post(self.url, valid_comment())
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Comment.objects.exists())

    def test_closed_article_refuses_comments(self):
        closed = make_article(allow_comments=False)
        page = self.client.get(closed.get_absolute_url())
        self.assertContains(page, "Comments are closed.")
        self.assertNotContains(page, "Post Comment")
        client = Client()
        response = client.post(
            reverse("articles:comment-create", args=[closed.slug]), valid_comment()
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Comment.objects.exists())

    def test_get_is_not_allowed_on_the_comment_url(self):
        self.assertEqual(self.client.get(self.url).status_code, 405)
