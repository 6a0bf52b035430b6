"""Before the session, CSRF and the view read input no view can use: a 4xx page instead (operations/bad_input.py)."""

from ..operations.bad_input import refusal_page, set_aside_unreadable_cookies
from . import Middleware


class BadInputMiddleware(Middleware):
    def __call__(self, request):
        set_aside_unreadable_cookies(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        return refusal_page(request, view_func)
