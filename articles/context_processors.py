from django.conf import settings
from django.core.exceptions import DisallowedHost


def site(request):
    return {"site_name": settings.SITE_NAME, "canonical_url": canonical_url(request)}


def canonical_url(request):
    """This page's one address: no query string but a page number past the first."""
    try:
        url = request.build_absolute_uri(request.path)
    except DisallowedHost:
        # Rendering the 400 page for a forged Host header: no absolute address to give.
        return request.path
    page = request.GET.get("page", "")
    # isdigit() is also true of "²" and other digits int() refuses: ASCII only.
    if page.isascii() and page.isdigit() and len(page) < 7 and int(page) > 1:
        url += f"?page={int(page)}"
    return url
