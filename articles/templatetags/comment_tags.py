from django import template
from django.utils.safestring import mark_safe

from ..comments.rendering import thread_items
from ..models import Comment

register = template.Library()


@register.simple_tag
def pending_comment_count():
    """For the admin index: how many comments wait for a moderator."""
    return Comment.objects.filter(status=Comment.Status.PENDING).count()


@register.simple_tag(takes_context=True)
def comment_threads(context, comments):
    """The article page's comments, threaded, in Python rather than one include per
    comment (articles/comments/rendering.py says why); the reply form, when a comment is
    being answered, is still the template includes/comment_form.html."""

    def reply_form():
        form = context.template.engine.get_template("includes/comment_form.html")
        with context.push():
            return form.render(context)

    html = thread_items(comments, context.get("comments_open"), context.get("reply_to"), reply_form)
    return mark_safe(html)  # nosec B308 B703: every value escaped in thread_items
