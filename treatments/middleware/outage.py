"""Near the outside: a database that does not answer gets the 503 page, which needs none (operations/outage.py)."""

from ..operations.outage import outage_for, outage_instead_of
from . import Middleware


class DatabaseOutageMiddleware(Middleware):
    def __call__(self, request):
        return outage_instead_of(request, self.get_response(request))

    def process_exception(self, request, exception):
        return outage_for(request, exception)
