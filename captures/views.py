"""Replaying an original capture to staff, without letting it act on our site.

A captured page is someone else's HTML, scripts and all. It is served as it was captured
(an editor checks the import against it), under a policy that makes it inert:

- ``sandbox`` with no ``allow-*`` token: no script runs, no form submits, no popup opens,
  and the document gets an opaque origin, so nothing in it could read our cookies or call
  our pages as the signed-in editor even if a browser let something through;
- ``default-src 'none'``: nothing is fetched, so the page cannot call its publisher's or a
  tracker's servers while staff read it (and shows what we kept, not today's web); images
  only as ``data:`` URLs, styles only inline (CSS cannot run code, and with nothing
  fetched it cannot send anything anywhere);
- ``form-action 'none'``, ``base-uri 'none'``; ``frame-ancestors 'self'``, so only our own
  admin could frame it;
- served from its own path under /captures/, never cached, with ``nosniff`` and no referrer.
"""

from csp.decorators import csp_exempt
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from .models import Capture

REPLAY_POLICY = "; ".join(
    [
        "sandbox",
        "default-src 'none'",
        "img-src data:",
        "style-src 'unsafe-inline'",
        "form-action 'none'",
        "base-uri 'none'",
        "frame-ancestors 'self'",
    ]
)
HTML_TYPES = {"text/html", "application/xhtml+xml"}


@never_cache
@csp_exempt()  # the policy is set below, whole: the site's own would allow our scripts
@staff_member_required
def original(request, pk):
    capture = get_object_or_404(Capture, pk=pk)
    if capture.compressed is None:
        response = HttpResponse(
            "This archive knows where and when this page was captured, but not its bytes: "
            "it came from a WordPress export written without them "
            "(export_articles --captures-dir brings them along).",
            content_type="text/plain; charset=utf-8",
            status=404,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
    media_type = capture.content_type.split(";")[0].strip().lower()
    # Only HTML is captured; anything else recorded is shown as text, never interpreted.
    content_type = capture.content_type if media_type in HTML_TYPES else "text/plain"
    response = HttpResponse(capture.raw, content_type=content_type)
    response["Content-Security-Policy"] = REPLAY_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["Content-Disposition"] = f'inline; filename="capture-{capture.pk}.html"'
    return response
