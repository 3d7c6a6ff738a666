"""Who may publish: Draft, then "Ready for review", then Published.

Publishing takes the ``articles.publish_article`` permission (Editors have it, Contributors
do not). Without it a user can set a draft "Ready for review" but cannot choose
"Published", and cannot change an article that is already published: the admin shows it
read-only.
"""

from .models import Article

PUBLISH_PERMISSION = "articles.publish_article"


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def status_choices(user):
    """The statuses this user may give an article."""
    if can_publish(user):
        return Article.Status.choices
    return [(value, label) for value, label in Article.Status.choices if value != "published"]


def may_change(user, article):
    return article is None or can_publish(user) or article.status != Article.Status.PUBLISHED


def waiting_for_review():
    return Article.objects.filter(status=Article.Status.REVIEW).count()
