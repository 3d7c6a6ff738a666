"""Fill an archive with a handful of demo articles (articles/demo.py), written for this project.

The companies and people are invented. Running the command again adds nothing twice:
articles are matched by slug, and an existing demo article is left as it is.
"""

import datetime

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from articles.demo import DEMO_ARTICLES
from articles.models import Article, Comment
from authors.credits import credit
from images.demo import demo_lead_image


class Command(BaseCommand):
    help = "Load demo business-news articles, tags and approved comments (idempotent)."

    def handle(self, *args, **options):
        created = 0
        for demo in DEMO_ARTICLES:
            with transaction.atomic():
                existing = Article.objects.filter(slug=demo.slug).first()
                if existing is not None:
                    if existing.lead_image_id is None:
                        # Demo articles loaded before the image library get their charts.
                        existing.lead_image = demo_lead_image(demo.chart_slug)
                        existing.save(update_fields=["lead_image"])
                    continue
                self.create(demo)
                created += 1
        present = len(DEMO_ARTICLES) - created
        if apps.is_installed("companies"):
            # The demo companies, their tickers and confirmed mentions (their own app).
            call_command("load_demo_companies", stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content: {created} article(s) created, {present} already present."
            )
        )

    def create(self, demo):
        article = Article.objects.create(
            slug=demo.slug,
            title=demo.title,
            standfirst=demo.standfirst,
            body=demo.body,
            byline=demo.byline,
            published_at=demo.published_at,
            source_name=demo.source_name,
            status=Article.Status.PUBLISHED,
            lead_image=demo_lead_image(demo.chart_slug),
        )
        article.tags.set(demo.tags)
        credit(article, [demo.byline])
        for minutes, (name, text) in enumerate(demo.comments, start=1):
            Comment.objects.create(
                article=article,
                author_name=name,
                author_email=f"reader{minutes}@example.com",
                body=text,
                status=Comment.Status.APPROVED,
                created_at=demo.published_at + datetime.timedelta(hours=minutes),
            )
