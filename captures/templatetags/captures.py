from django import template
from django.db.models import BooleanField, ExpressionWrapper, Q

from ..models import Capture

register = template.Library()

CAPTURED_FORMATS = {"html", "warc"}


@register.inclusion_tag("captures/archived_from.html", takes_context=True)
def archived_from(context, article):
    """ "Archived from <source> on <date>" for an article taken from a web capture.

    Only articles imported from HTML or WARC have captures, so the others cost no query.
    """
    capture = None
    if article.source_format in CAPTURED_FORMATS:
        capture = (
            Capture.objects.filter(article=article)
            .only("id", "target_uri", "captured_at", "article_id")
            # Whether the bytes are here (a capture restored from an export may lack them),
            # without reading them.
            .annotate(
                replayable=ExpressionWrapper(
                    Q(compressed__isnull=False), output_field=BooleanField()
                )
            )
            .first()
        )
    request = context.get("request")
    return {
        "article": article,
        "capture": capture,
        "staff": bool(request and request.user.is_staff),
    }
