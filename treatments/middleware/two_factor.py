"""After django-otp's OTPMiddleware: a password-only staff session is held at the two-factor page it still owes
(the pages themselves are treatments/admin/two_factor.py)."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import Middleware
from .admin_address import is_admin_request


def confirmed_device(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_step(user):
    """The two-factor page this user must pass before any other admin page, or None when they may go on."""
    if not user.is_authenticated or user.is_verified():
        return None
    if confirmed_device(user):
        return "two_factor:verify"
    return "two_factor:enrol" if settings.ADMIN_REQUIRE_2FA else None


class SecondFactorMiddleware(Middleware):
    def __call__(self, request):
        if is_admin_request(request):
            step = pending_step(request.user)
            if step and request.path not in {reverse(step), reverse("admin:logout")}:
                return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        else:
            # Lazily, so a public page that never looks at the user never reads the session either.
            user = request.user
            request.user = SimpleLazyObject(lambda: AnonymousUser() if pending_step(user) else user)
        return self.get_response(request)
