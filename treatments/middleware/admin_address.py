"""The admin's address (ADMIN_URL in settings) and how a request is known to be for it."""

from django.conf import settings


def is_admin_request(request):
    """True for every page under the admin's address, the two-factor pages included."""
    return request.path_info.startswith(f"/{settings.ADMIN_URL}")
