"""Repeated wrong passwords (django-axes): the page a locked-out sign-in gets, and releasing a lock in the admin.

A lock holds one username from one address (AXES_LOCKOUT_PARAMETERS), so a guesser can lock out neither the
whole clinic nor one colleague everywhere. Releasing is for superusers only: no role is given it, because the
front desk, who answer the phone, are the easiest people to talk into unlocking an account for a stranger,
and a lock lifts by itself after ADMIN_LOCKOUT_MINUTES anyway.
"""

import math
from http import HTTPStatus

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.helpers import get_cool_off
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from ..seo.page import Page


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
