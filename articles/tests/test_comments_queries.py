"""The article page runs the same number of queries with 0, 50 and 300 comments."""

from django.test import TestCase

from articles.comments.cookies import PENDING_COOKIE, pending_cookie_value
from articles.models import Comment

from .factories import make_article, make_comment

# The article, its authors, its corrections, its tags, its visible comments (one query,
# threaded in Python), its published copies (copies app), the articles sharing its tags (two
# queries when fewer than five share two tags: articles/related.py), its confirmed companies
# and its key figures (companies and figures apps).
ARTICLE_PAGE_QUERIES = 10


def add_threads(article, total):
    """About a third top-level comments, the rest replies nested up to five deep."""
    comments = []
    for i in range(total):
        parent = None
        if comments and i % 3:
            parent = comments[-1] if getattr(comments[-1], "depth", 1) < 5 else comments[0]
        comment = make_comment(article, parent=parent, body=f"Comment {i}.")
        comment.depth = 1 if parent is None else getattr(parent, "depth", 1) + 1
        comments.append(comment)
    # Held comments of other readers never cost a query either.
    make_comment(article, status=Comment.Status.PENDING)
    make_comment(article, status=Comment.Status.SPAM)
    return comments


class ArticlePageCommentQueriesTests(TestCase):
    def assert_constant(self, total):
        article = make_article(tags=["Markets", "Banks"])
        comments = add_threads(article, total)
        with self.assertNumQueries(ARTICLE_PAGE_QUERIES):
            response = self.client.get(article.get_absolute_url())
        self.assertContains(response, f"{total} comment")
        if comments:
            self.assertContains(response, '<ol class="children">')
        # A reader with their own pending comment, on a reply page: still the same.
        own = make_comment(
            article,
            parent=comments[0] if comments else None,
            status=Comment.Status.PENDING,
            body="My own, held.",
        )
        self.client.cookies[PENDING_COOKIE] = pending_cookie_value([own.pk])
        with self.assertNumQueries(ARTICLE_PAGE_QUERIES):
            url = article.get_absolute_url()
            reply = f"{url}?replytocom={comments[0].pk}" if comments else url
            response = self.client.get(reply)
        self.assertContains(response, "My own, held.")

    def test_no_comments(self):
        self.assert_constant(0)

    def test_fifty_comments_in_threads(self):
        self.assert_constant(50)

    def test_three_hundred_comments_in_threads(self):
        self.assert_constant(300)
