"""`/statistik/`: national figures over the public reports, as captioned tables."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from aduan.public import figures
from aduan.reports.visibility import public_reports


@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    reports = public_reports()
    return render(
        request,
        "public/statistics.html",
        {
            "figures": figures.headline(reports),
            "by_status": figures.by_status(reports),
            "by_classification": figures.by_classification(reports),
            "institutions": figures.top_institutions(reports),
            "categories": figures.top_categories(reports),
            "timeliness": figures.timeliness(reports),
        },
    )
