"""Before anything reads the host: it is written the one way (operations/hosts.py)."""

from django.core.exceptions import DisallowedHost

from ..operations.hosts import canonical_host
from . import Middleware


class CanonicalHostMiddleware(Middleware):
    def __call__(self, request):
        try:
            host = request.get_host()  # Refuses a host ALLOWED_HOSTS does not list: Django answers 400.
        except DisallowedHost:
            return self.get_response(request)
        request.META["HTTP_HOST"] = canonical_host(host, request.scheme, request.META.get("SERVER_PORT", ""))
        return self.get_response(request)
