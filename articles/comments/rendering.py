"""The HTML of the comment threads on the article page, written in Python.

The article page is rendered again each time a comment on it is approved, and shows up to
COMMENTS_PER_PAGE threads, often a hundred comments or more. Through the template engine,
one ``{% include %}`` per comment, the threads were a third of that render (about 10 ms of
30 with 70 comments on the page); as strings joined here, well under a millisecond. The
markup, whitespace included, is what the template ``includes/comment.html`` gave:
``articles/tests/test_comments_html.py`` renders that template (kept in the tests'
fixtures) beside this module and compares the two.
"""

from html import escape  # Django's escape() less its check for lazy text: rows are str

from django.utils.dates import MONTHS
from django.utils.html import linebreaks
from django.utils.timezone import template_localtime

AWAITING_MODERATION = '<p class="comment__moderation">Your comment is awaiting moderation.</p>'


def thread_items(comments, comments_open, reply_to, reply_form):
    """The items of a list of comments (``<ol class="comment-list">``), each with its
    replies nested under it.

    `comments` are ShownComment with children, depth, can_reply and reply_url set
    (threads.py); `reply_to` is the comment being answered or None; `reply_form()` gives
    the HTML of the reply form, shown under that comment.
    """
    out = []
    _items(comments, out, comments_open, reply_to.pk if reply_to is not None else None, reply_form)
    return "".join(out)


def _items(comments, out, comments_open, reply_to_pk, reply_form):
    for comment in comments:
        out.append("\n        ")
        _comment(comment, out, comments_open, reply_to_pk, reply_form)
        out.append("\n      ")


def _comment(comment, out, comments_open, reply_to_pk, reply_form):
    pk = comment.pk
    name = escape(comment.author_name)
    if comment.author_url:
        author = f'<a href="{escape(comment.author_url)}" rel="nofollow ugc noopener">{name}</a>'
    else:
        author = name
    # The time zone is the template's: the datetime attribute is then the template's
    # ``|datetime_attr``, to the whole second, and the text its ``|date:"j F Y \a\t H:i"``
    # (the month's name in the active language), each several times cheaper spelt out.
    created = template_localtime(comment.created_at)
    stamp = created.replace(microsecond=0).isoformat()
    when = f"{created.day} {MONTHS[created.month]} {created.year:04d} at {created:%H:%M}"
    approved = comment.is_approved
    out.append(
        f'<li id="comment-{pk}" class="comment comment--depth-{comment.depth}'
        f'{"" if approved else " comment--pending"}">\n'
        "  <article>\n"
        '    <header class="comment__meta">\n'
        "      \n"
        f'      <h3 class="comment__author">{author}</h3>\n'
        f'      <a class="comment__date" href="#comment-{pk}">'
        f'<time datetime="{stamp}">{escape(when)}</time></a>\n'
        "    </header>\n"
        f"    {'' if approved else AWAITING_MODERATION}\n"
        f'    <div class="comment__body">{linebreaks(comment.body, autoescape=True)}</div>\n'
        "    "
    )
    if comment.can_reply and comments_open and reply_to_pk != pk:
        out.append(
            '\n      <p class="comment__reply"><a rel="nofollow" class="comment-reply-link" '
            f'href="{escape(comment.reply_url)}" aria-label="Reply to {name}">Reply</a></p>\n'
            "    "
        )
    out.append("\n  </article>\n  ")
    if reply_to_pk == pk:
        out.append(reply_form())
    out.append("\n  ")
    if comment.children:
        out.append('\n    <ol class="children">\n      ')
        _items(comment.children, out, comments_open, reply_to_pk, reply_form)
        out.append("\n    </ol>\n  ")
    out.append("\n</li>\n")
