"""Staff sessions end after ADMIN_SESSION_IDLE_MINUTES without an admin request."""

from django.conf import settings

from . import Middleware
from .admin_address import is_admin_request


class StaffIdleTimeoutMiddleware(Middleware):
    """Each admin request by a signed-in staff member restarts the clock.

    The expiry is saved with the session, so the server itself refuses a session once it passes, whatever
    the browser still holds. Only admin requests are looked at: public pages never read the session for it
    (they stay cacheable), and a patient's session (the reference for the thanks page) keeps Django's default.
    Checked after the view, so the request that signs a member of staff in sets it too.
    """

    def __call__(self, request):
        response = self.get_response(request)
        if is_admin_request(request) and request.user.is_staff:
            request.session.set_expiry(settings.ADMIN_SESSION_IDLE_MINUTES * 60)
        return response
