"""The comment form and the importers remove the same invisible characters from names."""

from django.test import TestCase

from articles.models import Article, Comment

from .commenting import CommentingMixin
from .factories import make_article
from .importing import import_articles, temporary_folder, write_file

# Bidirectional marks, overrides and isolates, zero-width and invisible-operator characters,
# the Mongolian vowel separator and the byte-order mark.
INVISIBLE = "".join(
    chr(code)
    for first, last in [
        (0x061C, 0x061C),
        (0x180E, 0x180E),
        (0x200B, 0x200F),
        (0x202A, 0x202E),
        (0x2060, 0x2064),
        (0x2066, 0x2069),
        (0xFEFF, 0xFEFF),
    ]
    for code in range(first, last + 1)
)
NAME = "Da" + INVISIBLE + "na Smith"


def wxr_with_comment_by(name):
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel>\n'
        "<title>Invisible</title><wp:base_blog_url>https://example.com</wp:base_blog_url>\n"
        f"<item><title>Steel{INVISIBLE} output rises</title><wp:post_id>1</wp:post_id>"
        "<wp:post_date_gmt>2018-06-28 09:00:00</wp:post_date_gmt><wp:status>publish</wp:status>"
        "<wp:post_type>post</wp:post_type>"
        "<content:encoded><![CDATA[<p>Body.</p>]]></content:encoded>"
        f"<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author>{name}"
        "</wp:comment_author><wp:comment_content>Hi</wp:comment_content>"
        "<wp:comment_approved>1</wp:comment_approved></wp:comment></item>\n"
        "</channel></rss>"
    )


class SameInvisibleCharactersTests(CommentingMixin, TestCase):
    def test_the_comment_form_removes_every_one(self):
        """A name typed into the form loses every invisible character."""
        self.post_comment(make_article(), author_name=NAME)
        self.assertEqual(Comment.objects.get().author_name, "Dana Smith")

    def test_the_wordpress_importer_removes_every_one(self):
        """A commenter's name and a title read from an export lose the same characters."""
        path = write_file(temporary_folder(self), "export.xml", wxr_with_comment_by(NAME))
        result = import_articles(path)
        self.assertFalse(result.failed, result.output)
        self.assertEqual(Comment.objects.get().author_name, "Dana Smith")
        self.assertEqual(Article.objects.get().title, "Steel output rises")
