"""`/laporan/` (the public list) and `/laporan/<code>/` (one public report)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from aduan.institutions.models import Region
from aduan.public import listing
from aduan.public.access import public_report
from aduan.public.clock import running_deadline
from aduan.public.filters import ReportFilter, paginate
from aduan.public.labels import status_label
from aduan.public.timeline import latest_response, public_timeline
from aduan.reports.models import ClosedHow, Status
from aduan.reports.states import OPEN
from aduan.reports.visibility import public_attachments, public_reports, public_text
from aduan.search.listing import highlighted


@require_safe
def report_list(request: HttpRequest) -> HttpResponse:
    form = ReportFilter(request.GET)
    form.is_valid()
    criteria = form.criteria()
    reports = criteria.apply(listing.for_rows(public_reports()))
    page, page_message = paginate(reports, request.GET.get("halaman"))
    found = list(page.object_list)
    rows = listing.rows(found)
    if criteria.search is not None:
        rows = highlighted(rows, found, criteria.search)
    return render(
        request,
        "public/report_list.html",
        {
            "form": form,
            "criteria": criteria,
            "page": page,
            "rows": rows,
            "page_message": page_message,
            "notices": form.notices,
            "base_query": urlencode({k: v for k, v in getattr(form, "cleaned_data", {}).items() if v}),
        },
    )


@require_safe
def report_detail(request: HttpRequest, code: str) -> HttpResponse:
    report = public_report(code)
    if report is None:
        raise Http404
    if code != report.code:
        return redirect("public-report", code=report.code, permanent=True)
    title, body = public_text(report)
    lines = public_timeline(report)
    places = (
        list(Region.objects.filter(code__in=report.region.ancestor_codes()).order_by("-level"))
        if report.region_id
        else []
    )
    attachments = list(public_attachments(report))
    return render(
        request,
        "public/report_detail.html",
        {
            "report": report,
            "title": title,
            "body": body,
            "status_label": status_label(report.status, verified=True),
            "closed_how": ClosedHow(report.closed_how).label if report.closed_how else "",
            "deadline": running_deadline(report),
            "timeline": lines,
            "response": latest_response(lines),
            "places": places,
            "images": [a for a in attachments if a.content_type.startswith("image/")],
            "files": [a for a in attachments if not a.content_type.startswith("image/")],
            "supportable": report.status in OPEN,
            "completed": report.status == Status.COMPLETED,
        },
    )
