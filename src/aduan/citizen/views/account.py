"""Citizen accounts: `/saya/` (my reports) and `/daftar/` (sign up, then claim the reports this browser
just sent without an account)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from aduan.citizen import session
from aduan.citizen.signup_form import SignupForm
from aduan.reports import lifecycle, visibility
from aduan.reports.actors import Actor
from aduan.reports.errors import LifecycleError

PER_PAGE = 20
BACKEND = "django.contrib.auth.backends.ModelBackend"


@require_GET
@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    reports = (
        visibility.reports_for(request.user)
        .filter(reporter_user=request.user)
        .select_related("category")
        .order_by("-submitted_at", "-pk")
    )
    page = Paginator(reports, PER_PAGE).get_page(request.GET.get("halaman"))
    return render(request, "citizen/my_reports.html", {"page": page})


def claim_sent_reports(request: HttpRequest, user: object) -> list[str]:
    """Link the reports this session sent without an account to `user`; returns their codes."""
    claimed = []
    for record in session.with_tokens(request):
        try:
            lifecycle.claim(Actor.reporter_with_token(record.token), record.code, user=user)
        except LifecycleError:
            continue  # already linked to an account, or no longer this session's to claim
        session.forget_token(request, record.code)
        claimed.append(record.code)
    return claimed


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("/saya/")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend=BACKEND)
        claimed = claim_sent_reports(request, user)
        messages.success(request, _("Akun Anda sudah dibuat dan Anda sudah masuk."))
        if claimed:
            messages.success(
                request,
                _("Laporan %(codes)s kini terhubung dengan akun Anda.") % {"codes": ", ".join(claimed)},
            )
            return redirect(f"/lacak/{claimed[-1]}/")
        return redirect("/saya/")
    pending = [record.code for record in session.with_tokens(request)]
    return render(
        request, "citizen/signup.html", {"form": form, "pending": pending}, status=400 if form.errors else 200
    )
