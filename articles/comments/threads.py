"""Comment threads for the article page: one query, the tree built in Python."""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from ..models import Comment

PAGE_PARAM = "cpage"


def comments_open(article):
    """Open unless the article says no, or COMMENTS_CLOSE_AFTER_DAYS have passed."""
    if not article.allow_comments:
        return False
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    if days > 0:
        return timezone.now() < article.published_at + timezone.timedelta(days=days)
    return True


# What the article page shows of a comment, read as plain rows (see ShownComment).
SHOWN_FIELDS = ("pk", "parent_id", "author_name", "author_url", "body", "status", "created_at")
_PK, _PARENT, _STATUS = 0, 1, 5


class ShownComment:
    """A comment as the article page shows it, made from its row rather than as a model
    instance: with a thousand comments on a page, building model instances (and sending
    their post_init signals) was half of the page's render, paid again each time an approved
    comment changes the page."""

    __slots__ = (*SHOWN_FIELDS, "children", "depth", "can_reply", "reply_url")

    def __init__(self, row):
        for name, value in zip(SHOWN_FIELDS, row, strict=True):
            setattr(self, name, value)

    @property
    def is_approved(self):
        return self.status == Comment.Status.APPROVED


def visible_rows(article, own_pending_ids=()):
    """Approved comments, plus the reader's own pending ones, in one query (as rows of
    SHOWN_FIELDS, oldest first)."""
    condition = Q(status=Comment.Status.APPROVED)
    if own_pending_ids:
        condition |= Q(status=Comment.Status.PENDING, pk__in=list(own_pending_ids))
    return list(
        Comment.objects.filter(condition, article=article)
        .order_by("created_at", "pk")
        .values_list(*SHOWN_FIELDS)
    )


class Threads:
    """The visible comments of an article as threads: `roots`, the rows of top-level
    comments (oldest first), and `shown`, how many approved comments the threads hold.

    A reply whose parent is not shown (unapproved since, say) is left out with its own
    replies, as WordPress does, rather than shown out of context. Only the threads of the
    page being shown become ShownComment (`shown_threads`): the others are counted from
    their rows, which with a thousand comments saves most of the building.
    """

    def __init__(self, rows):
        self.roots = []
        self._replies = {}
        for row in rows:
            parent = row[_PARENT]
            if parent is None:
                self.roots.append(row)
            else:
                self._replies.setdefault(parent, []).append(row)
        self.shown = 0
        approved = Comment.Status.APPROVED
        stack = list(self.roots)
        while stack:
            row = stack.pop()
            if row[_STATUS] == approved:
                self.shown += 1
            stack.extend(self._replies.get(row[_PK], ()))

    def shown_threads(self, roots):
        """These top-level rows as ShownComment, each with .children, .depth and
        .can_reply set."""
        max_depth = settings.COMMENTS_MAX_DEPTH

        def shown(row, depth):
            comment = ShownComment(row)
            comment.depth = depth
            comment.can_reply = comment.is_approved and depth < max_depth
            replies = self._replies.get(row[_PK], ())
            comment.children = [shown(reply, depth + 1) for reply in replies]
            return comment

        return [shown(row, 1) for row in roots]


def paginate(roots, page_number, strict=True):
    """One page of top-level threads; a bad or out-of-range page number is a 404, unless
    not strict (a form coming back with errors must not lose the reader's text)."""
    paginator = Paginator(roots, max(settings.COMMENTS_PER_PAGE, 1), allow_empty_first_page=True)
    if not strict:
        return paginator.get_page(page_number)
    try:
        return paginator.page(page_number or 1)
    except (PageNotAnInteger, EmptyPage):
        raise Http404("No such page of comments.") from None


def page_of(comment):
    """The page of its article's comments on which a comment appears."""
    root = comment
    seen = 0
    while root.parent_id is not None and seen <= settings.COMMENTS_MAX_DEPTH:
        root = Comment.objects.only("pk", "parent_id", "created_at").get(pk=root.parent_id)
        seen += 1
    before = (
        Comment.objects.approved()
        .filter(article_id=comment.article_id, parent__isnull=True)
        .filter(Q(created_at__lt=root.created_at) | Q(created_at=root.created_at, pk__lt=root.pk))
        .count()
    )
    return before // max(settings.COMMENTS_PER_PAGE, 1) + 1


def page_url(article, page_number, fragment=""):
    url = article.get_absolute_url()
    if page_number and page_number > 1:
        url += f"?{PAGE_PARAM}={page_number}"
    return url + (f"#{fragment}" if fragment else "")


def comment_url(comment, article=None):
    """The article page that shows this comment, with its anchor."""
    return page_url(article or comment.article, page_of(comment), f"comment-{comment.pk}")


def reply_url(page, comment):
    """The address that opens the reply form under `comment`, on the comments page whose
    address (page_url) is `page`."""
    sep = "&" if "?" in page else "?"
    return f"{page}{sep}replytocom={comment.pk}#respond"


def unsubscribe_url(token):
    return reverse("articles:comment-unsubscribe", kwargs={"token": token})
