from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse


class Author(models.Model):
    """A person credited on articles, with a page of their articles and a feed."""

    name = models.CharField(max_length=200, help_text="As credited in the byline.")
    slug = models.SlugField(
        max_length=200, unique=True, help_text="The last part of the author page's address."
    )
    bio = models.TextField("short bio", blank=True, max_length=1000)
    url = models.URLField(
        "link", max_length=500, blank=True, help_text="Their own page elsewhere, if any."
    )
    articles = models.ManyToManyField(
        "articles.Article", through="Byline", related_name="authors", blank=True
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "author"
        verbose_name_plural = "authors"
        constraints = [
            # The same name is one author, however it is cased: bylines and imports find
            # their author by name.
            models.UniqueConstraint(Lower("name"), name="author_unique_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("authors:author-detail", kwargs={"slug": self.slug})


class Byline(models.Model):
    """One author credited on one article, in the byline's order."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="bylines"
    )
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Authors are named in this order, lowest first."
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "byline"
        verbose_name_plural = "bylines"
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="byline_unique_author"),
        ]
        indexes = [
            # An author's page: their articles.
            models.Index(fields=["author", "article"], name="byline_author_article_idx"),
        ]

    def __str__(self):
        return f"{self.author} on {self.article}"
