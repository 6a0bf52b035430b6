"""Two-factor sign-in for staff: after the admin's password, a 6-digit code from an authenticator app (django-otp).

Who gives a code: every member of staff when ADMIN_REQUIRE_2FA is on; otherwise those who chose to set up an app.
Until they have given it, a member of staff signed in with a password reaches one admin page only, the code page
(or, with no app yet, the set-up page), and logging out; the public site treats them as a visitor (no drafts).
A code is checked against the user's one confirmed TOTP device: never twice, and after a wrong one django-otp
makes them wait 1, 2, 4... seconds. A right code marks the session verified, under a new session key.
"""

import base64
import math
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.generic import FormView
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..middleware.two_factor import confirmed_device

app_name = "two_factor"


class CodeForm(forms.Form):
    code = forms.CharField(
        label="6-digit code",
        max_length=20,
        help_text="The code your authenticator app shows now. It changes every 30 seconds.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 10}
        ),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        # One check at a time per device, so a code is never accepted twice and every wrong one is counted.
        # The errors are raised after the transaction: a wrong code's count must be kept, not rolled back.
        with transaction.atomic():
            device = TOTPDevice.objects.select_for_update().get(pk=self.device.pk)
            allowed, throttle = device.verify_is_allowed()
            verified = allowed and device.verify_token(code)
        if not allowed:
            seconds = math.ceil((throttle["locked_until"] - timezone.now()).total_seconds())
            raise forms.ValidationError(
                f"Too many wrong codes in a row. Wait {max(seconds, 1)} seconds, then enter the code your app shows."
            )
        if not verified:
            raise forms.ValidationError("That code is not right, or has expired. Enter the code your app shows now.")
        self.device = device
        return code


class ReplaceForm(CodeForm):
    """Replacing the app that guards an account: the new app's code, and the account's password, so a session
    left open on a shared computer cannot hand the account to someone else's phone."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Replacing your authenticator app needs your password too.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise forms.ValidationError("That is not your password.")
        return self.cleaned_data["password"]


@method_decorator(staff_member_required, name="dispatch")
@method_decorator(never_cache, name="dispatch")  # The enrolment page shows the secret and its QR code.
class SecondFactorView(FormView):
    """A page of the admin that asks for a code from the device `get_device()` names."""

    form_class = CodeForm
    title = ""
    other_step = ""  # The page to go to instead when get_device() returns None.

    def dispatch(self, request, *args, **kwargs):
        self.device = self.get_device()
        if self.device is None:
            return redirect(f"{reverse(self.other_step)}?{urlencode({'next': self.get_success_url()})}")
        return super().dispatch(request, *args, **kwargs)

    def get_device(self):
        raise NotImplementedError

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "device": self.device}

    def get_context_data(self, **kwargs):
        # The admin's header and user links, without its list of models: a password-only session sees none.
        context = {**admin.site.each_context(self.request), "is_nav_sidebar_enabled": False, "title": self.title}
        return super().get_context_data(**context, **kwargs)

    def form_valid(self, form):
        self.request.session.cycle_key()  # The session now opens the admin: a key seen before must not.
        otp_login(self.request, form.device)
        return redirect(self.get_success_url())

    def get_success_url(self):
        next_url = self.request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return next_url
        return reverse("admin:index")


class VerifyView(SecondFactorView):
    template_name = "admin/two_factor/verify.html"
    title = "Enter your 6-digit code"
    other_step = "two_factor:enrol"  # No app set up yet.

    def get_device(self):
        return confirmed_device(self.request.user)


class EnrolView(SecondFactorView):
    """Set up an authenticator app: it counts once it has given one right code, and then replaces any older one."""

    template_name = "admin/two_factor/enrol.html"
    title = "Set up your authenticator app"
    other_step = "two_factor:verify"

    def get_device(self):
        user = self.request.user
        if not user.is_verified() and confirmed_device(user):
            return None  # A password alone must never replace the app that guards the account.
        # The same secret on every visit until it is confirmed, so a reload never invalidates a scanned code.
        unconfirmed = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
        return unconfirmed or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)

    def get_form_class(self):
        return ReplaceForm if confirmed_device(self.request.user) else CodeForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.get_form_class() is ReplaceForm:
            kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        secret = base64.b32encode(self.device.bin_key).decode()
        qr_code = qrcode.make(self.device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage)
        return super().get_context_data(
            # qrcode writes the SVG from our own data, with presentation attributes only (no style: CSP-safe).
            qr_svg=mark_safe(qr_code.to_string(encoding="unicode")),  # noqa: S308
            secret_groups=[secret[i : i + 4] for i in range(0, len(secret), 4)],
            has_device=confirmed_device(self.request.user) is not None,
            **kwargs,
        )

    def form_valid(self, form):
        device = form.device
        with transaction.atomic():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            # A lost or replaced phone stops opening the admin the moment the new one is confirmed.
            TOTPDevice.objects.devices_for_user(device.user).exclude(pk=device.pk).delete()
        messages.success(
            self.request, "Your authenticator app is set up. You will need its code each time you sign in."
        )
        return super().form_valid(form)


urlpatterns = [
    path("", VerifyView.as_view(), name="verify"),
    path("set-up/", EnrolView.as_view(), name="enrol"),
]
