"""After the page cache: a request it did not answer first publishes any scheduled draft whose time has come."""

from ..drafts import publish_any_due
from . import Middleware


class ScheduledDraftsMiddleware(Middleware):
    def __call__(self, request):
        publish_any_due()
        return self.get_response(request)
