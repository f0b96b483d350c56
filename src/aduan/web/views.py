"""Pages and fragments shared by every part of the site: sign-in, sign-out, the region picker."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from aduan.institutions.models import Region

MAX_CODE = 13


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # Reports this browser just sent without an account now belong to the account.
        from aduan.citizen.views.account import claim_sent_reports

        claim_sent_reports(self.request, form.get_user())
        return response

    def get_success_url(self) -> str:
        # Staff with a TOTP device (or who must enrol one) go through the second step first.
        from aduan.backoffice.access import after_login_url

        return after_login_url(self.request, super().get_success_url())


class LogoutView(auth_views.LogoutView):
    pass


@require_GET
@cache_control(public=True, max_age=86400)
def regions(request: HttpRequest) -> HttpResponse:
    """Children of a region (`?induk=33.26`), or the provinces without it: <option>s for htmx, JSON otherwise."""
    parent = request.GET.get("induk", "").strip()[:MAX_CODE]
    rows = Region.objects.filter(parent_id=parent or None).order_by("code").values_list("code", "name")
    if request.headers.get("HX-Request") or request.GET.get("format") == "html":
        return render(request, "web/region_options.html", {"rows": rows, "parent": parent})
    return JsonResponse({"parent": parent or None, "regions": [{"code": c, "name": n} for c, n in rows]})
