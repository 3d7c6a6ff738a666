from django import template

from ..models import Comment

register = template.Library()


@register.simple_tag
def pending_comment_count():
    """For the admin index: how many comments wait for a moderator."""
    return Comment.objects.filter(status=Comment.Status.PENDING).count()
