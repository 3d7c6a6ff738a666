"""Free each request's objects as soon as its response is sent, not at the next GC pass.

Django's authentication middleware (``request.user``, a lazy object whose function closes
over the request, and ``request.auser``, a partial of it), the messages framework
(``request._messages`` keeps the request) and django-csp (``request.csp_nonce``) each make
a reference cycle through the request. Reference counting cannot free a cycle, so every
request, a cached page included, left about 35 objects for Python's cyclic garbage
collector, whose passes over the whole heap were the slow tail of the benchmarks
(docs/caching-and-speed.md). Dropping the request's own references to them when the
response is closed (after the last byte is sent) breaks the cycles, and reference counting
frees the lot at once.
"""

# The request attributes that lead back to the request itself.
_CYCLIC_ATTRIBUTES = ("user", "auser", "_messages", "csp_nonce", "_cached_user")


def _release(request):
    for name in _CYCLIC_ATTRIBUTES:
        request.__dict__.pop(name, None)


class ReleaseRequestMiddleware:
    """Outermost: after the response is closed, the request no longer refers to its
    lazy user, messages or nonce, so nothing refers back to it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Closers run on response.close(), which the WSGI server calls once it has sent
        # the body (streamed bodies included). The closer refers to the request; the
        # request never refers to the response, so this adds no cycle.
        response._resource_closers.append(lambda: _release(request))
        return response
