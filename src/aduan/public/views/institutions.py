"""`/instansi/<slug>/`: an institution, its units, and figures over the public reports it holds."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from aduan.institutions.models import Institution
from aduan.public import listing
from aduan.reports.models import Report
from aduan.reports.visibility import public_reports
from aduan.stats.views import institution_figures

LATEST = 10


def held_by(institution: Institution) -> QuerySet[Report]:
    """Public reports held now by the institution or anything below it (a unit holds a report beside the
    institution that sent it on). The same set as `/laporan/?instansi=<code>`."""
    path = institution.path
    return public_reports().filter(Q(institution__path__startswith=path) | Q(unit__path__startswith=path))


@require_safe
def institution(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(Institution.objects.select_related("parent", "region"), slug=slug)
    below = list(Institution.objects.filter(parent=found, active=True).order_by("name").only("name", "slug", "kind"))
    reports = held_by(found)
    latest = listing.for_rows(reports).order_by("-submitted_at", "-pk")[:LATEST]
    return render(
        request,
        "public/institution.html",
        {
            "institution": found,
            "units": [i for i in below if i.kind == Institution.Kind.UNIT],
            "children": [i for i in below if i.kind != Institution.Kind.UNIT],
            # Figures from the statistics' aggregates (aduan.stats), not a scan of the institution's reports.
            **institution_figures(found),
            "latest": listing.rows(latest),
        },
    )
