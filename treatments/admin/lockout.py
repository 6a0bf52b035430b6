"""Repeated wrong passwords (django-axes): the page a locked-out sign-in gets, and releasing a lock in the admin.

A lock holds one username from one address (AXES_LOCKOUT_PARAMETERS), so a guesser can lock out neither the
whole clinic nor one colleague everywhere. One address that fails ADMIN_ADDRESS_FAILURE_LIMIT times across any
usernames (password spraying: a few guesses at many accounts) is locked as a whole (AddressLimitHandler).
Releasing is for superusers only: no role is given it, because the front desk, who answer the phone, are the
easiest people to talk into unlocking an account for a stranger, and a lock lifts by itself after
ADMIN_LOCKOUT_MINUTES anyway.
"""

import math
from http import HTTPStatus

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from ..seo.page import Page


class AddressLimitHandler(AxesDatabaseHandler):
    """AXES_HANDLER: axes' own locks, and one address locked once its failures across every username reach
    ADMIN_ADDRESS_FAILURE_LIMIT within the cool-off."""

    def is_locked(self, request, credentials=None):
        return super().is_locked(request, credentials) or address_locked(request)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not getattr(request, "axes_locked_out", False) and address_locked(request):
            request.axes_locked_out = True  # The middleware answers with the lockout page.


def address_locked(request):
    return address_failures(request) >= settings.ADMIN_ADDRESS_FAILURE_LIMIT


def address_failures(request):
    since = timezone.now() - get_cool_off(request)
    attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address, attempt_time__gte=since)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def lockout_page(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: what happened, how long to wait and whom to call, in the site's design."""
    wait = get_cool_off(request)
    response = render(
        request,
        "429_locked_out.html",
        {"page": Page("Too many sign-in attempts", indexed=False), "minutes": math.ceil(wait.total_seconds() / 60)},
        status=HTTPStatus.TOO_MANY_REQUESTS,
    )
    response["Retry-After"] = str(int(wait.total_seconds()))
    add_never_cache_headers(response)
    return response


@admin.register(AccessAttempt)
class LockoutAdmin(AccessAttemptAdmin):
    """Axes' list of failed sign-ins ("Locked Out" once at the limit), with a plainly named way to release them."""

    actions = [*AccessAttemptAdmin.actions, "release"]

    @admin.action(description="Release: let them sign in again now", permissions=["delete"])
    def release(self, request, queryset):
        released = queryset.count()
        queryset.delete()
        self.message_user(request, f"Released {released} lock{'s' if released != 1 else ''}.", messages.SUCCESS)


# Who signed in when, and from where: for looking into a lockout or an account someone else used.
admin.site.register(AccessLog, AccessLogAdmin)
admin.site.register(AccessFailureLog, AccessFailureLogAdmin)
