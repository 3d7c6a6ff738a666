from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404
from django.views.decorators.http import require_safe
from django.views.static import serve

# A media file is a picture and nothing else: if a browser ever took one for a document,
# this policy would still let it run nothing, load nothing and stay in a sandbox.
MEDIA_CSP = "default-src 'none'; img-src 'self'; style-src 'none'; sandbox"


@require_safe
def media(request, path):
    """Renditions from MEDIA_ROOT, for `make run` (production serves them with nginx, or
    from object storage). Originals are never served: only the renditions folder is."""
    if not settings.IMAGES_SERVE_MEDIA or not path.startswith(settings.IMAGES_RENDITIONS_DIR + "/"):
        raise Http404("No such file.")
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except SuspiciousFileOperation:
        raise Http404("No such file.") from None
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
    # A rendition's name changes whenever its content could: it never needs revalidating.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
