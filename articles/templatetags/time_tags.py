from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def datetime_attr(value):
    """A <time datetime> value: ISO 8601 in the current time zone, to the whole second.

    Django's "c" date format keeps microseconds, which HTML does not allow (three digits at
    most), so validators reject it.
    """
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()
