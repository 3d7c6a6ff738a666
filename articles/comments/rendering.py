"""The HTML of the comment threads on the article page, written in Python.

The article page is rendered again each time a comment on it is approved, and shows up to
COMMENTS_PER_PAGE threads, often a hundred comments or more. Through the template engine,
one ``{% include %}`` per comment, the threads were a third of that render (about 10 ms of
30 with 70 comments on the page); as strings joined here, about 1 ms. The markup,
whitespace included, is what the template ``includes/comment.html`` gave, and a change to
it goes in both: ``articles/tests/test_comments_html.py`` renders that template (kept in
the tests' fixtures) beside this module and compares the two.
"""

from html import escape  # Django's escape() less its check for lazy text: rows are str

from django.conf import settings
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import linebreaks

AWAITING_MODERATION = '<p class="comment__moderation">Your comment is awaiting moderation.</p>'


def thread_items(comments, comments_open, reply_to, reply_form):
    """The items of a list of comments (``<ol class="comment-list">``), each with its
    replies nested under it.

    `comments` are ShownComment with children, depth, can_reply and reply_url set
    (threads.py); `reply_to` is the comment being answered or None; `reply_form()` gives
    the HTML of the reply form, shown under that comment.
    """
    out = []
    _Thread(comments_open, reply_to, reply_form).items(comments, out)
    return "".join(out)


class _Thread:
    def __init__(self, comments_open, reply_to, reply_form):
        self.comments_open = comments_open
        self.reply_to_pk = reply_to.pk if reply_to is not None else None
        self.reply_form = reply_form
        # Dates in the template's time zone (its ``template_localtime``), looked up once.
        self.zone = timezone.get_current_timezone() if settings.USE_TZ else None
        self.months = {}

    def items(self, comments, out):
        for comment in comments:
            out.append("\n        ")
            self.comment(comment, out)
            out.append("\n      ")

    def date(self, value):
        """The template's ``|datetime_attr`` (to the whole second) and
        ``|date:"j F Y \\a\\t H:i"`` (the month's name in the active language), each
        several times cheaper spelt out."""
        if self.zone is not None and timezone.is_aware(value):
            value = value.astimezone(self.zone)
        month = self.months.get(value.month)
        if month is None:
            month = self.months[value.month] = str(MONTHS[value.month])
        text = f"{value.day} {month} {value.year:04d} at {value:%H:%M}"
        return value.replace(microsecond=0).isoformat(), escape(text)

    def comment(self, comment, out):
        pk = comment.pk
        name = escape(comment.author_name)
        if comment.author_url:
            url = escape(comment.author_url)
            author = f'<a href="{url}" rel="nofollow ugc noopener">{name}</a>'
        else:
            author = name
        stamp, when = self.date(comment.created_at)
        approved = comment.is_approved
        out.append(
            f'<li id="comment-{pk}" class="comment comment--depth-{comment.depth}'
            f'{"" if approved else " comment--pending"}">\n'
            "  <article>\n"
            '    <header class="comment__meta">\n'
            "      \n"
            f'      <h3 class="comment__author">{author}</h3>\n'
            f'      <a class="comment__date" href="#comment-{pk}">'
            f'<time datetime="{stamp}">{when}</time></a>\n'
            "    </header>\n"
            f"    {'' if approved else AWAITING_MODERATION}\n"
            f'    <div class="comment__body">{linebreaks(comment.body, autoescape=True)}</div>\n'
            "    "
        )
        if comment.can_reply and self.comments_open and self.reply_to_pk != pk:
            out.append(
                '\n      <p class="comment__reply"><a rel="nofollow" class="comment-reply-link" '
                f'href="{escape(comment.reply_url)}" aria-label="Reply to {name}">Reply</a></p>\n'
                "    "
            )
        out.append("\n  </article>\n  ")
        if self.reply_to_pk == pk:
            out.append(self.reply_form())
        out.append("\n  ")
        if comment.children:
            out.append('\n    <ol class="children">\n      ')
            self.items(comment.children, out)
            out.append("\n    </ol>\n  ")
        out.append("\n</li>\n")
