"""`/kantor/akun/2fa/` (TOTP enrolment) and `/kantor/akun/verifikasi/` (the login's second step)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp.plugins.otp_totp.models import TOTPDevice

from aduan.backoffice import twofactor
from aduan.backoffice.access import safe_next, staff_required


@staff_required(second_factor=False)
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol a TOTP device; with one already confirmed, show it (and allow removing it with a code)."""
    user = request.user
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    if confirmed and not user.is_verified():  # type: ignore[union-attr]
        # Changing the second factor needs the second factor.
        return redirect(f"{reverse('backoffice:otp_verify')}?{urlencode({'next': request.path})}")
    if confirmed:
        error = ""
        if request.method == "POST" and request.POST.get("remove"):
            error = twofactor.verify(request, request.POST.get("otp_token", ""))
            if not error:
                TOTPDevice.objects.filter(user=user).delete()
                messages.success(request, _("Verifikasi dua langkah dinonaktifkan."))
                return redirect("backoffice:otp_setup")
        return render(
            request, "backoffice/otp_setup.html", {"confirmed": True, "error": error}, status=400 if error else 200
        )
    device = twofactor.pending_device(user)
    error = ""
    if request.method == "POST":
        error = twofactor.confirm(request, device, request.POST.get("otp_token", ""))
        if not error:
            messages.success(request, _("Verifikasi dua langkah aktif. Setiap kali masuk, Anda akan diminta kodenya."))
            return redirect(safe_next(request))
    return render(
        request,
        "backoffice/otp_setup.html",
        {
            "confirmed": False,
            "qr": twofactor.qr_svg(device),
            "secret": twofactor.secret_text(device),
            "next": safe_next(request),
            "error": error,
        },
        status=400 if error else 200,
    )


@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    """Ask for the 6-digit code of a signed-in person's authenticator app, then continue."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    target = safe_next(request)
    if request.user.is_verified() or not twofactor.has_confirmed_device(request.user):  # type: ignore[union-attr]
        return redirect(target)
    error = ""
    if request.method == "POST":
        error = twofactor.verify(request, request.POST.get("otp_token", ""))
        if not error:
            return redirect(target)
    return render(request, "backoffice/otp_verify.html", {"next": target, "error": error}, status=400 if error else 200)
