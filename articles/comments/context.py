"""What the article page needs to show its comments and the "Leave a Reply" form."""

import pagecache

from . import cookies
from .forms import CommentForm
from .threads import PAGE_PARAM, Threads, comments_open, page_url, paginate, reply_url, visible_rows


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def comment_context(request, article, form=None):
    """Comments of one article in a single query, threaded, paginated by top-level thread."""
    threads = Threads(visible_rows(article, cookies.own_pending_ids(request)))
    bound = form is not None and form.is_bound
    page = paginate(threads.roots, request.GET.get(PAGE_PARAM), strict=not bound)
    page_number = page.number
    shown = threads.shown_threads(page.object_list)
    on_page = list(_walk(shown))
    address = page_url(article, page_number)
    for node in on_page:
        if node.can_reply:
            node.reply_url = reply_url(address, node)

    # The comment being answered: the form's own parent when it comes back with errors.
    wanted = form.data.get("parent") if bound else request.GET.get("replytocom")
    wanted = _as_int(wanted)
    is_open = comments_open(article)
    reply_to = None
    if is_open:
        reply_to = next((n for n in on_page if n.pk == wanted and n.can_reply), None)

    if form is None and is_open:
        initial = cookies.saved_author(request)
        initial["save_author"] = bool(initial)
        if reply_to is not None:
            initial["parent"] = reply_to.pk
        form = CommentForm(article=article, initial=initial)

    action_query = f"?{PAGE_PARAM}={page_number}" if page_number > 1 else ""
    return {
        "comments": shown,
        "comment_count": threads.shown,
        "comment_page": page,
        "comments_paginated": page.paginator.num_pages > 1,
        "comments_open": is_open,
        "reply_to": reply_to,
        "cancel_reply_url": page_url(article, page_number, "respond"),
        "comment_form_action_query": action_query,
        "form": form,
        # In a page for the shared cache: one placeholder for the CSRF token and the form
        # token together, filled in (or left to the front cache) for each reader.
        "reader_fields": is_open and pagecache.placeholder_if_caching("readerfields", article.pk),
    }
