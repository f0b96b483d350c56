"""`/kantor/instansi-cari/?q=&report=<code>`: the htmx institution picker with routing suggestions."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from aduan.backoffice import routing
from aduan.backoffice.access import staff_required, viewer_of
from aduan.backoffice.views.report import staff_report

FIELDS = {"institution", "proposal"}
MAX_Q = 100


def _matches(q: str, *texts: str) -> bool:
    needle = q.casefold()
    return not needle or any(needle in (text or "").casefold() for text in texts)


@require_GET
@staff_required
def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:MAX_Q]
    field = request.GET.get("field", "institution")
    field = field if field in FIELDS else "institution"
    suggestions: list[routing.Suggestion] = []
    code = request.GET.get("report", "").strip()
    if code:
        report = staff_report(viewer_of(request), code)
        suggestions = [
            s
            for s in routing.suggest(report)
            if _matches(q, s.institution.name, s.institution.short_name, s.institution.code)
        ]
    suggested = {s.institution.pk for s in suggestions}
    results = [inst for inst in routing.search(q) if inst.pk not in suggested]
    return render(
        request,
        "backoffice/institution_results.html",
        {"suggestions": suggestions, "results": results, "q": q, "field": field},
    )
