"""Public pages. For now the home page; the citizen's site comes with the web issue."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from aduan.reports.models import Status
from aduan.reports.visibility import public_reports


def home(request: HttpRequest) -> HttpResponse:
    counts = dict(public_reports().values_list("status").annotate(n=Count("pk")).order_by())
    figures = {
        "public": sum(counts.values()),
        "in_progress": sum(counts.get(s, 0) for s in (Status.DISPOSITIONED, Status.IN_PROGRESS, Status.RESPONDED)),
        "completed": counts.get(Status.COMPLETED, 0),
    }
    return render(request, "public/home.html", {"figures": figures})
