from django.conf import settings
from django.contrib.syndication.views import Feed
from django.template.defaultfilters import linebreaks_filter
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import Correction

CORRECTIONS_IN_FEED = 30


class CorrectionsFeed(Feed):
    """The latest corrections, updates and clarifications (Atom)."""

    feed_type = Atom1Feed

    def title(self):
        return f"Corrections: {settings.SITE_NAME}"

    def subtitle(self):
        return f"Corrections, updates and clarifications to articles in the {settings.SITE_NAME}."

    def link(self):
        return reverse("corrections:correction-list")

    def items(self):
        return (
            Correction.objects.public()
            .select_related("article")
            .order_by("-date", "-id")[:CORRECTIONS_IN_FEED]
        )

    def item_title(self, item):
        return f"{item.get_kind_display()}: {item.article.title}"

    def item_description(self, item):
        return linebreaks_filter(item.text)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.date

    def item_updateddate(self, item):
        return item.date
