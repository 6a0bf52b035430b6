"""Near the top of MIDDLEWARE: a hit is answered before the security, session, authentication and other
middleware run (treatments/page_cache.py says what is kept, and for how long)."""

from ..page_cache import keep_or_mark_private, public_page
from . import Middleware


class PageCacheMiddleware(Middleware):
    """Answers anonymous requests for public pages from the shared cache, and keeps what it renders."""

    def __call__(self, request):
        # A hit is the whole response as first sent, security headers included, so it needs none of them,
        # nor a session, user or database.
        page = public_page(request)
        if page is not None and page.anonymous and (hit := page.cached_response()) is not None:
            return hit
        response = self.get_response(request)
        if page is not None and response.status_code == 200:
            keep_or_mark_private(page, request, response)
        return response
