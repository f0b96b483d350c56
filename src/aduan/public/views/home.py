"""`/`: how to report, headline figures, the latest answered reports."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from aduan.public import figures, listing
from aduan.public.channels import channels
from aduan.reports.visibility import public_reports

LATEST = 5


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    reports = public_reports()
    answered = listing.for_rows(reports.filter(responded_at__isnull=False)).order_by("-responded_at", "-pk")[:LATEST]
    return render(
        request,
        "public/home.html",
        {
            "figures": figures.headline(reports),
            "channels": channels(),
            "answered": listing.rows(answered),
        },
    )
