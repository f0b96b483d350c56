"""Who may open the back office: staff (anyone with a membership), with their second factor confirmed."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache

from aduan.backoffice import twofactor
from aduan.reports.visibility import Viewer

View = Callable[..., HttpResponse]


def viewer_of(request: HttpRequest) -> Viewer:
    """The signed-in person's roles, loaded once per request."""
    viewer = getattr(request, "_backoffice_viewer", None)
    if viewer is None:
        viewer = Viewer(request.user)
        request._backoffice_viewer = viewer  # type: ignore[attr-defined]
    return viewer


def second_factor_missing(request: HttpRequest) -> str | None:
    """Where to send a staff member whose second factor is still owed, or None when nothing is owed."""
    user = request.user
    if twofactor.has_confirmed_device(user):
        # Right after sign-in, request.user is the freshly authenticated user, which OTPMiddleware has
        # not yet wrapped: no is_verified() means not verified.
        if not getattr(user, "is_verified", lambda: False)():
            return reverse("backoffice:otp_verify")
        return None
    if settings.ADUAN_REQUIRE_2FA:
        return reverse("backoffice:otp_setup")
    return None


def staff_required(view: View | None = None, *, second_factor: bool = True) -> Any:
    """Signed in (else to /masuk/), a staff member (else 403), and — unless `second_factor` is False —
    verified by TOTP when the person has a device or the instance requires one."""

    def decorate(func: View) -> View:
        @wraps(func)
        @never_cache
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not viewer_of(request).is_staff_member:
                return render(request, "backoffice/forbidden.html", status=403)
            if second_factor:
                target = second_factor_missing(request)
                if target:
                    return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
            return func(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate


def safe_next(request: HttpRequest, default: str = "/kantor/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def staff_session_verified(request: HttpRequest) -> bool:
    """For other apps that grant staff rights outside /kantor/ (e.g. attachment downloads): a staff
    member counts as staff only once any second factor owed has been given."""
    return (
        request.user.is_authenticated and viewer_of(request).is_staff_member and second_factor_missing(request) is None
    )


def after_login_url(request: HttpRequest, next_url: str) -> str:
    """Where the sign-in page should send someone who just gave the right password: to the TOTP step
    first when they have a device (or must enrol one), then on to `next_url`."""
    if not request.user.is_authenticated or not viewer_of(request).is_staff_member:
        return next_url
    target = second_factor_missing(request)
    return f"{target}?{urlencode({'next': next_url})}" if target else next_url
