"""Content never lost silently: a trailer line inside a page, and posts empty after cleaning."""

from django.test import TestCase

from articles.models import Article

from .importing import import_articles, temporary_folder, write_file, wxr, wxr_item


def saved_page(*lines):
    return "\n\n".join(["Steel output rises", "05/04/2020", *lines]) + "\n"


class TrailerTests(TestCase):
    def setUp(self):
        self.folder = temporary_folder(self)

    def import_page(self, text):
        result = import_articles(write_file(self.folder, "steel.txt", text))
        self.assertFalse(result.failed, result.output)
        return result, Article.objects.get()

    def test_a_trailer_line_inside_the_body_cuts_nothing(self):
        """ "Leave a Reply" before the Tags line is body text: kept, tags read, and reported."""
        result, article = self.import_page(
            saved_page(
                "Mills ran at full capacity.",
                "Leave a Reply",
                "The union said it would respond on Monday.",
                "Tags: Steel, Industry",
                "Leave a Reply",
                "Your email address will not be published. Required fields are marked *",
            )
        )
        self.assertIn("The union said it would respond on Monday.", article.body)
        self.assertIn("Leave a Reply", article.body)
        self.assertEqual(sorted(article.tags.names()), ["Industry", "Steel"])
        self.assertIn(
            "line 7: “Leave a Reply” inside the body (before the Tags line)", result.stdout
        )

    def test_the_trailer_at_the_end_is_dropped_quietly(self):
        result, article = self.import_page(
            saved_page(
                "Mills ran at full capacity.",
                "Tags: Steel",
                "Leave a Reply",
                "Your email address will not be published. Required fields are marked *",
                "Comment",
                "Name *",
                "Email *",
                "Website",
                "Post Comment",
            )
        )
        self.assertNotIn("Leave a Reply", article.body)
        self.assertNotIn("Post Comment", article.body)
        self.assertNotIn("\n  ", result.stdout)  # no note: nothing but the form was dropped

    def test_text_after_the_trailer_is_reported(self):
        """No Tags line, and words after the comment form's heading: dropped, but said so."""
        result, article = self.import_page(
            saved_page(
                "Mills ran at full capacity.",
                "Leave a comment",
                "Related: Copper prices climb",
            )
        )
        self.assertNotIn("Related", article.body)
        self.assertIn("after the comment form’s “Leave a comment” (line 7)", result.stdout)
        self.assertIn("“Related: Copper prices climb”", result.stdout)

    def test_a_sentence_starting_like_the_trailer_is_body(self):
        _result, article = self.import_page(
            saved_page("Leave a comment below, the chief executive told readers.", "Tags:")
        )
        self.assertIn("Leave a comment below", article.body)


class EmptyPostTests(TestCase):
    def test_a_post_empty_after_cleaning_is_a_draft_and_said_so(self):
        """Only dynamic blocks: imported as a draft with a note, never an empty public page."""
        folder = temporary_folder(self)
        empty = wxr_item(1, "Latest posts", body="<!-- wp:latest-posts /-->\n[gallery ids='1,2']")
        full = wxr_item(2, "Real post", body="<p>Words.</p>")
        result = import_articles(write_file(folder, "blocks.xml", wxr(empty, full)))
        self.assertFalse(result.failed, result.output)
        self.assertIn("“Latest posts”: empty after cleaning", result.stdout)
        self.assertIn("imported as a draft", result.stdout)
        self.assertEqual(Article.objects.get(title="Latest posts").status, Article.Status.DRAFT)
        self.assertEqual(Article.objects.get(title="Real post").status, Article.Status.PUBLISHED)
        self.assertEqual(
            list(Article.objects.published().values_list("title", flat=True)), ["Real post"]
        )

    def test_a_post_with_only_an_image_is_not_empty(self):
        folder = temporary_folder(self)
        item = wxr_item(1, "Chart", body='<img src="https://example.com/chart.png" alt="Chart">')
        import_articles(write_file(folder, "image.xml", wxr(item)))
        self.assertEqual(Article.objects.get().status, Article.Status.PUBLISHED)


class EmptyBodyShapesTests(TestCase):
    def test_what_counts_as_empty(self):
        """Spaces, entities for spaces, a script or empty tags are empty; a word is not."""
        empty = ["", "&nbsp; &#160;", "<p></p><div> </div>", "<script>alert(1)</script>"]
        shown = ["<p>A</p>", "<p></p>" * 2000 + "<p>Late word</p>", "<hr>", "1"]
        items = [wxr_item(n, f"Post {n}", body=body) for n, body in enumerate(empty + shown)]
        folder = temporary_folder(self)
        result = import_articles(write_file(folder, "shapes.xml", wxr(*items)))
        self.assertFalse(result.failed, result.output)
        drafts = set(
            Article.objects.filter(status=Article.Status.DRAFT).values_list("title", flat=True)
        )
        self.assertEqual(drafts, {f"Post {n}" for n in range(len(empty))})
