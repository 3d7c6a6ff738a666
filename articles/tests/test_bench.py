"""The benchmark harness: its seeding command fills a small archive, its floor view answers."""

from pathlib import Path

from django.test import TestCase, override_settings
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Comment, TaggedArticle
from bench.comment_render import add_article, time_renders
from bench.run import parse_wrk
from bench.seed import Rng
from bench.seed import main as seed_main
from bench.warc_memory import generate

from .importing import import_articles, temporary_folder

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8765/
  2 threads and 20 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     9.10ms    2.00ms  40.00ms   80.00%
  Latency Distribution
     50%    8.50ms
     75%    9.90ms
     90%   12.00ms
     99%    1.02s
  4321 requests in 5.01s, 9.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 4
Requests/sec:    862.48
Transfer/sec:      1.80MB
""".replace("1.02s", "1.02s ")  # wrk pads latencies given in seconds


class SeedCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Through the command's own argument parsing, as `python bench/seed.py` runs it.
        cls.summary = seed_main(["--articles", "40", "--tags", "60", "--commented", "2"])

    def test_articles_with_bodies_and_tags(self):
        """40 articles of about 900 words, each with 5 distinct tags from the vocabulary."""
        self.assertEqual(Article.objects.count(), 40)
        self.assertEqual(Tag.objects.count(), 60)
        self.assertEqual(TaggedArticle.objects.count(), 200)
        article = Article.objects.published().first()
        self.assertGreater(len(article.body.split()), 900)
        self.assertEqual(article.tags.count(), 5)
        self.assertTrue(article.body_html.startswith("<p>"))
        self.assertIn("<blockquote>", article.body_html)

    def test_drafts_and_scheduled_stay_private(self):
        """A few seeded articles are drafts or scheduled; published() leaves them out."""
        self.assertLess(Article.objects.published().count(), 40)

    def test_commented_articles_show_100_comments_30_replies(self):
        """The chosen articles carry 100 approved comments (30 replies) and hidden pending ones."""
        self.assertEqual(len(self.summary["commented_articles"]), 2)
        article = Article.objects.get(pk=self.summary["commented_articles"][0])
        approved = Comment.objects.approved().filter(article=article)
        self.assertEqual(approved.count(), 100)
        self.assertEqual(approved.filter(parent__isnull=False).count(), 30)
        self.assertEqual(article.comments.filter(status="pending").count(), 5)
        response = self.client.get(article.get_absolute_url())
        self.assertContains(response, "100 comments")

    def test_pages_render(self):
        """The home page and a tag page list the seeded articles."""
        self.assertContains(self.client.get(reverse("articles:article-list")), 'class="summary"')
        tag = Article.objects.published().first().tags.first()
        response = self.client.get(reverse("articles:tag-detail", args=[tag.slug]))
        self.assertEqual(response.status_code, 200)

    def test_seeding_again_adds_more(self):
        """A second run appends articles with new slugs and reuses the tag vocabulary."""
        seed_main(["--articles", "5", "--tags", "60", "--commented", "0"])
        self.assertEqual(Article.objects.count(), 45)
        self.assertEqual(Tag.objects.count(), 60)


class FloorViewTests(TestCase):
    @override_settings(ROOT_URLCONF="bench.urls")
    def test_floor_behind_the_site_middleware(self):
        """With bench.urls the floor answers, with the site's security headers, beside the site."""
        response = self.client.get("/bench/floor/")
        self.assertContains(response, "The framework floor.")
        self.assertEqual(response["X-Frame-Options"], "DENY")
        self.assertEqual(self.client.get(reverse("articles:article-list")).status_code, 200)

    def test_floor_is_not_part_of_the_site(self):
        """The app itself has no floor page."""
        self.assertEqual(self.client.get("/bench/floor/").status_code, 404)


class WrkParsingTests(TestCase):
    def test_parse(self):
        """Requests per second, percentiles in ms (any unit), and errors of every kind."""
        result = parse_wrk(WRK_OUTPUT)
        self.assertEqual(result["requests_per_second"], 862.48)
        self.assertEqual(result["median_ms"], 8.5)
        self.assertEqual(result["p99_ms"], 1020.0)
        self.assertEqual(result["requests"], 4321)
        self.assertEqual(result["errors"], 9)


class WarcMemoryBenchTests(TestCase):
    """The WARC benchmark's generated crawl imports, its articles counted exactly."""

    def test_generated_crawl_imports(self):
        path = Path(temporary_folder(self)) / "crawl.warc.gz"
        articles, others, media = generate(path, 0.05, large_pages=())
        self.assertGreater(articles, 0)
        result = import_articles(path)
        self.assertFalse(result.failed, result.output)
        self.assertIn(f"{articles} created", result.stdout)
        self.assertIn(f"{others + media} skipped", result.stdout)


class CommentRenderBenchTests(TestCase):
    def test_article_with_threads_rendered_by_every_timed_request(self):
        """comment_render.py's article: approved comments, 30% of them replies, and
        pending ones; each timed request renders its page."""
        article = add_article(20, Rng(1))
        approved = Comment.objects.approved().filter(article=article)
        self.assertEqual(approved.count(), 20)
        self.assertEqual(approved.filter(parent__isnull=False).count(), 6)
        self.assertEqual(article.comments.filter(status=Comment.Status.PENDING).count(), 5)
        cpu, wall = time_renders(self.client, article, 2)
        self.assertEqual((len(cpu), len(wall)), (2, 2))
        self.assertContains(self.client.get(article.get_absolute_url()), "20 comments")
