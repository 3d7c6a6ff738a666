"""Template tags of the editorial desk in the admin."""

from django import template

from ..editor import importmap_tag
from ..workflow import waiting_for_review

register = template.Library()


@register.simple_tag(takes_context=True)
def editor_importmap(context):
    """The rich-text editor's import map, allowed by this request's CSP nonce."""
    return importmap_tag(context["request"].csp_nonce)


@register.simple_tag
def review_count():
    """How many articles are waiting for an editor to review them."""
    return waiting_for_review()
